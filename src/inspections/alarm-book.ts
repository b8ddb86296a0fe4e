import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import {
  CRITICAL_ALARMS,
  NODE_ALERT_PROFILE,
  type AlarmRecord,
  type DeviceAlarm,
  type NodeAlert,
} from '../domain/alarm.js';
import { KakouError } from '../errors.js';
import type { EventSink } from '../events.js';
import type { Logger } from '../logger.js';
import type { AlarmRepo, AlarmState } from '../storage/alarm-repo.js';

/** Open alarms remembered to match their clearing, at most (past it the oldest is forgotten). */
const MAX_OPEN = 10_000;

/**
 * Every alarm a device raises (and each that a profile's rule raises from its values) becomes a
 * record, and so do its clearing and an officer's acknowledgement with the handling (处置) note;
 * each goes upstream. A node restarted while an alarm is active records it raised again when the
 * device next reports it.
 */
export class AlarmBook {
  private readonly open = new Map<string, string>();

  constructor(
    private readonly repo: AlarmRepo,
    private readonly nodeId: string,
    private readonly clock: Clock,
    private readonly events: EventSink,
    private readonly log: Logger,
  ) {}

  raised(a: DeviceAlarm): void {
    const key = keyOf(a);
    if (this.open.has(key)) return;
    const alarmId = randomUUID();
    if (this.open.size >= MAX_OPEN) this.open.delete(this.open.keys().next().value as string);
    this.open.set(key, alarmId);
    this.write({ ...this.base(a, alarmId), event: 'raised', at: new Date(a.at).toISOString() });
  }

  cleared(a: DeviceAlarm): void {
    const key = keyOf(a);
    const alarmId = this.open.get(key);
    if (!alarmId) return;
    this.open.delete(key);
    this.write({ ...this.base(a, alarmId), event: 'cleared', at: new Date(a.at).toISOString() });
  }

  /**
   * The node's own alert on a passage (a must-inspect subject approaching, a passage missed).
   * Its id comes from the passage, so a restart or a second notice never raises it twice.
   */
  alert(alarm: NodeAlert, passageId: string, targetId: string): void {
    const alarmId = nodeAlertId(alarm, passageId);
    if (this.repo.get(alarmId)) return;
    const at = new Date(this.clock.now()).toISOString();
    this.write({ ...this.base(nodeAlert(alarm, passageId, targetId), alarmId), event: 'raised', at });
  }

  /** The passage a must-inspect alert was about was called, started or closed: the alert is recorded cleared. */
  alertSettled(alarm: NodeAlert, passageId: string): void {
    const state = this.repo.get(nodeAlertId(alarm, passageId));
    if (!state || state.clearedAt !== null) return;
    const at = new Date(this.clock.now()).toISOString();
    this.write({ ...this.base(nodeAlert(alarm, passageId, state.targetId), state.alarmId), event: 'cleared', at });
  }

  /** An officer acknowledges an alarm with what was done about it; once per alarm. */
  acknowledge(alarmId: string, by: string, note: string): AlarmState {
    const state = this.repo.get(alarmId);
    if (!state) throw new KakouError('KAKOU_E_ALARM_UNKNOWN', undefined, [`id: no alarm ${alarmId}`]);
    if (state.acknowledged)
      throw new KakouError('KAKOU_E_ALARM_ACKNOWLEDGED', undefined, [
        `acknowledged by ${state.acknowledged.by} at ${state.acknowledged.at}`,
      ]);
    const { targetId, alarm, critical, profile, deviceId } = state;
    this.write({
      ...{ id: randomUUID(), alarmId, nodeId: this.nodeId, event: 'acknowledged' as const },
      ...{ targetId, alarm, critical, profile, deviceId, by, note },
      at: new Date(this.clock.now()).toISOString(),
    });
    return this.repo.get(alarmId) as AlarmState;
  }

  get(alarmId: string): AlarmState | null {
    return this.repo.get(alarmId);
  }

  recent(limit?: number): AlarmState[] {
    return this.repo.recent(limit);
  }

  waiting(limit?: number): AlarmState[] {
    return this.repo.waiting(limit);
  }

  private base(a: DeviceAlarm, alarmId: string) {
    const { targetId, alarm, profile, deviceId } = a;
    return {
      id: randomUUID(),
      alarmId,
      nodeId: this.nodeId,
      targetId,
      alarm,
      critical: CRITICAL_ALARMS.has(alarm),
      profile,
      deviceId,
    };
  }

  private write(record: AlarmRecord): void {
    this.repo.insertWithOutbox(record);
    this.log.info(
      { alarmId: record.alarmId, event: record.event, alarm: record.alarm, target: record.targetId },
      'alarm',
    );
    this.events.emit('alarm-recorded', { alarmId: record.alarmId });
  }
}

/** A node alert as the alarm it is recorded as: the node's profile, the passage as its source. */
const nodeAlert = (alarm: NodeAlert, passageId: string, targetId: string): DeviceAlarm => ({
  targetId,
  alarm,
  profile: NODE_ALERT_PROFILE,
  deviceId: passageId,
  at: 0,
});

/** A node alert's alarm id: its kind and a digest of the passage id (which may run long). */
const nodeAlertId = (alarm: NodeAlert, passageId: string) =>
  `${alarm}:${createHash('sha256').update(passageId).digest('hex').slice(0, 32)}`;

const keyOf = (a: DeviceAlarm) => `${a.targetId}|${a.profile}|${a.deviceId}|${a.alarm}`;
