import type { Sqlite } from './database.js';

/** Lane 0 is drained first: inspection records and disputes, then decisions and alarms, then telemetry. */
export type OutboxLane = 0 | 1 | 2;

export interface NewOutboxRow {
  kind: string;
  idempotencyKey: string;
  lane: OutboxLane;
  payload: string;
  createdAt: string;
}

export interface OutboxRow extends NewOutboxRow {
  seq: number;
  attempts: number;
}

/** Inserts within the caller's transaction; returns the row's sequence number. */
export function insertOutbox(db: Sqlite, row: NewOutboxRow): number {
  const info = db.prepare('INSERT INTO outbox (kind, idempotency_key, lane, payload, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(row.kind, row.idempotencyKey, row.lane, row.payload, row.createdAt);
  return Number(info.lastInsertRowid);
}

export interface OutboxStats {
  lane: number;
  count: number;
  oldest: string | null;
}

export class OutboxRepo {
  constructor(private readonly db: Sqlite) {}

  stats(): OutboxStats[] {
    return this.db.prepare('SELECT lane, COUNT(*) AS count, MIN(created_at) AS oldest FROM outbox GROUP BY lane ORDER BY lane').all() as OutboxStats[];
  }

  /** Oldest rows first within the highest-priority lane that has any. */
  peek(limit: number): OutboxRow[] {
    const rows = this.db.prepare(`SELECT seq, kind, idempotency_key AS idempotencyKey, lane, payload, created_at AS createdAt, attempts
      FROM outbox ORDER BY lane, seq LIMIT ?`).all(limit);
    return rows as OutboxRow[];
  }
}
