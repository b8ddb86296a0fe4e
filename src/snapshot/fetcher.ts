import type { Clock } from '../clock.js';
import { PollSchedule } from './poll-schedule.js';
import { KakouError, isKakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import { HttpTransport, readBody } from '../sync/http-transport.js';
import type { SnapshotService } from './snapshot-service.js';

/**
 * Polls the central's GET /v1/snapshot on a schedule, conditional on the version in force
 * (If-None-Match), and streams a newer snapshot into the same import path as a file.
 */
export class SnapshotFetcher {
  private readonly schedule: PollSchedule;
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
    this.schedule = new PollSchedule(clock, intervalMs, () => this.fetchOnce());
  }

  start(): void {
    this.schedule.start();
  }

  async stop(): Promise<void> {
    await this.schedule.stop();
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
