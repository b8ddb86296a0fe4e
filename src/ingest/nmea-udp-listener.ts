import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AdapterState } from './adapter-status.js';
import type { FrameSink } from './ingest-adapter.js';
import { ReconnectingInput, type StreamInputOptions } from './reconnecting-input.js';

export interface NmeaUdpOptions extends StreamInputOptions {
  /** Address to bind; 0.0.0.0 listens on every interface. */
  host: string;
  /** 0 picks a free port (tests); see status().url for the one bound. */
  port: number;
}

/**
 * Receives NMEA over UDP, as receivers and AIS-catcher forward it: each datagram holds one or more
 * whole lines. A failed bind (port in use, address gone) is retried with backoff rather than
 * stopping the node.
 */
export class NmeaUdpListener extends ReconnectingInput {
  private socket: Socket | null = null;

  constructor(
    private readonly opts: NmeaUdpOptions,
    clock: Clock,
    log: Logger,
    sink: FrameSink,
    onState: (state: AdapterState) => void = () => {},
  ) {
    super('udp', `udp://${opts.host}:${opts.port}`, opts, clock, log, sink, onState);
  }

  /** The port bound, once listening. */
  get port(): number | null {
    return this.st.state === 'listening' && this.socket ? this.socket.address().port : null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRetry();
    const s = this.socket;
    this.socket = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve())).catch(() => undefined);
    this.setState('stopped');
  }

  protected open(): void {
    this.setState('connecting');
    const socket = createSocket({ type: isIPv6(this.opts.host) ? 'udp6' : 'udp4', reuseAddr: true });
    this.socket = socket;
    socket.on('listening', () => {
      this.failures = 0;
      this.st.url = `udp://${this.opts.host}:${socket.address().port}`;
      this.st.lastError = null;
      this.setState('listening');
      this.log.info({ url: this.st.url }, 'listening for NMEA datagrams');
    });
    socket.on('message', (msg) => {
      const lines = msg
        .toString('latin1')
        .split(/\r?\n/)
        .filter((l) => l.length > 0);
      if (lines.length === 0) return;
      this.st.messages += lines.length;
      this.emit(lines);
    });
    socket.on('error', (err) => {
      this.log.warn({ err: err.message, url: this.st.url }, 'UDP input error');
      this.st.lastError = err.message;
      if (this.socket !== socket) return;
      this.socket = null;
      socket.close();
      if (this.stopped) return;
      this.setState('offline');
      this.retryLater();
    });
    socket.bind(this.opts.port, this.opts.host);
  }
}
