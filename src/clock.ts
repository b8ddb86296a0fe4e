/** Time enters through a Clock so staleness, debouncing and shifts can be tested without sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told: for tests. */
export class ManualClock implements Clock {
  constructor(private t = 0) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
}

/** How far the wall clock may drift from the monotonic clock between two records before they are flagged. */
export const CLOCK_JUMP_TOLERANCE_MS = 60_000;

/**
 * Detects wall-clock jumps (NTP steps, a dead RTC at boot) by comparing wall-clock and monotonic
 * progress between calls. Ordering never depends on wall time; this only flags records.
 */
export class ClockWatch {
  private last: { wall: number; mono: number } | null = null;

  constructor(private readonly monotonic: () => number = () => performance.now()) {}

  /** True if the wall clock moved differently from the monotonic clock since the previous call. */
  jumped(wall: number): boolean {
    const mono = this.monotonic();
    const prev = this.last;
    this.last = { wall, mono };
    return prev !== null && Math.abs(wall - prev.wall - (mono - prev.mono)) > CLOCK_JUMP_TOLERANCE_MS;
  }
}
