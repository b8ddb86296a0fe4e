import type { Clock } from '../clock.js';
import { DATA_QUALITY_TARGETS } from '../domain/data-quality.js';

export interface DeviceStatus {
  profile: string;
  deviceId: string;
  firstSeen: number;
  lastMessage: number;
  messages: number;
  dropped: number;
  /** Messages measured more than LATE_MS before they arrived. */
  late: number;
  /** Times the device fell silent past its liveness and spoke again, and how long those silences lasted. */
  silences: number;
  silentMs: number;
  online: boolean;
  /** Messages per minute since first seen. */
  ratePerMinute: number;
  /** The seed's data-quality figures: share of messages valid (qualified rate) and on time (timeliness). */
  validShare: number;
  timelyShare: number;
  /** Whether each share meets the platform's target (DATA_QUALITY_TARGETS). */
  meetsTargets: { validShare: boolean; timelyShare: boolean };
}

/** A report older than this when it arrives is late (design: two JT/T 808 reporting intervals). */
export const LATE_MS = 60_000;
const RECENCY_MS = 1000;

type DeviceEntry = Pick<
  DeviceStatus,
  'profile' | 'deviceId' | 'firstSeen' | 'lastMessage' | 'messages' | 'dropped' | 'late' | 'silences' | 'silentMs'
> & { deadAt?: number };

/** A device's counters since it was first heard: the daily data-quality record takes their differences. */
export type DeviceCounters = Pick<
  DeviceStatus,
  'profile' | 'deviceId' | 'messages' | 'dropped' | 'late' | 'silences' | 'silentMs'
>;

function shares(d: DeviceEntry): Pick<DeviceStatus, 'validShare' | 'timelyShare' | 'meetsTargets'> {
  const validShare = d.messages === 0 ? 1 : (d.messages - d.dropped) / d.messages;
  const timelyShare = d.messages === 0 ? 1 : (d.messages - d.late) / d.messages;
  return {
    validShare,
    timelyShare,
    meetsTargets: {
      validShare: validShare >= DATA_QUALITY_TARGETS.validShare,
      timelyShare: timelyShare >= DATA_QUALITY_TARGETS.timelyShare,
    },
  };
}

/** Per-device counters and liveness, bounded so a flood of forged device ids cannot exhaust memory. */
export class DeviceRegistry {
  // All devices, least recently refreshed first (the order eviction goes by).
  private readonly devices = new Set<DeviceEntry>();
  // By profile, then device id: looked up on every message, with no key string to build and hash.
  private readonly byProfile = new Map<string, Map<string, DeviceEntry>>();

  constructor(
    private readonly clock: Clock,
    private readonly livenessMs: (profile: string) => number,
    private readonly max = 10_000,
  ) {}

  record(profile: string, deviceId: string, dropped: boolean, late = false): void {
    const now = this.clock.now();
    let ids = this.byProfile.get(profile);
    if (!ids) this.byProfile.set(profile, (ids = new Map()));
    let d = ids.get(deviceId);
    if (!d) {
      if (this.devices.size >= this.max) this.evictOldest();
      d = {
        profile,
        deviceId,
        firstSeen: now,
        lastMessage: now,
        messages: 0,
        dropped: 0,
        late: 0,
        silences: 0,
        silentMs: 0,
      };
      ids.set(deviceId, d);
      this.devices.add(d);
    } else if (now - d.lastMessage > RECENCY_MS) {
      // Set order is recency order for eviction; refreshing it once a second per device is enough
      // and spares a delete and an insert on every message of a busy device.
      this.devices.delete(d);
      this.devices.add(d);
    }
    const quiet = now - d.lastMessage;
    if (quiet > this.livenessMs(profile)) {
      d.silences++;
      d.silentMs += quiet;
    }
    d.lastMessage = now;
    d.messages++;
    if (dropped) d.dropped++;
    if (late) d.late++;
  }

  private evictOldest(): void {
    const oldest = this.devices.values().next();
    if (oldest.done) return;
    this.devices.delete(oldest.value);
    this.byProfile.get(oldest.value.profile)?.delete(oldest.value.deviceId);
  }

  /** A device that announced its own end (a Sparkplug death certificate) is offline until it speaks again. */
  died(profile: string, deviceId: string): void {
    const d = this.byProfile.get(profile)?.get(deviceId);
    if (d) d.deadAt = this.clock.now();
  }

  /** Every device's counters, for the daily data-quality record. */
  counters(): DeviceCounters[] {
    return [...this.devices].map(({ profile, deviceId, messages, dropped, late, silences, silentMs }) => ({
      ...{ profile, deviceId, messages, dropped, late, silences, silentMs },
    }));
  }

  list(): DeviceStatus[] {
    const now = this.clock.now();
    return [...this.devices.values()].reverse().map(({ deadAt, ...d }) => ({
      ...d,
      online: now - d.lastMessage <= this.livenessMs(d.profile) && !(deadAt !== undefined && deadAt >= d.lastMessage),
      ratePerMinute: Math.round((d.messages / Math.max(1, (now - d.firstSeen) / 60_000)) * 10) / 10,
      ...shares(d),
    }));
  }
}
