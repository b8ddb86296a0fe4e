import type { Logger } from '../logger.js';
import type { OutboxRepo } from '../storage/outbox-repo.js';
import type { UplinkError } from './uplink-client.js';

/**
 * A whole request refused for good (400: the central cannot read the batch; 413: it is too large)
 * would block the queue forever if it were simply retried. Instead the batch is halved until the
 * refused record stands alone, and a record refused alone becomes a dead letter (retired with a
 * tombstone, like any final refusal), so the rest of the queue flows on. After each acknowledged
 * batch the size grows back towards the configured one.
 */
export class BatchSizer {
  private current: number;

  constructor(private readonly max: number) {
    this.current = max;
  }

  get limit(): number {
    return this.current;
  }

  /** The central refused a batch of `n` records whole: true to try again with half, false when it was one record. */
  narrow(n: number): boolean {
    if (n <= 1) return false;
    this.current = Math.max(1, Math.ceil(n / 2));
    return true;
  }

  /** A batch was acknowledged: back towards the configured size. */
  widen(): void {
    this.current = Math.min(this.max, this.current * 2);
  }
}

/**
 * Answers to a whole request that sending the same bytes again can never change, when the central
 * itself says so with its code. A 413 or 400 without one (a proxy's page) may be a misconfiguration
 * that will be mended: batches are still halved, but a lone record is retried, not dead-lettered.
 */
export const FINAL_WHOLE_CODES: ReadonlySet<string> = new Set(['KAKOU_E_SYNC_BAD_BATCH', 'KAKOU_E_BODY_TOO_LARGE']);

export const isWholeRefusal = (status: number | undefined): boolean => status === 400 || status === 413;

/**
 * What a whole refusal of a batch of `seqs` leads to: a smaller batch next; the lone record
 * dead-lettered and retired (a tombstone refused too waits for an administrator); or, when the
 * answer is not the central's own final word, a retry with backoff like an outage.
 */
export function settleWholeRefusal(
  err: UplinkError,
  seqs: readonly number[],
  sizer: BatchSizer,
  repo: Pick<OutboxRepo, 'peek' | 'deadLetter' | 'retireDeadLetter' | 'tombstoneRefused'>,
  nowMs: number,
  log: Logger,
): 'narrowed' | 'dead-lettered' | 'retry' {
  if (sizer.narrow(seqs.length)) {
    log.warn(
      { status: err.status, code: err.code, records: seqs.length, next: sizer.limit },
      'central refused a whole batch; sending smaller batches to find the record it cannot take',
    );
    return 'narrowed';
  }
  if (!err.code || !FINAL_WHOLE_CODES.has(err.code)) return 'retry';
  const seq = seqs[0] as number;
  const reason = `the central refused the request carrying this record alone (HTTP ${err.status})`;
  const row = repo.peek(Math.max(1, sizer.limit)).find((r) => r.seq === seq);
  if (row?.retired) repo.tombstoneRefused(seq, err.code, reason, nowMs);
  else {
    repo.deadLetter(seq, err.code, reason, nowMs);
    repo.retireDeadLetter(seq, `${err.code}: ${reason}`, nowMs);
  }
  log.error({ seq, status: err.status, code: err.code }, 'central refused a record whole; dead-lettered and retired');
  return 'dead-lettered';
}
