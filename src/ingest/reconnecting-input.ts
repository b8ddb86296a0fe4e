import { backoffDelay } from '../backoff.js';
import type { Clock, Timer } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AdapterState, AdapterStatus } from './adapter-status.js';
import type { FrameSink, IngestAdapter } from './ingest-adapter.js';

export interface StreamInputOptions {
  id: string;
  /** The NMEA device profile its lines are decoded by. */
  profile: string;
  minBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * What the NMEA inputs share: their status, start-once, and a retry after a failure with jittered
 * exponential backoff. Subclasses open their socket and call retryLater() when it fails.
 */
export abstract class ReconnectingInput implements IngestAdapter {
  protected timer: Timer | null = null;
  protected failures = 0;
  protected stopped = true;
  protected readonly st: AdapterStatus;

  readonly id: string;
  private readonly source: string;

  constructor(
    readonly kind: 'tcp' | 'udp',
    url: string,
    private readonly input: StreamInputOptions,
    protected readonly clock: Clock,
    protected readonly log: Logger,
    private readonly sink: FrameSink,
    private readonly onState: (state: AdapterState) => void,
  ) {
    this.id = input.id;
    this.source = `${kind}:${input.id}`;
    this.st = {
      name: this.id,
      kind,
      url,
      state: 'stopped',
      since: clock.now(),
      lastError: null,
      messages: 0,
      reconnects: 0,
    };
  }

  abstract stop(): Promise<void>;

  /** Hands a batch of received lines to the pipeline, as one frame. */
  protected emit(lines: readonly string[]): void {
    this.sink({ form: 'lines', source: this.source, profile: this.input.profile, device: this.id, lines });
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
    const wait = backoffDelay(this.failures++, this.input.minBackoffMs, this.input.maxBackoffMs);
    this.timer = this.clock.after(wait, () => {
      this.timer = null;
      this.st.reconnects++;
      this.open();
    });
  }

  protected cancelRetry(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  protected setState(state: AdapterState): void {
    if (this.st.state === state) return;
    this.st.state = state;
    this.st.since = this.clock.now();
    this.onState(state);
  }
}
