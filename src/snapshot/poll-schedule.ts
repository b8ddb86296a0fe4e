import type { Clock, Timer } from '../clock.js';

/** After a failed ask, the next one comes this soon (or at the interval, if sooner). */
const RETRY_AFTER_MS = 2 * 60_000;

/**
 * When a node asks the central for something it serves (the credit snapshot, the signed policy):
 * at start, at every interval, and soon again after a failure (the central away, the node not
 * registered yet) rather than only at the next interval, which may be an hour away. Never two
 * asks at a time.
 */
export class PollSchedule {
  private timer: Timer | null = null;
  private retry: Timer | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly ask: () => Promise<unknown>,
  ) {}

  start(): void {
    const tick = () => {
      this.running ??= this.ask()
        .then(
          () => undefined,
          () => {
            this.retry?.cancel();
            if (this.timer) this.retry = this.clock.after(Math.min(RETRY_AFTER_MS, this.intervalMs), tick);
          },
        )
        .finally(() => {
          this.running = null;
        });
    };
    tick();
    this.timer = this.clock.every(this.intervalMs, tick).unref();
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    this.retry?.cancel();
    await this.running;
  }
}
