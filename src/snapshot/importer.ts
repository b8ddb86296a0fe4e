import { createHash, type KeyObject } from 'node:crypto';
import { KakouError } from '../errors.js';
import type { SnapshotMeta, SnapshotStore, Staging } from '../storage/snapshot-store.js';
import { verifyBytes } from '../sync/signing.js';
import { decodeHeader, decodeRecordRaw, decodeTrailer, frameBatches, frameBody, signedMessage, SnapshotFormatError, type SnapHeader } from './format.js';

export interface ImportOptions {
  /** Issuer keys this node trusts, by key id. */
  trustedKeys: ReadonlyMap<string, KeyObject>;
  now: number;
  source: string;
  /** Called every few thousand records and at the end. */
  onProgress?: (p: { bytes: number; records: number; done: boolean }) => void;
}

const YIELD_EVERY = 20_000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function checkHeader(h: SnapHeader, current: SnapshotMeta | null, opts: ImportOptions): KeyObject {
  if (h.format !== 1) throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `snapshot format ${h.format} is not supported`);
  const key = opts.trustedKeys.get(h.issuerKeyId);
  if (!key) throw new KakouError('KAKOU_E_SNAPSHOT_UNTRUSTED_KEY', undefined, [`issuer key ${h.issuerKeyId || '(none)'} is not in snapshot.trustedKeys`]);
  if (h.validUntilMs <= opts.now) throw new KakouError('KAKOU_E_SNAPSHOT_EXPIRED', undefined, [`valid until ${new Date(h.validUntilMs).toISOString()}`]);
  const inForce = current?.version ?? 0;
  if (h.version <= inForce) throw new KakouError('KAKOU_E_SNAPSHOT_OLDER', undefined, [`version ${h.version}, in force ${inForce}`]);
  if (h.baseVersion !== 0 && h.baseVersion !== inForce) {
    throw new KakouError('KAKOU_E_SNAPSHOT_BASE', undefined, [`delta on version ${h.baseVersion}, in force ${inForce}`]);
  }
  if (h.baseVersion >= h.version) throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `base version ${h.baseVersion} is not below version ${h.version}`);
  return key;
}

/**
 * Streams a signed snapshot into staging and applies it atomically. The header is checked first
 * (trusted issuer, validity, version order, delta base); records are staged as they arrive; the
 * trailer's count, digest and signature are checked last, and only then does the snapshot replace
 * the one in force. Any failure, a crash included, leaves the snapshot in force untouched.
 */
export async function importSnapshot(store: SnapshotStore, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: ImportOptions): Promise<SnapshotMeta> {
  let bytes = 0;
  const counted = (async function* () {
    for await (const c of chunks) {
      bytes += c.length;
      yield c;
    }
  })();
  let header: SnapHeader | null = null;
  let headerFrame: Buffer | null = null;
  let key: KeyObject | null = null;
  let staging: Staging | null = null;
  let held: Buffer | null = null;
  const digest = createHash('sha256');
  let records = 0;
  let lastYield = 0;
  try {
    for await (const batch of frameBatches(counted)) {
      for (const f of batch) {
        if (!header) {
          headerFrame = f;
          header = decodeHeader(frameBody(f));
          key = checkHeader(header, store.meta(), opts);
          staging = store.stage(header.baseVersion !== 0);
          continue;
        }
        // The last frame is the trailer, so each frame is processed when the next one arrives.
        if (held) {
          digest.update(held);
          if (!(staging as Staging).add(decodeRecordRaw(frameBody(held)))) throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `record ${records + 1} has no known content`);
          records++;
        }
        held = f;
      }
      if (records - lastYield >= YIELD_EVERY) {
        lastYield = records;
        opts.onProgress?.({ bytes, records, done: false });
        await yieldToLoop();
      }
    }
    if (!header || !held || !staging || !key || !headerFrame) throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', 'snapshot has no header or no trailer');
    const trailer = decodeTrailer(frameBody(held));
    const recordsSha256 = digest.digest();
    if (trailer.recordCount !== records || !recordsSha256.equals(trailer.recordsSha256)
        || !verifyBytes(key, signedMessage(headerFrame, recordsSha256, records), trailer.signature)) {
      throw new KakouError('KAKOU_E_SNAPSHOT_SIGNATURE', undefined, [`${records} records read, trailer says ${trailer.recordCount}`]);
    }
    const meta: SnapshotMeta = {
      version: header.version, baseVersion: header.baseVersion, issuedAtMs: header.issuedAtMs, validUntilMs: header.validUntilMs,
      issuerKeyId: header.issuerKeyId, issuer: header.issuer, importedAtMs: opts.now, source: opts.source, recordCount: records, tag: `g${header.version}`,
    };
    staging.apply(meta);
    opts.onProgress?.({ bytes, records, done: true });
    return meta;
  } catch (err) {
    staging?.abort();
    if (err instanceof KakouError) throw err;
    if (err instanceof SnapshotFormatError) throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', err.message);
    // A protobuf decoding error: the bytes are not what the format says they are.
    throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `cannot decode snapshot: ${(err as Error).message}`, [], { cause: err });
  }
}
