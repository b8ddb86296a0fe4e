import type { Passage, PassageRecord, PassageStatus } from '../domain/passage.js';
import type { Sqlite } from './database.js';
import { appendToOutbox } from './outbox-repo.js';

export type PassageEvent = 'called' | 'started' | 'finished' | 'inspected' | 'closed';

/**
 * Passage events: append-only, each row carrying the passage as it stood after the event. A
 * closed passage's record is written with its outbox row (kind passage, lane 1) in the same
 * transaction as its `closed` event.
 */
export class PassageRepo {
  private readonly insertStmt;

  constructor(private readonly db: Sqlite) {
    this.insertStmt =
      db.prepare(`INSERT INTO passage_events (passage_id, target_id, event, status, at_ms, by_user, state)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
  }

  append(p: Passage, event: Exclude<PassageEvent, 'closed'>, atMs: number, by: string | null): void {
    this.insertStmt.run(p.id, p.targetId, event, p.status, atMs, by, JSON.stringify(p));
  }

  /** Passages' closing events and their records, each with its outbox row, in one transaction: all or nothing. */
  closeMany(closed: ReadonlyArray<{ state: Passage; record: PassageRecord }>): void {
    this.db
      .transaction(() => {
        for (const { state: p, record } of closed) {
          const atMs = p.closedAt ?? Date.parse(record.closedAt);
          this.insertStmt.run(p.id, p.targetId, 'closed', p.status, atMs, null, JSON.stringify(p));
          appendToOutbox(this.db, {
            kind: 'passage',
            idempotencyKey: `${record.nodeId}:passage:${record.passageId}`,
            lane: 1,
            payload: JSON.stringify(record),
            createdAtMs: atMs,
          });
        }
      })
      .immediate();
  }

  /**
   * Passages as they last stood that a restarted node resumes: those no event closed, and those
   * an inspection closed since `sinceMs` (shown as inspected until their subject crosses).
   */
  open(sinceMs = 0, limit = 10_000): Passage[] {
    const rows = this.db
      .prepare(
        `SELECT e.state FROM passage_events e
         WHERE e.id = (SELECT MAX(id) FROM passage_events l WHERE l.passage_id = e.passage_id)
           AND (e.event <> 'closed' OR (e.status = 'inspected' AND e.at_ms >= ?))
         ORDER BY e.id DESC LIMIT ?`,
      )
      .all(sinceMs, limit) as { state: string }[];
    return rows.map((r) => JSON.parse(r.state) as Passage);
  }

  /** Passages closed since `sinceMs`. */
  closedIds(sinceMs: number): Set<string> {
    const ids = this.db
      .prepare("SELECT passage_id FROM passage_events WHERE event = 'closed' AND at_ms >= ?")
      .pluck()
      .all(sinceMs) as string[];
    return new Set(ids);
  }

  /** The passage as it last stood, or null if nothing of it was kept. */
  get(passageId: string): Passage | null {
    const row = this.db
      .prepare('SELECT state FROM passage_events WHERE passage_id = ? ORDER BY id DESC LIMIT 1')
      .get(passageId) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as Passage) : null;
  }

  /** Closed passages by status, newest first (the supervisor's missed list). */
  closed(status: PassageStatus | null, sinceMs: number, limit: number): Passage[] {
    const rows = this.db
      .prepare(
        `SELECT state FROM passage_events WHERE event = 'closed' AND (? IS NULL OR status = ?) AND at_ms >= ?
         ORDER BY at_ms DESC, id DESC LIMIT ?`,
      )
      .all(status, status, sinceMs, limit) as { state: string }[];
    return rows.map((r) => JSON.parse(r.state) as Passage);
  }
}
