import { backoffDelay } from '../backoff.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AdapterState, AdapterStatus } from './adapter-status.js';

/**
 * What the NMEA inputs share: their status, start-once, and a retry after a failure with jittered
 * exponential backoff. Subclasses open their socket and call retryLater() when it fails.
 */
export abstract class ReconnectingInput {
  protected timer: NodeJS.Timeout | null = null;
  protected failures = 0;
  protected stopped = true;
  protected readonly st: AdapterStatus;

  constructor(
    kind: 'tcp' | 'udp',
    name: string,
    url: string,
    private readonly backoff: { minBackoffMs: number; maxBackoffMs: number },
    protected readonly clock: Clock,
    protected readonly log: Logger,
    protected readonly onLines: (lines: string[]) => void,
    private readonly onState: (state: AdapterState) => void,
  ) {
    this.st = { name, kind, url, state: 'stopped', since: clock.now(), lastError: null, messages: 0, reconnects: 0 };
  }

  status(): AdapterStatus {
    return { ...this.st };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  protected abstract open(): void;

  protected retryLater(): void {
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.st.reconnects++;
        this.open();
      },
      backoffDelay(this.failures++, this.backoff.minBackoffMs, this.backoff.maxBackoffMs),
    );
  }

  protected cancelRetry(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  protected setState(state: AdapterState): void {
    if (this.st.state === state) return;
    this.st.state = state;
    this.st.since = this.clock.now();
    this.onState(state);
  }
}
