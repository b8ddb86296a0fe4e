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

/** Alarms an officer must answer at once: they ring on every open terminal until acknowledged. */
export const CRITICAL_ALARMS: ReadonlySet<string> = new Set([
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
