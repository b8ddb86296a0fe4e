import type { Sqlite } from './database.js';
import { appendToOutbox } from './outbox-repo.js';

export interface DecisionRecord {
  passageId: string;
  shiftId: string;
  tier: string;
  decidedAtMs: number;
  /** The decision as JSON: subject, policy and snapshot versions, factors with points, draw, tier. */
  payload: string;
}

/** Decisions are records: persisted once per passage and tier, and queued upstream in the same transaction. */
export class DecisionRepo {
  private readonly insert;

  constructor(
    private readonly db: Sqlite,
    private readonly nodeId: string,
  ) {
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO decisions (passage_id, tier, shift_id, decided_at_ms, payload) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /** Returns false when this passage already had a decision with this tier. */
  record(d: DecisionRecord): boolean {
    return this.recordMany([d]) === 1;
  }

  /**
   * Persists a rescore's decisions, each with its outbox row, in one transaction: one disk sync
   * for the batch instead of one per decision. Returns how many were new.
   */
  recordMany(batch: readonly DecisionRecord[]): number {
    return this.db
      .transaction(() => {
        let inserted = 0;
        for (const d of batch) {
          if (this.insert.run(d.passageId, d.tier, d.shiftId, d.decidedAtMs, d.payload).changes !== 1) continue;
          appendToOutbox(this.db, {
            kind: 'decision',
            idempotencyKey: `${this.nodeId}:decision:${d.passageId}:${d.tier}`,
            lane: 1,
            payload: d.payload,
            createdAtMs: d.decidedAtMs,
          });
          inserted++;
        }
        return inserted;
      })
      .immediate();
  }

  /** Passages decided since `sinceMs`, each with its latest tier (a restarted node resumes them). */
  recentPassages(sinceMs: number): Array<{ passageId: string; shiftId: string; tier: string }> {
    return this.db
      .prepare(
        `SELECT passage_id AS passageId, shift_id AS shiftId, tier, MAX(decided_at_ms) AS at
         FROM decisions WHERE decided_at_ms >= ? GROUP BY passage_id`,
      )
      .all(sinceMs) as Array<{ passageId: string; shiftId: string; tier: string }>;
  }

  forShift(shiftId: string): unknown[] {
    return (
      this.db
        .prepare('SELECT payload FROM decisions WHERE shift_id = ? ORDER BY decided_at_ms, passage_id')
        .all(shiftId) as Array<{ payload: string }>
    ).map((r) => JSON.parse(r.payload) as unknown);
  }
}
