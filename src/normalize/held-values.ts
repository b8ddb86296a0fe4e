import type { RawFrame } from '../domain/frame.js';
import type { Observation } from '../domain/observation.js';

/** Installations whose rule timing is remembered between notifications, at most. */
const MAX_HELD = 1000;

type ValuesFrame = Extract<RawFrame, { form: 'values' }>;

export interface Held {
  /** `profile|device`, the alarm rules' key. */
  key: string;
  frame: ValuesFrame;
  receivedAt: number;
  observedAt: number;
  /** The alarms the report carried when last delivered. */
  alarms: string[];
}

/**
 * The last values of installations an alarm rule is timing. They report by exception, so their
 * values hold until they change and the normalizer judges them again on its tick. Bounded like
 * every per-device state: a body naming ever new stations cannot grow it.
 */
export class HeldValues {
  private readonly held = new Map<string, Held>();

  /** Keeps a frame's values while a rule on its device is timing, and lets them go when none is. */
  note(frame: ValuesFrame, report: Observation | undefined, pending: (key: string) => boolean): void {
    if (report?.kind !== 'vehicle-report' && report?.kind !== 'vessel-sighting') return;
    const key = `${frame.profile}|${report.deviceId}`;
    if (!pending(key)) {
      this.held.delete(key);
      return;
    }
    if (!this.held.has(key) && this.held.size >= MAX_HELD) this.held.delete(this.held.keys().next().value as string);
    const alarms = report.kind === 'vehicle-report' ? report.alarms : [];
    this.held.set(key, { key, frame, receivedAt: report.receivedAt, observedAt: report.observedAt, alarms });
  }

  all(): IterableIterator<Held> {
    return this.held.values();
  }

  forget(key: string): void {
    this.held.delete(key);
  }
}
