import type { Clock, Timer } from '../clock.js';
import { DATA_QUALITY_TARGETS } from '../domain/data-quality.js';
import type { EventSink } from '../events.js';
import type { Logger } from '../logger.js';
import type { NewOutboxRow } from '../storage/outbox-repo.js';
import type { DeviceCounters, DeviceRegistry } from './device-registry.js';

const CHECK_MS = 60_000;

/** One device's day, as the `data-quality` record carries it. */
export interface DeviceDay {
  profile: string;
  deviceId: string;
  messages: number;
  validShare: number;
  timelyShare: number;
  /** Times it fell silent past its liveness and spoke again, and for how long in all. */
  silences: number;
  silentMinutes: number;
  meetsTargets: { validShare: boolean; timelyShare: boolean };
}

/** The site's calendar day (YYYY-MM-DD) at `ms`. */
export const localDay = (ms: number, utcOffsetMinutes: number) =>
  new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);

const key = (d: DeviceCounters) => `${d.profile}|${d.deviceId}`;

/**
 * Once a day, at the site's midnight, the day's data quality per device (messages, valid share,
 * on-time share, silent periods, each share against the platform's target) goes upstream as a
 * `data-quality` record. A node that started during the day reports from its start (`from`).
 */
export class DailyQuality {
  private timer: Timer | null = null;
  private day: string | null = null;
  private from = 0;
  private base = new Map<string, DeviceCounters>();

  constructor(
    private readonly devices: Pick<DeviceRegistry, 'counters'>,
    private readonly outbox: { append(row: NewOutboxRow): unknown },
    private readonly nodeId: string,
    private readonly utcOffsetMinutes: number,
    private readonly clock: Clock,
    private readonly events: EventSink,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.check();
    this.timer ??= this.clock.every(CHECK_MS, () => this.check()).unref();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  /** Writes the finished day's record when the site's day has changed since the last check. */
  check(): void {
    const now = this.clock.now();
    const day = localDay(now, this.utcOffsetMinutes);
    if (this.day === null) return this.begin(day, now);
    if (day === this.day) return;
    const to = Date.parse(`${day}T00:00:00Z`) - this.utcOffsetMinutes * 60_000;
    const record = {
      nodeId: this.nodeId,
      day: this.day,
      from: new Date(this.from).toISOString(),
      to: new Date(Math.min(to, now)).toISOString(),
      targets: DATA_QUALITY_TARGETS,
      devices: this.dayOf(),
    };
    try {
      const { seq } = this.outbox.append({
        kind: 'data-quality',
        idempotencyKey: `${this.nodeId}:data-quality:${this.day}`,
        lane: 1,
        payload: JSON.stringify(record),
        createdAtMs: now,
      }) as { seq: number };
      this.events.emit('outbox-changed', { seq });
      this.log.info({ day: this.day, devices: record.devices.length }, 'daily data-quality record written');
    } catch (err) {
      this.log.error({ err, day: this.day }, 'daily data-quality record not written');
    }
    this.begin(day, to);
  }

  private begin(day: string, from: number): void {
    this.day = day;
    this.from = from;
    this.base = new Map(this.devices.counters().map((d) => [key(d), d]));
  }

  /** Each device's figures since the day began (or the node started). */
  private dayOf(): DeviceDay[] {
    const out: DeviceDay[] = [];
    for (const d of this.devices.counters()) {
      const b = this.base.get(key(d));
      const messages = d.messages - (b?.messages ?? 0);
      if (messages <= 0) continue;
      const validShare = (messages - (d.dropped - (b?.dropped ?? 0))) / messages;
      const timelyShare = (messages - (d.late - (b?.late ?? 0))) / messages;
      out.push({
        profile: d.profile,
        deviceId: d.deviceId,
        messages,
        validShare,
        timelyShare,
        silences: d.silences - (b?.silences ?? 0),
        silentMinutes: Math.round((d.silentMs - (b?.silentMs ?? 0)) / 60_000),
        meetsTargets: {
          validShare: validShare >= DATA_QUALITY_TARGETS.validShare,
          timelyShare: timelyShare >= DATA_QUALITY_TARGETS.timelyShare,
        },
      });
    }
    return out;
  }
}
