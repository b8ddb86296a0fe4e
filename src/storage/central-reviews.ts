import type pg from 'pg';
import type { CentralReviewStore, ReviewRow } from '../domain/central-store.js';
import type { Sqlite } from './database.js';

const COLUMNS = `id, node_id AS "nodeId", seq, idempotency_key AS "idempotencyKey", record_id AS "recordId",
  outcome, reason, reviewer, at_ms AS "atMs"`;

const toRow = (r: Record<string, unknown>): ReviewRow => ({
  ...(r as unknown as ReviewRow),
  id: Number(r.id),
  seq: Number(r.seq),
  atMs: Number(r.atMs),
});

/** Reviews at the reference central in SQLite. */
export class SqliteCentralReviews implements CentralReviewStore {
  constructor(private readonly db: Sqlite) {}

  async add(r: Omit<ReviewRow, 'id'>): Promise<number> {
    return Number(
      this.db
        .prepare(
          'INSERT INTO reviews (node_id, seq, idempotency_key, record_id, outcome, reason, reviewer, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(r.nodeId, r.seq, r.idempotencyKey, r.recordId, r.outcome, r.reason, r.reviewer, r.atMs).lastInsertRowid,
    );
  }

  async after(nodeId: string, afterId: number, limit: number): Promise<ReviewRow[]> {
    return (
      this.db
        .prepare(`SELECT ${COLUMNS} FROM reviews WHERE node_id = ? AND id > ? ORDER BY id LIMIT ?`)
        .all(nodeId, afterId, limit) as Array<Record<string, unknown>>
    ).map(toRow);
  }
}

/** Reviews at the reference central in PostgreSQL. */
export class PostgresCentralReviews implements CentralReviewStore {
  constructor(private readonly db: pg.Pool | pg.PoolClient) {}

  async add(r: Omit<ReviewRow, 'id'>): Promise<number> {
    const { rows } = await this.db.query(
      `INSERT INTO reviews (node_id, seq, idempotency_key, record_id, outcome, reason, reviewer, at_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [r.nodeId, r.seq, r.idempotencyKey, r.recordId, r.outcome, r.reason, r.reviewer, r.atMs],
    );
    return Number(rows[0]?.id);
  }

  async after(nodeId: string, afterId: number, limit: number): Promise<ReviewRow[]> {
    const { rows } = await this.db.query(
      `SELECT ${COLUMNS} FROM reviews WHERE node_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [nodeId, afterId, limit],
    );
    return rows.map(toRow);
  }
}
