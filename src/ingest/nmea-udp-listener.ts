import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { backoffDelay } from '../backoff.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AdapterState, AdapterStatus } from './adapter-status.js';

export interface NmeaUdpOptions {
  id: string;
  /** Address to bind; 0.0.0.0 listens on every interface. */
  host: string;
  /** 0 picks a free port (tests); see status().url for the one bound. */
  port: number;
  minBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * Receives NMEA over UDP, as receivers and AIS-catcher forward it: each datagram holds one or more
 * whole lines. A failed bind (port in use, address gone) is retried with backoff rather than
 * stopping the node.
 */
export class NmeaUdpListener {
  private socket: Socket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = true;
  private readonly st: AdapterStatus;

  constructor(
    private readonly opts: NmeaUdpOptions,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onLines: (lines: string[]) => void,
    private readonly onState: (state: AdapterState) => void = () => {},
  ) {
    this.st = { name: opts.id, kind: 'udp', url: `udp://${opts.host}:${opts.port}`, state: 'stopped', since: clock.now(), lastError: null, messages: 0, reconnects: 0 };
  }

  status(): AdapterStatus {
    return { ...this.st };
  }

  /** The port bound, once listening. */
  get port(): number | null {
    return this.st.state === 'listening' && this.socket ? this.socket.address().port : null;
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
    if (s) await new Promise<void>((resolve) => s.close(() => resolve())).catch(() => undefined);
    this.setState('stopped');
  }

  private open(): void {
    this.setState('connecting');
    const socket = createSocket({ type: isIPv6(this.opts.host) ? 'udp6' : 'udp4', reuseAddr: true });
    this.socket = socket;
    socket.on('listening', () => {
      this.failures = 0;
      this.st.url = `udp://${this.opts.host}:${socket.address().port}`;
      this.setState('listening');
      this.log.info({ url: this.st.url }, 'listening for NMEA datagrams');
    });
    socket.on('message', (msg) => {
      const lines = msg.toString('latin1').split(/\r?\n/).filter((l) => l.length > 0);
      if (lines.length === 0) return;
      this.st.messages += lines.length;
      this.onLines(lines);
    });
    socket.on('error', (err) => {
      this.log.warn({ err: err.message, url: this.st.url }, 'UDP input error');
      this.st.lastError = err.message;
      if (this.socket !== socket) return;
      this.socket = null;
      socket.close();
      if (this.stopped) return;
      this.setState('offline');
      this.timer = setTimeout(() => {
        this.timer = null;
        this.st.reconnects++;
        this.open();
      }, backoffDelay(this.failures++, this.opts.minBackoffMs, this.opts.maxBackoffMs));
    });
    socket.bind(this.opts.port, this.opts.host);
  }

  private setState(state: AdapterState): void {
    if (this.st.state === state) return;
    this.st.state = state;
    this.st.since = this.clock.now();
    if (state === 'listening') this.st.lastError = null;
    this.onState(state);
  }
}
