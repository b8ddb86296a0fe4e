import type { Sqlite } from './database.js';
import { CENTRAL_ACKED } from './outbox-repo.js';

const DAY_MS = 86_400_000;
/** The columns a record keeps in the outbox and in the delivered archive alike. */
const RECORD_COLUMNS = `seq, kind, idempotency_key, lane, payload, payload_sha256, created_at_ms, clock_suspect, evicted,
  prev_hash, hash, retired, retired_reason`;
const REFILL_DUE = 'refill_due';

export interface SeqRange {
  from: number;
  to: number;
}

export interface RefillOutcome {
  /** Records moved back to the outbox, to be sent again. */
  requeued: number;
  /** Records the central had acknowledged, lost since, and no longer held here (past sync.refillDays). */
  unrecoverable: number;
}

/**
 * The archive of records the central acknowledged (sync/README.md, "A central restored from a
 * backup"): kept for sync.refillDays, so that a central which lost records it had stored gets them
 * back exactly as first sent. Telemetry is not kept.
 */
export class DeliveredRepo {
  constructor(private readonly db: Sqlite) {}

  private state(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  private setState(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  /** The highest watermark the central has acknowledged to this node. */
  centralAcked(): number {
    return Number(this.state(CENTRAL_ACKED) ?? '0');
  }

  /** A refill is owed (the central acknowledged less than before): kept across restarts until done. */
  refillDue(): boolean {
    return this.state(REFILL_DUE) === '1';
  }

  markRefillDue(): void {
    this.setState(REFILL_DUE, '1');
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM delivered').get() as { n: number }).n;
  }

  /**
   * Moves the archived records in `ranges` back to the outbox, forgets that their photos were
   * sent (the central lost those too), and sets the central's watermark to `contiguous`: one
   * transaction. Numbers in the ranges up to `lostUpTo` found neither here nor queued are counted
   * unrecoverable.
   */
  requeue(ranges: readonly SeqRange[], lostUpTo: number, contiguous: number): RefillOutcome {
    return this.db
      .transaction(() => {
        let requeued = 0;
        let unrecoverable = 0;
        const found = this.db.prepare(
          `SELECT COUNT(*) AS n FROM (SELECT seq FROM delivered WHERE seq BETWEEN @from AND @to
            UNION SELECT seq FROM outbox WHERE seq BETWEEN @from AND @to
            UNION SELECT seq FROM dead_letters WHERE seq BETWEEN @from AND @to)`,
        );
        for (const r of ranges) {
          const span = { from: r.from, to: Math.min(r.to, lostUpTo) };
          if (span.to >= span.from) unrecoverable += span.to - span.from + 1 - (found.get(span) as { n: number }).n;
          this.db
            .prepare(
              `DELETE FROM photo_uplink WHERE sha256 IN (SELECT json_extract(payload, '$.sha256') FROM delivered
               WHERE kind = 'inspection-photo' AND retired = 0 AND seq BETWEEN ? AND ?)`,
            )
            .run(r.from, r.to);
          requeued += this.db
            .prepare(
              `INSERT OR IGNORE INTO outbox (${RECORD_COLUMNS}) SELECT ${RECORD_COLUMNS} FROM delivered WHERE seq BETWEEN ? AND ?`,
            )
            .run(r.from, r.to).changes;
          this.db.prepare('DELETE FROM delivered WHERE seq BETWEEN ? AND ?').run(r.from, r.to);
        }
        this.setState(CENTRAL_ACKED, String(contiguous));
        this.setState(REFILL_DUE, '0');
        return { requeued, unrecoverable };
      })
      .immediate();
  }

  /** Forgets archived records acknowledged more than `keepDays` ago. */
  prune(nowMs: number, keepDays: number): number {
    return this.db.prepare('DELETE FROM delivered WHERE acked_at_ms < ?').run(nowMs - keepDays * DAY_MS).changes;
  }
}
