import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { DeliveredRepo, RefillOutcome, SeqRange } from '../storage/delivered-repo.js';
import type { CentralWatermark } from './restore-anchor.js';
import type { UplinkClient } from './uplink-client.js';

/** The ranges of sequence numbers above its contiguous watermark that a central does not hold. */
export function notHeld(wm: CentralWatermark): SeqRange[] {
  const open = { from: wm.highestSeq + 1, to: Number.MAX_SAFE_INTEGER };
  // Cut short, the missing list cannot be trusted past its end: everything above contiguous goes again.
  if (!wm.missingComplete) return [{ from: wm.contiguousSeq + 1, to: Number.MAX_SAFE_INTEGER }];
  return [...wm.missing.filter((g) => g.to > wm.contiguousSeq), open];
}

/**
 * A central restored from an older backup holds less than it acknowledged (sync/README.md, "A
 * central restored from a backup"). The node sees it in an acknowledgement whose watermark went
 * back, or in the watermark it reads now and then while idle; it then asks where the central
 * stands and sends again, from its archive of delivered records, everything the central lacks.
 */
export class CentralRefill {
  private lastCheckMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly repo: DeliveredRepo,
    private readonly nodeId: string,
    private readonly signed: (path: string) => Record<string, string>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly counted: (outcome: RefillOutcome) => void,
    /** How often an idle node reads the central's watermark to notice a loss with no batch to show it. */
    private readonly checkEveryMs = 15 * 60_000,
  ) {}

  due(): boolean {
    return this.repo.refillDue();
  }

  /** An acknowledgement's watermark went back from `before` to `now`: a refill is owed (kept across restarts). */
  regressed(before: number, now: number): void {
    this.repo.markRefillDue();
    this.log.error(
      { acknowledgedBefore: before, acknowledgedNow: now },
      'the central holds less than it acknowledged (restored from an older backup?); sending again what it lacks',
    );
  }

  /** Asks the central where the chain stands and requeues what it lacks. */
  async settle(client: UplinkClient): Promise<void> {
    this.apply(await client.watermark(this.nodeId, this.signed));
  }

  /** While idle, now and then: a central that lost records is noticed even when nothing new is sent. */
  async checkIdle(client: UplinkClient): Promise<void> {
    const now = this.clock.now();
    if (now - this.lastCheckMs < this.checkEveryMs || this.repo.centralAcked() === 0) return;
    this.lastCheckMs = now;
    const wm = await client.watermark(this.nodeId, this.signed);
    if (wm.contiguousSeq < this.repo.centralAcked()) {
      this.regressed(this.repo.centralAcked(), wm.contiguousSeq);
      this.apply(wm);
    }
  }

  private apply(wm: CentralWatermark): void {
    const before = this.repo.centralAcked();
    const outcome = this.repo.requeue(notHeld(wm), before, wm.contiguousSeq);
    this.counted(outcome);
    const at = { centralContiguous: wm.contiguousSeq, centralHighest: wm.highestSeq, acknowledgedBefore: before };
    if (outcome.unrecoverable > 0)
      this.log.error(
        { ...at, ...outcome },
        'some records the central lost are past sync.refillDays and cannot be sent again: they stay gaps at the central',
      );
    else this.log.warn({ ...at, ...outcome }, 'records the central lost are queued to be sent again');
  }
}
