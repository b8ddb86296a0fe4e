import type { Clock, Timer } from '../clock.js';
import { KakouError, isKakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import { HttpTransport, readBody } from '../sync/http-transport.js';
import type { SnapshotService } from './snapshot-service.js';

/** After a failed ask, the next one comes this soon (or at the interval, if sooner). */
const RETRY_AFTER_MS = 2 * 60_000;

/**
 * Polls the central's GET /v1/snapshot on a schedule, conditional on the version in force
 * (If-None-Match), and streams a newer snapshot into the same import path as a file.
 */
export class SnapshotFetcher {
  private timer: Timer | null = null;
  private retry: Timer | null = null;
  private running: Promise<void> | null = null;
  lastError: string | null = null;

  private readonly transport: HttpTransport;

  /** `sign` gives the headers that prove the node asks (the central serves snapshots to registered nodes only). */
  constructor(
    private readonly url: URL,
    private readonly intervalMs: number,
    private readonly snapshots: SnapshotService,
    private readonly log: Logger,
    private readonly sign: (path: string) => Record<string, string>,
    private readonly clock: Clock,
    transport?: HttpTransport,
  ) {
    this.transport = transport ?? new HttpTransport(url);
  }

  start(): void {
    const tick = () => {
      this.running ??= this.fetchOnce()
        .then(
          () => undefined,
          // A failed ask (the central away, the node not registered yet) is asked again soon, not
          // only at the next interval, which may be an hour away.
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

  /** One conditional fetch; resolves with the new version, or null when nothing newer was there. */
  async fetchOnce(): Promise<number | null> {
    const version = this.snapshots.meta()?.version;
    try {
      const headers = { ...this.sign(this.url.pathname), ...(version && { 'if-none-match': `"${version}"` }) };
      const res = await this.transport.request(this.url, { headers, timeoutMs: 10 * 60_000 });
      const status = res.statusCode ?? 0;
      if (status === 304 || status === 404) {
        await readBody(res).catch(() => undefined);
        this.lastError = null;
        return null;
      }
      if (status !== 200) {
        res.resume();
        throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `central answered ${status}`);
      }
      const meta = await this.snapshots.importStream(res, `central:${this.url.origin}`);
      this.lastError = null;
      return meta.version;
    } catch (err) {
      const msg = isKakouError(err) ? `${err.code}: ${err.message}` : (err as Error).message;
      // Refusing an older or identical version is the normal answer to a central that has nothing new.
      if (isKakouError(err) && err.code === 'KAKOU_E_SNAPSHOT_OLDER') return null;
      if (this.lastError !== msg) this.log.warn({ err: msg, url: this.url.href }, 'credit snapshot fetch failed');
      this.lastError = msg;
      throw err;
    }
  }
}
