import type { Clock, Timer } from '../clock.js';
import type { Target } from '../domain/target.js';
import type { EventSink } from '../events.js';
import type { Logger } from '../logger.js';
import type { DecisionRecord } from '../storage/decision-repo.js';
import type { DecisionSink } from './target-service.js';

/** Background rescores' decisions wait at most this long, to share one transaction. */
const WRITE_MS = 500;
/**
 * Or until this many wait: a burst of new targets (50,000 vessels in a few seconds) would otherwise
 * hold every payload in memory at once and write them in one transaction, the node's peak RSS.
 */
const BATCH_MAX = 2_000;
/** While writes fail (a full disk), retried this often; at most this many wait in memory. */
const RETRY_MS = 5_000;
const MAX_QUEUED = 50_000;

export interface DecisionWriterDeps {
  write(batch: readonly DecisionRecord[]): void;
  /** Decisions dropped after the queue reached its bound while writes kept failing. */
  dropped(n: number): void;
  /** Where `decisions-written` goes after each successful write (the uplink has something to send). */
  events: EventSink;
  canWrite(): boolean;
  /** The node, and the policy in force as decisions name it (`name@version`), read as each rescore's decisions arrive. */
  describe: { nodeId: string; policy(): string };
  clock: Clock;
  log: Logger;
}

/**
 * Persists the decisions of each rescore, with their outbox rows. A disk sync per background
 * rescore would stall ingest, so those are gathered for up to 500 ms (or 2,000 decisions) into one
 * transaction; an explicit flush (an override, shutdown, tests) writes at once. When the database
 * refuses writes (a full disk) decisions are kept, up to a bound, and retried: delayed, not lost.
 */
export class DecisionWriter implements DecisionSink {
  private readonly queue: DecisionRecord[] = [];
  private timer: Timer | null = null;
  /** Why the last write failed, until a write succeeds again; readiness shows it. */
  failure: string | null = null;

  constructor(private readonly deps: DecisionWriterDeps) {}

  get waiting(): number {
    return this.queue.length;
  }

  add(batch: readonly Target[], shiftId: string, snapshotVersion: number, defer: boolean): void {
    const decidedAtMs = this.deps.clock.now();
    const { nodeId } = this.deps.describe;
    const policy = this.deps.describe.policy();
    for (const t of batch) {
      // The draw carries the passage id already (one string per passage, shared by every rescore);
      // the passage's own shift, whose seed drew it, files the decision (it may be the shift before).
      const passageId = t.draw?.passageId ?? `${shiftId}:${t.id}`;
      this.queue.push({
        passageId,
        shiftId: t.passage?.shiftId ?? shiftId,
        tier: t.tier,
        decidedAtMs,
        payload: JSON.stringify({
          nodeId,
          passageId,
          targetId: t.id,
          kind: t.kind,
          name: t.name,
          policyVersion: policy,
          snapshotVersion,
          score: t.score,
          tier: t.tier,
          selection: t.selection,
          factors: t.reasons,
          ...(t.unpriced && t.unpriced.length > 0 && { unpriced: t.unpriced }),
          draw: t.draw,
          decidedAt: new Date(decidedAtMs).toISOString(),
        }),
      });
      if (this.queue.length >= BATCH_MAX && this.failure === null) this.flush();
    }
    if (defer) this.timer ??= this.deps.clock.after(WRITE_MS, () => this.flush());
    else this.flush();
  }

  flush(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.queue.length === 0 || !this.deps.canWrite()) return;
    try {
      this.deps.write(this.queue);
      const count = this.queue.length;
      this.queue.length = 0;
      this.failure = null;
      this.deps.events.emit('decisions-written', { count });
    } catch (err) {
      if (this.failure === null)
        this.deps.log.error({ err }, 'decisions could not be written; kept in memory and retried');
      this.failure = (err as { code?: string }).code ?? (err as Error).message;
      const over = this.queue.length - MAX_QUEUED;
      if (over > 0) {
        this.queue.splice(0, over);
        this.deps.dropped(over);
      }
      this.timer = this.deps.clock.after(RETRY_MS, () => this.flush());
    }
  }
}
