import type { AlarmRecord } from '../domain/alarm.js';
import type { Sqlite } from './database.js';
import { appendToOutbox } from './outbox-repo.js';

/** An alarm as its events add up: raised, perhaps cleared, perhaps acknowledged. */
export interface AlarmState {
  alarmId: string;
  targetId: string;
  alarm: string;
  critical: boolean;
  profile: string;
  deviceId: string;
  raisedAt: string;
  clearedAt: string | null;
  acknowledged: { by: string; at: string; note: string } | null;
}

interface Row {
  alarm_id: string;
  target_id: string;
  alarm: string;
  critical: number;
  profile: string;
  device_id: string;
  raised_at_ms: number;
  cleared_at_ms: number | null;
  acked_at_ms: number | null;
  acked_by: string | null;
  note: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Alarm events: append-only, each written with its outbox row (kind alarm, lane 1). */
export class AlarmRepo {
  private readonly insertStmt;
  private readonly stateSql =
    `SELECT r.alarm_id, r.target_id, r.alarm, r.critical, r.profile, r.device_id, r.at_ms AS raised_at_ms,
      (SELECT MIN(at_ms) FROM alarm_events c WHERE c.alarm_id = r.alarm_id AND c.event = 'cleared') AS cleared_at_ms,
      a.at_ms AS acked_at_ms, a.by_user AS acked_by, a.note
    FROM alarm_events r LEFT JOIN alarm_events a ON a.alarm_id = r.alarm_id AND a.event = 'acknowledged'
    WHERE r.event = 'raised'`;

  constructor(private readonly db: Sqlite) {
    this.insertStmt =
      db.prepare(`INSERT INTO alarm_events (id, alarm_id, node_id, event, target_id, alarm, critical, profile, device_id, at_ms, by_user, note)
      VALUES (@id, @alarmId, @nodeId, @event, @targetId, @alarm, @critical, @profile, @deviceId, @atMs, @by, @note)`);
  }

  insertWithOutbox(record: AlarmRecord): { seq: number } {
    const atMs = Date.parse(record.at);
    return this.db
      .transaction(() => {
        this.insertStmt.run({
          ...record,
          critical: record.critical ? 1 : 0,
          atMs,
          by: record.by ?? null,
          note: record.note ?? null,
        });
        return appendToOutbox(this.db, {
          kind: 'alarm',
          idempotencyKey: `${record.nodeId}:alarm:${record.id}`,
          lane: 1,
          payload: JSON.stringify(record),
          createdAtMs: atMs,
        });
      })
      .immediate();
  }

  get(alarmId: string): AlarmState | null {
    const r = this.db.prepare(`${this.stateSql} AND r.alarm_id = ?`).get(alarmId) as Row | undefined;
    return r ? stateOf(r) : null;
  }

  /** Critical alarms no officer has acknowledged yet, newest first: what every terminal rings for. */
  waiting(limit = 1000): AlarmState[] {
    const sql = `${this.stateSql} AND r.critical = 1 AND a.alarm_id IS NULL ORDER BY r.at_ms DESC LIMIT ?`;
    return (this.db.prepare(sql).all(limit) as Row[]).map(stateOf);
  }

  /** The latest alarms, newest first. */
  recent(limit = 200): AlarmState[] {
    return (this.db.prepare(`${this.stateSql} ORDER BY r.at_ms DESC LIMIT ?`).all(limit) as Row[]).map(stateOf);
  }
}

function stateOf(r: Row): AlarmState {
  return {
    alarmId: r.alarm_id,
    targetId: r.target_id,
    alarm: r.alarm,
    critical: r.critical === 1,
    profile: r.profile,
    deviceId: r.device_id,
    raisedAt: iso(r.raised_at_ms),
    clearedAt: r.cleared_at_ms === null ? null : iso(r.cleared_at_ms),
    acknowledged: r.acked_at_ms === null ? null : { by: r.acked_by ?? '', at: iso(r.acked_at_ms), note: r.note ?? '' },
  };
}
