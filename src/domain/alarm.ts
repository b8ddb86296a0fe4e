/** An alarm as a device reported it (or a profile's rule raised it from the device's values). */
export interface DeviceAlarm {
  targetId: string;
  /** The alarm code (tank-leak, rollover, ...). */
  alarm: string;
  profile: string;
  deviceId: string;
  /** When the device measured it (ms). */
  at: number;
}

/**
 * Alerts the node raises itself, for the officers' attention rather than a device's state: a
 * passage the policy asks to stop for (must-inspect) and one that crossed the line uninspected.
 * Their records are alarm records with profile `kakou` and the passage id as `deviceId`.
 */
export const NODE_ALERTS = { mustInspect: 'must-inspect', missed: 'passage-missed' } as const;
export type NodeAlert = (typeof NODE_ALERTS)[keyof typeof NODE_ALERTS];
/** The profile named on the node's own alerts. */
export const NODE_ALERT_PROFILE = 'kakou';

/** Alarms an officer must answer at once: they ring on every open terminal until acknowledged. */
export const CRITICAL_ALARMS: ReadonlySet<string> = new Set([
  NODE_ALERTS.mustInspect,
  NODE_ALERTS.missed,
  'emergency',
  'rollover',
  'collision',
  'tank-leak',
  'tank-overpressure',
  'bay-gas-leak',
  'bay-esd',
]);

/** One step in an alarm's life, each a record of its own that goes upstream (kind `alarm`). */
export interface AlarmRecord {
  id: string;
  alarmId: string;
  nodeId: string;
  event: 'raised' | 'cleared' | 'acknowledged';
  targetId: string;
  alarm: string;
  critical: boolean;
  profile: string;
  deviceId: string;
  at: string;
  /** Acknowledged: who, and the handling (处置) note. */
  by?: string;
  note?: string;
}
