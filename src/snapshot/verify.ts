import { createHash, type KeyObject } from 'node:crypto';
import { KakouError } from '../errors.js';
import { verifyBytes } from '../sync/signing.js';
import { decodeHeader, decodeRecord, decodeTrailer, frameBody, frames, signedMessage, SnapshotFormatError, type SnapHeader, type SnapRecord } from './format.js';

export interface SnapshotSummary {
  header: SnapHeader;
  records: number;
  bytes: number;
  byKind: Record<string, number>;
  grades: Record<string, number>;
  lists: Record<string, number>;
  signatureValid: boolean | null;
}

/**
 * Reads a snapshot without importing it: counts records by kind, grade and list, and checks the
 * trailer's count, digest and signature when the issuer's key is given.
 */
export async function summarise(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, keys?: ReadonlyMap<string, KeyObject>): Promise<SnapshotSummary> {
  let header: SnapHeader | null = null;
  let headerFrame: Buffer | null = null;
  let held: Buffer | null = null;
  let records = 0;
  let bytes = 0;
  const digest = createHash('sha256');
  const byKind: Record<string, number> = {};
  const grades: Record<string, number> = {};
  const lists: Record<string, number> = {};
  const bump = (o: Record<string, number>, k: string) => { o[k] = (o[k] ?? 0) + 1; };
  try {
    for await (const f of frames(chunks)) {
      bytes += f.length;
      if (!header) {
        headerFrame = Buffer.from(f);
        header = decodeHeader(frameBody(f));
        continue;
      }
      if (held) {
        digest.update(held);
        records++;
        const r = decodeRecord(frameBody(held)) as Record<string, { grade?: string; list?: string; status?: string }> & SnapRecord;
        const kind = Object.keys(r)[0] as string;
        bump(byKind, kind);
        const g = r[kind]?.grade;
        if (g && g !== 'GRADE_UNSPECIFIED') bump(grades, `${kind}:${g}`);
        if (kind === 'listEntry') bump(lists, `${r[kind]?.list}:${r[kind]?.status}`);
      }
      held = Buffer.from(f);
    }
  } catch (err) {
    throw err instanceof SnapshotFormatError ? new KakouError('KAKOU_E_SNAPSHOT_INVALID', err.message) : new KakouError('KAKOU_E_SNAPSHOT_INVALID', `cannot decode snapshot: ${(err as Error).message}`);
  }
  if (!header || !held || !headerFrame) throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', 'snapshot has no header or no trailer');
  const trailer = decodeTrailer(frameBody(held));
  const recordsSha256 = digest.digest();
  const key = keys?.get(header.issuerKeyId);
  const signatureValid = key
    ? trailer.recordCount === records && recordsSha256.equals(trailer.recordsSha256) && verifyBytes(key, signedMessage(headerFrame, recordsSha256, records), trailer.signature)
    : null;
  return { header, records, bytes, byKind, grades, lists, signatureValid };
}
