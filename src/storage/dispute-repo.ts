import type { DisputeRecord } from '../domain/dispute.js';
import type { Sqlite } from './database.js';
import { appendToOutbox } from './outbox-repo.js';

/** A dispute as its events add up: opened, perhaps resolved. */
export interface DisputeState {
  opened: DisputeRecord;
  resolved: DisputeRecord | null;
}

/** Dispute events: append-only, each written with its outbox row (kind dispute, lane 0). */
export class DisputeRepo {
  constructor(private readonly db: Sqlite) {}

  insertWithOutbox(record: DisputeRecord): { seq: number } {
    const atMs = Date.parse(record.at);
    return this.db
      .transaction(() => {
        this.db
          .prepare(
            'INSERT INTO disputes (id, dispute_id, event, target_id, entry_kind, entry_id, at_ms, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            record.id,
            record.disputeId,
            record.event,
            record.targetId,
            record.entryKind,
            record.entryId,
            atMs,
            JSON.stringify(record),
          );
        return appendToOutbox(this.db, {
          kind: 'dispute',
          idempotencyKey: `${record.nodeId}:dispute:${record.id}`,
          lane: 0,
          payload: JSON.stringify(record),
          createdAtMs: atMs,
        });
      })
      .immediate();
  }

  /** Disputes, newest first: of one target, or every one still open. */
  list(filter: { targetId?: string; open?: boolean }, limit = 200): DisputeState[] {
    const rows = this.db
      .prepare(
        `SELECT o.payload AS opened, r.payload AS resolved FROM disputes o
         LEFT JOIN disputes r ON r.dispute_id = o.dispute_id AND r.event = 'resolved'
         WHERE o.event = 'opened' AND (? IS NULL OR o.target_id = ?) AND (? = 0 OR r.id IS NULL)
         ORDER BY o.at_ms DESC LIMIT ?`,
      )
      .all(filter.targetId ?? null, filter.targetId ?? null, filter.open ? 1 : 0, limit) as Array<{
      opened: string;
      resolved: string | null;
    }>;
    return rows.map((r) => ({
      opened: JSON.parse(r.opened) as DisputeRecord,
      resolved: r.resolved === null ? null : (JSON.parse(r.resolved) as DisputeRecord),
    }));
  }
}
