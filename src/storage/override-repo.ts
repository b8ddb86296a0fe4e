import type { OverrideRecord } from '../domain/override.js';
import type { Sqlite } from './database.js';
import { appendToOutbox } from './outbox-repo.js';

interface Row {
  id: string;
  node_id: string;
  shift_id: string;
  target_id: string;
  tier: OverrideRecord['tier'];
  tier_before: OverrideRecord['tierBefore'];
  by_user: string;
  reason: string;
  created_at_ms: number;
}

const fromRow = (r: Row): OverrideRecord => ({
  id: r.id,
  nodeId: r.node_id,
  shiftId: r.shift_id,
  targetId: r.target_id,
  tier: r.tier,
  tierBefore: r.tier_before,
  by: r.by_user,
  reason: r.reason,
  createdAt: new Date(r.created_at_ms).toISOString(),
});

/** Supervisors' overrides: append-only, each written with its outbox row (lane 0, with the officers' records). */
export class OverrideRepo {
  private readonly insertStmt;
  private readonly forShiftStmt;

  constructor(private readonly db: Sqlite) {
    this.insertStmt =
      db.prepare(`INSERT INTO overrides (id, node_id, shift_id, target_id, tier, tier_before, by_user, reason, created_at_ms)
      VALUES (@id, @nodeId, @shiftId, @targetId, @tier, @tierBefore, @by, @reason, @createdAtMs)`);
    this.forShiftStmt = db.prepare('SELECT * FROM overrides WHERE shift_id = ? ORDER BY created_at_ms, rowid');
  }

  insertWithOutbox(record: OverrideRecord): { seq: number } {
    const createdAtMs = Date.parse(record.createdAt);
    return this.db
      .transaction(() => {
        this.insertStmt.run({ ...record, createdAtMs });
        return appendToOutbox(this.db, {
          kind: 'override',
          idempotencyKey: `${record.nodeId}:override:${record.id}`,
          lane: 0,
          payload: JSON.stringify(record),
          createdAtMs,
        });
      })
      .immediate();
  }

  /** A shift's overrides, oldest first: a later one for the same target replaces an earlier. */
  forShift(shiftId: string): OverrideRecord[] {
    return (this.forShiftStmt.all(shiftId) as Row[]).map(fromRow);
  }
}
