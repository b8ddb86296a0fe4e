import type { CentralStore, Gap } from '../domain/central-store.js';

/** A node's restore from a backup, as its marker record told the central. */
export interface RestoreReport {
  seq: number;
  restoredAt: string;
  backupCreatedAt: string;
  backupHeadSeq: number;
  centralHighestSeq: number;
  /** Sequence numbers the lost node made after the backup that never arrived: known, not concealed. */
  lost: Array<{ from: number; to: number }>;
}

interface MarkerPayload extends Omit<RestoreReport, 'seq'> {
  id: string;
}

/** Restore markers are rare; a report reads this many at most. */
const MAX_RESTORES = 100;

/**
 * Splits the central's gaps into those a restore marker explains (records lost with the node's
 * disk after its last backup, each with the reason) and the rest, which stay possible concealment.
 */
export async function restoreGaps(
  store: CentralStore,
  nodeId: string,
  gaps: readonly Gap[],
): Promise<{ restores: RestoreReport[]; gaps: Gap[]; knownGaps: Array<Gap & { reason: string; markerSeq: number }> }> {
  const restores: RestoreReport[] = [];
  for (const text of await store.payloads(nodeId, 'restore', MAX_RESTORES)) {
    try {
      const p = JSON.parse(text) as MarkerPayload;
      const seq = await markerSeq(store, nodeId, p.id);
      restores.push({
        seq,
        restoredAt: p.restoredAt,
        backupCreatedAt: p.backupCreatedAt,
        backupHeadSeq: p.backupHeadSeq,
        centralHighestSeq: p.centralHighestSeq,
        lost: p.lost,
      });
    } catch {
      // A marker is validated on arrival; one that cannot be read explains nothing.
    }
  }
  restores.sort((a, b) => a.seq - b.seq);
  const open: Gap[] = [];
  const known: Array<Gap & { reason: string; markerSeq: number }> = [];
  for (const g of gaps) {
    const by = restores.find((r) => r.lost.some((l) => g.from >= l.from && g.to <= l.to));
    if (by)
      known.push({
        from: g.from,
        to: g.to,
        reason: `restored from the backup of ${by.backupCreatedAt} at ${by.restoredAt}: records made after it were lost with the node's data`,
        markerSeq: by.seq,
      });
    else open.push(g);
  }
  return { restores, gaps: open, knownGaps: known };
}

async function markerSeq(store: CentralStore, nodeId: string, id: string): Promise<number> {
  const seqs = await store.seqsByKey(nodeId, [`${nodeId}:restore:${id.replace(/^restore-/, '')}`]);
  return seqs.values().next().value ?? 0;
}
