import type { Clock } from '../clock.js';
import { PollSchedule } from './poll-schedule.js';
import { isKakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import { type HttpTransport, readBody } from '../sync/http-transport.js';

/** A signed policy is a small JSON file: a larger answer is not one. */
const MAX_POLICY_BYTES = 1024 * 1024;

/**
 * Polls the central's GET /v1/policy with the snapshot's schedule, conditional on the serial kept
 * (If-None-Match), and hands a newer signed policy to `store`, which checks and keeps it (and
 * announces it, to come into force).
 */
export class PolicyFetcher {
  private readonly schedule: PollSchedule;
  lastError: string | null = null;
  /** The last serial received and kept from the central; null when none was. */
  received: number | null = null;

  constructor(
    private readonly url: URL,
    private readonly intervalMs: number,
    private readonly deps: {
      transport: HttpTransport;
      sign: (path: string) => Record<string, string>;
      /** The serial kept now (null: none), and the keeper of a newer one (throws when it refuses it). */
      kept(): number | null;
      store(text: string, label: string): number;
      clock: Clock;
      log: Logger;
    },
  ) {
    this.schedule = new PollSchedule(deps.clock, intervalMs, () => this.fetchOnce());
  }

  start(): void {
    this.schedule.start();
  }

  async stop(): Promise<void> {
    await this.schedule.stop();
  }

  /** One conditional fetch; resolves with the serial kept, or null when nothing newer was there. */
  async fetchOnce(): Promise<number | null> {
    const kept = this.deps.kept();
    try {
      const headers = { ...this.deps.sign(this.url.pathname), ...(kept !== null && { 'if-none-match': `"${kept}"` }) };
      const res = await this.deps.transport.request(this.url, { headers, timeoutMs: 60_000 });
      const status = res.statusCode ?? 0;
      const body = await readBody(res);
      if (status === 304 || status === 404) {
        this.lastError = null;
        return null;
      }
      if (status !== 200 || body.length > MAX_POLICY_BYTES)
        throw new Error(`central answered ${status} (${body.length} bytes)`);
      const serial = this.deps.store(body.toString('utf8'), `central:${this.url.origin}`);
      this.received = serial;
      this.lastError = null;
      this.deps.log.warn(
        { serial },
        'targeting policy received from the central and kept; it comes into force at the next rescore',
      );
      return serial;
    } catch (err) {
      if (isKakouError(err) && err.code === 'KAKOU_E_POLICY_OLDER') return null;
      const msg = isKakouError(err) ? `${err.code}: ${err.message}` : (err as Error).message;
      if (this.lastError !== msg) this.deps.log.warn({ err: msg, url: this.url.href }, 'policy fetch failed');
      this.lastError = msg;
      throw err;
    }
  }
}
