import type { KeyObject } from 'node:crypto';
import { decodeRecord, type SnapHeader, type SnapRecord } from './format.js';
import { readSnapshot, trailerVerifies } from './reader.js';

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
export async function summarise(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  keys?: ReadonlyMap<string, KeyObject>,
): Promise<SnapshotSummary> {
  const byKind: Record<string, number> = {};
  const grades: Record<string, number> = {};
  const lists: Record<string, number> = {};
  const bump = (o: Record<string, number>, k: string) => {
    o[k] = (o[k] ?? 0) + 1;
  };
  const read = await readSnapshot(chunks, {
    header: () => undefined,
    record(body) {
      const r = decodeRecord(body) as Record<string, { grade?: string; list?: string; status?: string }> & SnapRecord;
      const kind = Object.keys(r)[0] as string;
      bump(byKind, kind);
      const g = r[kind]?.grade;
      if (g && g !== 'GRADE_UNSPECIFIED') bump(grades, `${kind}:${g}`);
      if (kind === 'listEntry') bump(lists, `${r[kind]?.list}:${r[kind]?.status}`);
    },
  });
  const key = keys?.get(read.header.issuerKeyId);
  return {
    header: read.header,
    records: read.records,
    bytes: read.bytes,
    byKind,
    grades,
    lists,
    signatureValid: key ? trailerVerifies(key, read) : null,
  };
}
