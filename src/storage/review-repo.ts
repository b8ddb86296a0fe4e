import type { Sqlite } from './database.js';

/** A reviewer's verdict on one of this node's inspection records, as the central sent it. */
export interface CentralReview {
  id: number;
  seq: number;
  idempotencyKey: string;
  inspectionId: string;
  outcome: 'refused' | 'upheld';
  reason: string;
  reviewer: string;
  /** The central's time of the verdict, ISO 8601. */
  at: string;
}

export interface ReviewView extends CentralReview {
  targetId: string | null;
  /** The latest verdict on its record (a later one replaces it). */
  standing: boolean;
  /** The latest correction or void of the record, if any: the central counts any as the answer too. */
  answeredBy: string | null;
}

const VIEW = `SELECT r.id, r.seq, r.idempotency_key AS idempotencyKey, r.inspection_id AS inspectionId, r.outcome,
  r.reason, r.reviewer, r.at,
  (SELECT target_id FROM inspections i WHERE i.id = r.inspection_id) AS targetId,
  r.id = (SELECT MAX(x.id) FROM central_reviews x WHERE x.inspection_id = r.inspection_id) AS standing,
  (SELECT a.id FROM inspections a WHERE a.amends = r.inspection_id ORDER BY a.created_at DESC LIMIT 1) AS answeredBy
  FROM central_reviews r`;

/** The central's reviews of this node's records: appended as read, never changed. */
export class ReviewRepo {
  constructor(private readonly db: Sqlite) {}

  /** The highest review id held: where the next read from the central starts. */
  cursor(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM central_reviews').get() as { n: number }).n;
  }

  /** Keeps reviews not held yet, in one transaction; returns how many were new. */
  add(reviews: readonly CentralReview[], nowMs: number): number {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO central_reviews (id, seq, idempotency_key, inspection_id, outcome, reason, reviewer, at, received_at_ms)
       VALUES (@id, @seq, @idempotencyKey, @inspectionId, @outcome, @reason, @reviewer, @at, @nowMs)`,
    );
    return this.db.transaction(() => reviews.reduce((n, r) => n + insert.run({ ...r, nowMs }).changes, 0)).immediate();
  }

  /** The latest reviews, newest first. */
  list(limit = 200): ReviewView[] {
    const rows = this.db.prepare(`${VIEW} ORDER BY r.id DESC LIMIT ?`).all(limit) as Array<
      Omit<ReviewView, 'standing'> & { standing: number }
    >;
    return rows.map((r) => ({ ...r, standing: r.standing === 1 }));
  }

  /** Refusals standing with no correction or void recorded since: records an officer must answer. */
  open(): number {
    return (
      this.db
        .prepare(
          `SELECT COUNT(*) AS n FROM (${VIEW}) WHERE standing = 1 AND outcome = 'refused' AND answeredBy IS NULL`,
        )
        .get() as { n: number }
    ).n;
  }
}
