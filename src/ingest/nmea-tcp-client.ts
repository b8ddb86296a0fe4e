import { connect, type Socket } from 'node:net';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AdapterState } from './adapter-status.js';
import { LineSplitter } from './line-splitter.js';
import type { FrameSink } from './ingest-adapter.js';
import { ReconnectingInput, type StreamInputOptions } from './reconnecting-input.js';

export interface NmeaTcpOptions extends StreamInputOptions {
  host: string;
  port: number;
  /** A connection that delivers nothing for this long is presumed dead and reopened. */
  idleTimeoutMs: number;
}

/**
 * A client of an AIS receiver's NMEA server (the usual "TCP port 10110" of shore receivers and
 * AIS-catcher): reads lines, reconnects with jittered exponential backoff after any failure, and
 * treats a silent connection as a dead one, because a half-open TCP socket never reports an error.
 */
export class NmeaTcpClient extends ReconnectingInput {
  private socket: Socket | null = null;

  constructor(
    private readonly opts: NmeaTcpOptions,
    clock: Clock,
    log: Logger,
    sink: FrameSink,
    onState: (state: AdapterState) => void = () => {},
  ) {
    super('tcp', `tcp://${opts.host}:${opts.port}`, opts, clock, log, sink, onState);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRetry();
    const s = this.socket;
    this.socket = null;
    if (s && !s.destroyed) await new Promise<void>((resolve) => s.once('close', () => resolve()).destroy());
    this.setState('stopped');
  }

  protected open(): void {
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
      this.emit(batch);
    });
    socket.on('timeout', () =>
      socket.destroy(new Error(`no data for ${Math.round(this.opts.idleTimeoutMs / 1000)} s`)),
    );
    socket.on('error', (err) => {
      if (this.st.lastError !== err.message)
        this.log.warn({ err: err.message, url: this.st.url }, 'receiver connection error');
      this.st.lastError = err.message;
    });
    socket.on('close', () => {
      const rest: string[] = [];
      lines.end((l) => rest.push(l));
      if (rest.length > 0) this.emit(rest);
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      this.setState('offline');
      this.retryLater();
    });
  }
}
