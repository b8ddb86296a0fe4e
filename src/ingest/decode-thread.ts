import { Worker } from 'node:worker_threads';
import type { Clock, Timer } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AdapterState, AdapterStatus } from './adapter-status.js';
import type { DecodeWorkerInit, FromWorker, ToWorker } from './decode-messages.js';
import type { PackedBatch } from './handover-pack.js';
import { unpackHandover } from './handover-unpack.js';
import type { NormalizeResult } from '../normalize/result.js';
import type { FrameSink } from './ingest-adapter.js';
import type { SiteBroker } from './site-broker.js';

export interface DecodeThreadOptions {
  /** The compiled worker script (decode-worker.js). */
  script: URL;
  init: DecodeWorkerInit;
  /** Takes each normalized message into the node (IngestPipeline.accept). */
  sink: FrameSink;
  onState(state: AdapterState): void;
  /** Messages handed over and not yet taken in when the latest batch left the thread; for the queue gauge. */
  onQueue(waiting: number): void;
  onRestart(): void;
  /** The thread's V8 heap in use, in bytes. */
  onHeap(used: number): void;
  log: Logger;
  clock: Clock;
  restartMs: number;
}

const LEVELS: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const STOP_GRACE_MS = 5_000;

/**
 * The site broker with its connection, MQTT parsing and normalization on a worker thread
 * (decode-worker.ts): the main thread only takes normalized results in. A thread that fails is
 * restarted after `restartMs`, and the broker status shows why it was down meanwhile.
 */
export class DecodeThread implements SiteBroker {
  readonly id = 'site-broker';
  readonly kind = 'mqtt';
  readonly thread = 'worker';
  private worker: Worker | null = null;
  private running = false;
  private restartTimer: Timer | null = null;
  private restarts = 0;
  private groups: Record<string, number> = {};
  // What threads before the current one counted: each thread counts from zero.
  private readonly groupsBefore: Record<string, number> = {};
  private st: AdapterStatus;

  constructor(private readonly opts: DecodeThreadOptions) {
    this.st = {
      name: 'site-broker',
      kind: 'mqtt',
      url: '',
      state: 'stopped',
      since: opts.clock.now(),
      lastError: null,
      messages: 0,
      reconnects: 0,
      subscriptions: opts.init.adapter.filters,
      thread: 'worker',
    };
  }

  status(): AdapterStatus {
    return { ...this.st };
  }

  droppedFragmentGroups(): Record<string, number> {
    const sum = { ...this.groupsBefore };
    for (const [profile, n] of Object.entries(this.groups)) sum[profile] = (sum[profile] ?? 0) + n;
    return sum;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.spawn();
  }

  publish(topic: string, payload: Buffer): void {
    this.send({ t: 'publish', topic, payload });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.restartTimer?.cancel();
    this.restartTimer = null;
    const worker = this.worker;
    if (worker) {
      await new Promise<void>((resolve) => {
        const kill = this.opts.clock.after(STOP_GRACE_MS, () => void worker.terminate());
        worker.once('exit', () => {
          kill.cancel();
          resolve();
        });
        this.send({ t: 'stop' });
      });
    }
    this.setState('stopped');
    this.opts.onQueue(0);
  }

  private spawn(): void {
    const worker = new Worker(this.opts.script, { workerData: this.opts.init, stdout: false, stderr: false });
    this.worker = worker;
    worker.on('message', (m: FromWorker) => this.receive(worker, m));
    worker.on('error', (err) => {
      this.opts.log.error({ err }, 'MQTT decode thread failed');
      this.st.lastError = `decode thread failed: ${err.message}`;
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      for (const [profile, n] of Object.entries(this.groups))
        this.groupsBefore[profile] = (this.groupsBefore[profile] ?? 0) + n;
      this.groups = {};
      if (!this.running) return;
      // What it had decoded and not yet handed over (at most maxInFlight messages, already
      // acknowledged to the broker) is lost with it; what the broker had not yet sent waits for the new thread.
      this.setState('offline');
      this.opts.onQueue(0);
      this.opts.log.warn({ code, restartInMs: this.opts.restartMs }, 'MQTT decode thread exited; restarting');
      this.restartTimer = this.opts.clock.after(this.opts.restartMs, () => {
        this.restartTimer = null;
        if (!this.running) return;
        this.restarts++;
        this.opts.onRestart();
        this.spawn();
      });
    });
    this.send({ t: 'start' });
  }

  private receive(worker: Worker, m: FromWorker): void {
    switch (m.t) {
      case 'batch':
        this.opts.onQueue(m.queued);
        this.take(worker, m.batch);
        this.groups = m.incompleteAisGroups;
        break;
      case 'status': {
        const { state, since, lastError, reconnects, url } = m.status;
        this.st.url = url;
        this.st.lastError = lastError;
        this.st.reconnects = reconnects + this.restarts;
        if (state !== this.st.state) {
          this.st.state = state;
          this.st.since = since;
          this.opts.onState(state);
        }
        break;
      }
      case 'queue':
        this.opts.onQueue(m.queued);
        break;
      case 'log':
        this.relog(m.line);
        break;
      case 'heap':
        this.opts.onHeap(m.used);
        break;
      case 'stopped':
        void worker.terminate();
        break;
    }
  }

  private take(worker: Worker, batch: PackedBatch): void {
    try {
      unpackHandover(batch, this.acceptOne);
    } catch (err) {
      this.opts.log.error({ err }, 'a batch from the MQTT decode thread could not be read');
    } finally {
      // Always acknowledged: an unacknowledged batch would hold the socket paused for good.
      this.st.messages += batch.count;
      worker.postMessage({ t: 'ack', n: batch.count } satisfies ToWorker);
    }
  }

  private readonly acceptOne = (topic: string, result: NormalizeResult): void => {
    try {
      this.opts.sink({ form: 'normalized', source: topic, result });
    } catch (err) {
      this.opts.log.error({ err, topic }, 'a decoded message could not be taken in');
    }
  };

  private relog(line: string): void {
    try {
      const {
        level,
        msg,
        time: _time,
        svc: _svc,
        pid: _pid,
        hostname: _host,
        ...fields
      } = JSON.parse(line) as Record<string, unknown>;
      this.opts.log[LEVELS[level as number] ?? 'info'](fields, typeof msg === 'string' ? msg : '');
    } catch {
      this.opts.log.warn({ line: line.slice(0, 200) }, 'unreadable log line from the MQTT decode thread');
    }
  }

  private setState(state: AdapterState): void {
    if (this.st.state === state) return;
    this.st.state = state;
    this.st.since = this.opts.clock.now();
    this.opts.onState(state);
  }

  private send(m: ToWorker): void {
    this.worker?.postMessage(m);
  }
}
