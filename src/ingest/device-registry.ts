import type { Clock } from '../clock.js';

export interface DeviceStatus {
  profile: string;
  deviceId: string;
  firstSeen: number;
  lastMessage: number;
  messages: number;
  dropped: number;
  /** Messages measured more than LATE_MS before they arrived. */
  late: number;
  online: boolean;
  /** Messages per minute since first seen. */
  ratePerMinute: number;
  /** The seed's data-quality figures: share of messages valid (qualified rate) and on time (timeliness). */
  validShare: number;
  timelyShare: number;
}

/** A report older than this when it arrives is late (design: two JT/T 808 reporting intervals). */
export const LATE_MS = 60_000;
const RECENCY_MS = 1000;

/** Per-device counters and liveness, bounded so a flood of forged device ids cannot exhaust memory. */
export class DeviceRegistry {
  private readonly devices = new Map<string, Pick<DeviceStatus, 'profile' | 'deviceId' | 'firstSeen' | 'lastMessage' | 'messages' | 'dropped' | 'late'> & { deadAt?: number }>();

  constructor(private readonly clock: Clock, private readonly livenessMs: (profile: string) => number, private readonly max = 10_000) {}

  record(profile: string, deviceId: string, dropped: boolean, late = false): void {
    const key = `${profile}|${deviceId}`;
    const now = this.clock.now();
    let d = this.devices.get(key);
    if (!d) {
      if (this.devices.size >= this.max) {
        const oldest = this.devices.keys().next();
        if (!oldest.done) this.devices.delete(oldest.value);
      }
      d = { profile, deviceId, firstSeen: now, lastMessage: now, messages: 0, dropped: 0, late: 0 };
      this.devices.set(key, d);
    } else if (now - d.lastMessage > RECENCY_MS) {
      // Map order is recency order for eviction; refreshing it once a second per device is enough
      // and spares a delete and an insert on every message of a busy device.
      this.devices.delete(key);
      this.devices.set(key, d);
    }
    d.lastMessage = now;
    d.messages++;
    if (dropped) d.dropped++;
    if (late) d.late++;
  }

  /** A device that announced its own end (a Sparkplug death certificate) is offline until it speaks again. */
  died(profile: string, deviceId: string): void {
    const d = this.devices.get(`${profile}|${deviceId}`);
    if (d) d.deadAt = this.clock.now();
  }

  list(): DeviceStatus[] {
    const now = this.clock.now();
    return [...this.devices.values()].reverse().map(({ deadAt, ...d }) => ({
      ...d,
      online: now - d.lastMessage <= this.livenessMs(d.profile) && !(deadAt !== undefined && deadAt >= d.lastMessage),
      ratePerMinute: Math.round((d.messages / Math.max(1, (now - d.firstSeen) / 60_000)) * 10) / 10,
      validShare: d.messages === 0 ? 1 : (d.messages - d.dropped) / d.messages,
      timelyShare: d.messages === 0 ? 1 : (d.messages - d.late) / d.messages,
    }));
  }
}
