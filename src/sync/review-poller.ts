import { Compile } from 'typebox/compile';
import Type from 'typebox';
import type { Clock, Timer } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CentralReview } from '../storage/review-repo.js';
import { type HttpTransport, readBody } from './http-transport.js';

/** How often the node asks the central for new reviews of its records. */
export const REVIEW_POLL_MS = 5 * 60_000;

const Review = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  seq: Type.Integer({ minimum: 1 }),
  idempotencyKey: Type.String({ minLength: 1, maxLength: 600 }),
  recordId: Type.String({ minLength: 1, maxLength: 200 }),
  outcome: Type.Union([Type.Literal('refused'), Type.Literal('upheld')]),
  reason: Type.String({ maxLength: 2000 }),
  reviewer: Type.String({ maxLength: 100 }),
  at: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$' }),
});
const Answer = Compile(Type.Object({ reviews: Type.Array(Review, { maxItems: 500 }), more: Type.Boolean() }));

export interface ReviewPollerDeps {
  nodeId: string;
  cursor(): number;
  add(reviews: CentralReview[], nowMs: number): number;
  transport: HttpTransport;
  base: URL;
  signed: (path: string) => Record<string, string>;
  clock: Clock;
  log: Logger;
  timeoutMs: number;
}

/**
 * Reads back the central's reviews of this node's inspection records (sync/README.md,
 * "Reviews"): a refusal is kept and shown on the terminal until an officer answers it with a
 * correction or a void, which goes up like any record. The answer is the central's, but it is
 * still input: bounded, checked, and refused whole when malformed.
 */
export class ReviewPoller {
  private timer: Timer | null = null;
  private running: Promise<void> | null = null;
  lastError: string | null = null;

  constructor(private readonly deps: ReviewPollerDeps) {}

  start(): void {
    this.timer ??= this.deps.clock.every(REVIEW_POLL_MS, () => this.kick());
    this.kick();
  }

  kick(): void {
    this.running ??= this.poll()
      .catch((err: Error) => {
        // Logged once per outage; the next interval asks again from the same cursor.
        if (this.lastError === null)
          this.deps.log.warn({ err: err.message }, 'reading reviews from the central failed');
        this.lastError = err.message;
      })
      .finally(() => {
        this.running = null;
      });
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    await this.running;
  }

  private async poll(): Promise<void> {
    const { nodeId } = this.deps;
    const path = `/v1/nodes/${encodeURIComponent(nodeId)}/reviews`;
    for (let more = true; more && this.timer !== null; ) {
      const url = new URL(`${path.slice(1)}?after=${this.deps.cursor()}`, this.deps.base);
      const res = await this.deps.transport.request(url, {
        method: 'GET',
        headers: this.deps.signed(path),
        timeoutMs: this.deps.timeoutMs,
      });
      const text = (await readBody(res)).toString('utf8');
      if ((res.statusCode ?? 0) >= 300) throw new Error(`central answered ${res.statusCode}: ${text.slice(0, 200)}`);
      const answer: unknown = JSON.parse(text);
      if (!Answer.Check(answer)) throw new Error('the central answered reviews in a form this node does not read');
      const prefix = `${nodeId}:inspection:`;
      const mine = answer.reviews.filter((r) => r.idempotencyKey.startsWith(prefix));
      const added = this.deps.add(
        mine.map((r) => ({
          id: r.id,
          seq: r.seq,
          idempotencyKey: r.idempotencyKey.toWellFormed(),
          inspectionId: r.recordId.toWellFormed(),
          outcome: r.outcome,
          reason: r.reason.toWellFormed(),
          reviewer: r.reviewer.toWellFormed(),
          at: r.at,
        })),
        this.deps.clock.now(),
      );
      const refused = mine.filter((r) => r.outcome === 'refused').length;
      if (added > 0)
        this.deps.log.warn(
          { added, refused },
          'the central reviewed inspection records; a refused one is answered with a correction or a void',
        );
      this.lastError = null;
      // A page of only others' reviews would never move the cursor: stop, and say so.
      if (mine.length < answer.reviews.length)
        this.deps.log.error(
          { foreign: answer.reviews.length - mine.length },
          'the central sent reviews of another node',
        );
      more = answer.more && added > 0;
    }
  }
}
