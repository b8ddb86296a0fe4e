import { KakouError, isKakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SnapshotService } from './snapshot-service.js';

/**
 * Polls the central's GET /v1/snapshot on a schedule, conditional on the version in force
 * (If-None-Match), and streams a newer snapshot into the same import path as a file.
 */
export class SnapshotFetcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  lastError: string | null = null;

  constructor(private readonly url: URL, private readonly intervalMs: number, private readonly snapshots: SnapshotService, private readonly log: Logger) {}

  start(): void {
    const tick = () => {
      this.running ??= this.fetchOnce().then(() => undefined, () => undefined).finally(() => { this.running = null; });
    };
    tick();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One conditional fetch; resolves with the new version, or null when nothing newer was there. */
  async fetchOnce(): Promise<number | null> {
    const version = this.snapshots.meta()?.version;
    try {
      const res = await fetch(this.url, { headers: version ? { 'if-none-match': `"${version}"` } : {}, signal: AbortSignal.timeout(10 * 60_000) });
      if (res.status === 304 || res.status === 404) {
        await res.arrayBuffer().catch(() => undefined);
        this.lastError = null;
        return null;
      }
      if (!res.ok || !res.body) throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `central answered ${res.status}`);
      // Node's web ReadableStream is async-iterable at run time; its DOM typing does not say so.
      const meta = await this.snapshots.importStream(res.body as unknown as AsyncIterable<Uint8Array>, `central:${this.url.origin}`);
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
