/**
 * Time enters through a Clock, reading and waiting alike, so staleness, debouncing, backoff,
 * liveness and shifts can be tested by moving a ManualClock instead of sleeping.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` once, `ms` from now. */
  after(ms: number, fn: () => void): Timer;
  /** Calls `fn` every `ms` until cancelled. */
  every(ms: number, fn: () => void): Timer;
}

export interface Timer {
  cancel(): void;
  /** Lets the process exit while the timer waits (a node's background loops); returns the timer. */
  unref(): Timer;
}

function nodeTimer(handle: NodeJS.Timeout, clear: (h: NodeJS.Timeout) => void): Timer {
  const timer: Timer = {
    cancel: () => clear(handle),
    unref: () => {
      handle.unref();
      return timer;
    },
  };
  return timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after: (ms, fn) => nodeTimer(setTimeout(fn, ms), clearTimeout),
  every: (ms, fn) => nodeTimer(setInterval(fn, ms), clearInterval),
};

/** Resolves after `ms` on `clock`, or at once when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      timer.cancel();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.after(ms, done);
    signal?.addEventListener('abort', done, { once: true });
  });
}

interface Scheduled {
  at: number;
  seq: number;
  every: number | null;
  fn: () => void;
}

/** A clock that only moves when told, firing its timers in time order as it passes them: for tests. */
export class ManualClock implements Clock {
  private readonly timers = new Set<Scheduled>();
  private seq = 0;

  constructor(private t = 0) {}

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): Timer {
    return this.schedule(ms, null, fn);
  }

  every(ms: number, fn: () => void): Timer {
    return this.schedule(ms, Math.max(1, Math.round(ms)), fn);
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer due on the way, each at its own time. */
  advance(ms: number): void {
    const end = this.t + Math.max(0, ms);
    while (this.fireNext(end));
    this.t = end;
  }

  /** Like advance, letting promises settle after each timer fires (for code that awaits a sleep). */
  async advanceAsync(ms: number): Promise<void> {
    const end = this.t + Math.max(0, ms);
    while (this.fireNext(end)) await new Promise<void>((resolve) => setImmediate(resolve));
    this.t = end;
  }

  /** Sets the time: forward fires what falls due, backward (a wall-clock step) fires nothing. */
  set(ms: number): void {
    if (ms > this.t) this.advance(ms - this.t);
    else this.t = ms;
  }

  private schedule(ms: number, every: number | null, fn: () => void): Timer {
    // Whole milliseconds, as the system clock's: a wait computed from a measured duration must not
    // leave the test's time between two milliseconds (records keep times as integers).
    const s: Scheduled = { at: this.t + Math.max(0, Math.round(ms)), seq: this.seq++, every, fn };
    this.timers.add(s);
    const timer: Timer = {
      cancel: () => this.timers.delete(s),
      unref: () => timer,
    };
    return timer;
  }

  /** Fires the earliest timer due by `end` (the first scheduled among equals); false when none is. */
  private fireNext(end: number): boolean {
    let next: Scheduled | null = null;
    for (const s of this.timers)
      if (s.at <= end && (!next || s.at < next.at || (s.at === next.at && s.seq < next.seq))) next = s;
    if (!next) return false;
    this.t = next.at;
    if (next.every === null) this.timers.delete(next);
    else next.at += next.every;
    next.fn();
    return true;
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
