import type { Logger } from '../logger.js';
import type { AnchorPlan, ChainAnchorRepo, RestoreMark } from '../storage/chain-anchor-repo.js';
import type { UplinkClient } from './uplink-client.js';

/** The central's answer to GET /v1/nodes/{id}/watermark (sync/README.md, "Restoring a node"). */
export interface CentralWatermark {
  /** The highest seq stored for the node (0: none), and that record's hash. */
  highestSeq: number;
  highestHash: Buffer;
  /** Every record 1..contiguousSeq is stored. */
  contiguousSeq: number;
  /** Sequence numbers below highestSeq the central does not hold. */
  missing: Array<{ from: number; to: number }>;
  /** False when `missing` was cut short: anything above contiguousSeq may then be missing. */
  missingComplete: boolean;
}

const within = (seq: number, ranges: ReadonlyArray<{ from: number; to: number }>) =>
  ranges.some((g) => seq >= g.from && seq <= g.to);

/**
 * Where a restored node's chain goes on. The backup holds records 1..B; the central may hold more
 * (the lost node went on after the backup: up to H). The chain continues after the later of the
 * two heads, with a marker linking to that head's hash; sequence numbers between B and H that the
 * central never received are gone with the lost disk, and the marker names them.
 */
export function anchorPlan(mark: RestoreMark, wm: CentralWatermark, nodeId: string, nowMs: number): AnchorPlan {
  const b = mark.backupHeadSeq;
  const centralAhead = wm.highestSeq >= b;
  const anchorSeq = centralAhead ? wm.highestSeq : b;
  const lost = centralAhead
    ? wm.missing.filter((g) => g.to > b).map((g) => ({ from: Math.max(g.from, b + 1), to: g.to }))
    : [];
  const payload = {
    id: `restore-${mark.restoredAtMs}`,
    nodeId,
    event: 'restored-from-backup',
    reason: 'the node database was restored from a backup; records made after the backup and never received are lost',
    restoredAt: new Date(mark.restoredAtMs).toISOString(),
    backupCreatedAt: mark.backupCreatedAt,
    backupHeadSeq: b,
    centralHighestSeq: wm.highestSeq,
    lost,
    lostComplete: wm.missingComplete,
  };
  return {
    held: (seq) =>
      seq <= wm.highestSeq && (seq <= wm.contiguousSeq || (wm.missingComplete && !within(seq, wm.missing))),
    anchorSeq,
    anchorHash: centralAhead && wm.highestSeq > 0 ? wm.highestHash : Buffer.from(mark.backupHeadHash, 'hex'),
    marker: {
      kind: 'restore',
      idempotencyKey: `${nodeId}:restore:${mark.restoredAtMs}`,
      lane: 0,
      payload: JSON.stringify(payload),
      createdAtMs: nowMs,
    },
  };
}

/** The uplink's step after a restore: ask the central where the chain stands, then continue after it. */
export class RestoreAnchor {
  constructor(
    private readonly repo: ChainAnchorRepo,
    private readonly nodeId: string,
    private readonly signed: (path: string) => Record<string, string>,
    private readonly log: Logger,
  ) {}

  pending(): RestoreMark | null {
    return this.repo.pending();
  }

  /** Asks the central for its watermark and re-anchors; nothing is sent before this succeeds. */
  async settle(client: UplinkClient, now: () => number): Promise<void> {
    const mark = this.repo.pending();
    if (!mark) return;
    this.apply(mark, await client.watermark(this.nodeId, this.signed), now());
  }

  apply(mark: RestoreMark, wm: CentralWatermark, nowMs: number): void {
    const plan = anchorPlan(mark, wm, this.nodeId, nowMs);
    const done = this.repo.reanchor(mark, plan);
    this.log.warn(
      {
        backupHeadSeq: mark.backupHeadSeq,
        centralHighestSeq: wm.highestSeq,
        markerSeq: done.markerSeq,
        alreadyHeld: done.dropped,
        renumbered: done.renumbered,
      },
      'restored node re-anchored its chain after the central watermark',
    );
  }
}
