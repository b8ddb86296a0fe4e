import type { Clock } from '../clock.js';

export interface DeviceStatus {
  profile: string;
  deviceId: string;
  firstSeen: number;
  lastMessage: number;
  messages: number;
  dropped: number;
  online: boolean;
}

/** Per-device counters and liveness, bounded so a flood of forged device ids cannot exhaust memory. */
export class DeviceRegistry {
  private readonly devices = new Map<string, Omit<DeviceStatus, 'online'>>();

  constructor(private readonly clock: Clock, private readonly livenessMs: (profile: string) => number, private readonly max = 10_000) {}

  record(profile: string, deviceId: string, dropped: boolean): void {
    const key = `${profile}|${deviceId}`;
    const now = this.clock.now();
    let d = this.devices.get(key);
    if (!d) {
      if (this.devices.size >= this.max) {
        const oldest = this.devices.keys().next();
        if (!oldest.done) this.devices.delete(oldest.value);
      }
      d = { profile, deviceId, firstSeen: now, lastMessage: now, messages: 0, dropped: 0 };
    }
    this.devices.delete(key);
    this.devices.set(key, d);
    d.lastMessage = now;
    d.messages++;
    if (dropped) d.dropped++;
  }

  list(): DeviceStatus[] {
    const now = this.clock.now();
    return [...this.devices.values()].reverse().map((d) => ({ ...d, online: now - d.lastMessage <= this.livenessMs(d.profile) }));
  }
}
