import type { KeyObject } from 'node:crypto';
import { KakouError } from '../errors.js';
import type { SnapshotMeta, SnapshotStore, Staging } from '../storage/snapshot-store.js';
import { decodeRecordRaw, type SnapHeader } from './format.js';
import { readSnapshot, trailerVerifies } from './reader.js';

export interface ImportOptions {
  /** Issuer keys this node trusts, by key id. */
  trustedKeys: ReadonlyMap<string, KeyObject>;
  now: number;
  source: string;
  /** The id of the driver-id key this node holds (driverIdKeyId), or null: then drivers are not kept. */
  driverIdKeyId: string | null;
  /** Called every few thousand records and at the end. */
  onProgress?: (p: { bytes: number; records: number; done: boolean }) => void;
}

const YIELD_EVERY = 20_000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function checkHeader(h: SnapHeader, current: SnapshotMeta | null, opts: ImportOptions): KeyObject {
  if (h.format !== 1) throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `snapshot format ${h.format} is not supported`);
  const key = opts.trustedKeys.get(h.issuerKeyId);
  if (!key)
    throw new KakouError('KAKOU_E_SNAPSHOT_UNTRUSTED_KEY', undefined, [
      `issuer key ${h.issuerKeyId || '(none)'} is not in snapshot.trustedKeys`,
    ]);
  if (h.validUntilMs <= opts.now)
    throw new KakouError('KAKOU_E_SNAPSHOT_EXPIRED', undefined, [
      `valid until ${new Date(h.validUntilMs).toISOString()}`,
    ]);
  const inForce = current?.version ?? 0;
  if (h.version <= inForce)
    throw new KakouError('KAKOU_E_SNAPSHOT_OLDER', undefined, [`version ${h.version}, in force ${inForce}`]);
  if (h.baseVersion !== 0 && h.baseVersion !== inForce) {
    throw new KakouError('KAKOU_E_SNAPSHOT_BASE', undefined, [
      `delta on version ${h.baseVersion}, in force ${inForce}`,
    ]);
  }
  if (h.baseVersion >= h.version)
    throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `base version ${h.baseVersion} is not below version ${h.version}`);
  return key;
}

/**
 * Whether to keep a driver record. Drivers must be keyed with the provincial driver-id key (a
 * plain hash of an ID number gives the number back) and with the key this node holds, or it
 * could never match one; a node without a key (a maritime checkpoint) leaves them out.
 */
function keepDriver(h: SnapHeader, nodeKeyId: string | null): boolean {
  if (h.driverIdKeyId === '')
    throw new KakouError('KAKOU_E_SNAPSHOT_DRIVER_KEY', undefined, [
      'drivers are not hashed with a provincial driver-id key',
    ]);
  if (nodeKeyId === null) return false;
  if (h.driverIdKeyId !== nodeKeyId)
    throw new KakouError('KAKOU_E_SNAPSHOT_DRIVER_KEY', undefined, [
      `drivers are hashed with key ${h.driverIdKeyId}; this node holds ${nodeKeyId} (snapshot.driverIdKey)`,
    ]);
  return true;
}

/**
 * Streams a signed snapshot into staging and applies it atomically. The header is checked first
 * (trusted issuer, validity, version order, delta base); records are staged as they arrive; the
 * trailer's count, digest and signature are checked last, and only then does the snapshot replace
 * the one in force. Any failure, a crash included, leaves the snapshot in force untouched.
 */
export async function importSnapshot(
  store: SnapshotStore,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: ImportOptions,
): Promise<SnapshotMeta> {
  // Filled in by the header callback; an object, because narrowing does not follow closures.
  const run: { key?: KeyObject; staging?: Staging; header?: SnapHeader } = {};
  let lastYield = 0;
  try {
    const read = await readSnapshot(chunks, {
      header(h) {
        run.header = h;
        run.key = checkHeader(h, store.meta(), opts);
        run.staging = store.stage(h.baseVersion !== 0);
      },
      record(body) {
        const raw = decodeRecordRaw(body);
        if (raw.record === 'driver' && !keepDriver(run.header as SnapHeader, opts.driverIdKeyId)) return;
        if (!run.staging?.add(raw)) throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', 'a record has no known content');
      },
      async afterBatch(records, bytes) {
        if (records - lastYield < YIELD_EVERY) return;
        lastYield = records;
        opts.onProgress?.({ bytes, records, done: false });
        await yieldToLoop();
      },
    });
    if (!run.key || !run.staging || !trailerVerifies(run.key, read)) {
      throw new KakouError('KAKOU_E_SNAPSHOT_SIGNATURE', undefined, [
        `${read.records} records read, trailer says ${read.trailer.recordCount}`,
      ]);
    }
    const { header } = read;
    const meta: SnapshotMeta = {
      version: header.version,
      baseVersion: header.baseVersion,
      issuedAtMs: header.issuedAtMs,
      validUntilMs: header.validUntilMs,
      issuerKeyId: header.issuerKeyId,
      issuer: header.issuer,
      driverIdKeyId: header.driverIdKeyId,
      importedAtMs: opts.now,
      source: opts.source,
      recordCount: read.records,
      tag: `g${header.version}`,
    };
    run.staging.apply(meta);
    opts.onProgress?.({ bytes: read.bytes, records: read.records, done: true });
    return meta;
  } catch (err) {
    run.staging?.abort();
    throw err;
  }
}
