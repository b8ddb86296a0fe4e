import { connect, type Socket } from 'node:net';
import { backoffDelay } from '../backoff.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AdapterState, AdapterStatus } from './adapter-status.js';
import { LineSplitter } from './line-splitter.js';

export interface NmeaTcpOptions {
  id: string;
  host: string;
  port: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  /** A connection that delivers nothing for this long is presumed dead and reopened. */
  idleTimeoutMs: number;
}

/**
 * A client of an AIS receiver's NMEA server (the usual "TCP port 10110" of shore receivers and
 * AIS-catcher): reads lines, reconnects with jittered exponential backoff after any failure, and
 * treats a silent connection as a dead one, because a half-open TCP socket never reports an error.
 */
export class NmeaTcpClient {
  private socket: Socket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = true;
  private readonly st: AdapterStatus;

  constructor(
    private readonly opts: NmeaTcpOptions,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onLines: (lines: string[]) => void,
    private readonly onState: (state: AdapterState) => void = () => {},
  ) {
    this.st = { name: opts.id, kind: 'tcp', url: `tcp://${opts.host}:${opts.port}`, state: 'stopped', since: clock.now(), lastError: null, messages: 0, reconnects: 0 };
  }

  status(): AdapterStatus {
    return { ...this.st };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    if (s && !s.destroyed) await new Promise<void>((resolve) => s.once('close', () => resolve()).destroy());
    this.setState('stopped');
  }

  private open(): void {
    this.setState(this.failures === 0 && this.st.reconnects === 0 ? 'connecting' : 'reconnecting');
    const lines = new LineSplitter();
    const socket = connect({ host: this.opts.host, port: this.opts.port });
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.setKeepAlive(true, 30_000);
    socket.setTimeout(this.opts.idleTimeoutMs);
    socket.on('connect', () => {
      this.setState('connected');
      this.log.info({ url: this.st.url }, 'receiver connected');
    });
    socket.on('data', (chunk: string) => {
      // Only data proves the link works: a server that accepts and then stays mute or closes keeps backing off.
      this.failures = 0;
      this.st.lastError = null;
      const batch: string[] = [];
      lines.push(chunk, (l) => batch.push(l));
      if (batch.length === 0) return;
      this.st.messages += batch.length;
      this.onLines(batch);
    });
    socket.on('timeout', () => socket.destroy(new Error(`no data for ${Math.round(this.opts.idleTimeoutMs / 1000)} s`)));
    socket.on('error', (err) => {
      if (this.st.lastError !== err.message) this.log.warn({ err: err.message, url: this.st.url }, 'receiver connection error');
      this.st.lastError = err.message;
    });
    socket.on('close', () => {
      const rest: string[] = [];
      lines.end((l) => rest.push(l));
      if (rest.length > 0) this.onLines(rest);
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      this.setState('offline');
      const delay = backoffDelay(this.failures++, this.opts.minBackoffMs, this.opts.maxBackoffMs);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.st.reconnects++;
        this.open();
      }, delay);
    });
  }

  private setState(state: AdapterState): void {
    if (this.st.state === state) return;
    this.st.state = state;
    this.st.since = this.clock.now();
    this.onState(state);
  }
}
