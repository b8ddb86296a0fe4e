import type { AccountService } from '../accounts/account-service.js';
import type { Clock, Timer } from '../clock.js';
import type { Logger } from '../logger.js';
import type { NodeParts } from './node-parts.js';

const TRACK_SWEEP_MS = 5_000;
const SESSION_SWEEP_MS = 60_000;
/** Alarm rules timing an installation's held values are judged this often. */
const RULE_TICK_MS = 500;

/**
 * The node's background loops, on the clock: expire and evict tracks, end idle sessions, judge
 * held installation values, and checkpoint the database's log and prune decisions past their
 * retention. Each loop runs isolated: a failure is logged and the loop goes on.
 */
export class Maintenance {
  private timers: Timer[] = [];
  private removed = { expired: 0, evicted: 0 };

  constructor(
    private readonly parts: NodeParts,
    private readonly accounts: AccountService,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.timers.length > 0) return;
    const every = (ms: number, name: string, fn: () => void) =>
      this.clock
        .every(ms, () => {
          try {
            fn();
          } catch (err) {
            this.log.error({ err, loop: name }, 'maintenance loop failed');
          }
        })
        .unref();
    const { config } = this.parts;
    this.timers = [
      every(TRACK_SWEEP_MS, 'tracks', () => this.sweepTracks()),
      every(SESSION_SWEEP_MS, 'sessions', () => this.accounts.sweep()),
      every(RULE_TICK_MS, 'alarm-rules', () => this.parts.ingest.tick()),
      every(config.storage.checkpointIntervalS * 1000, 'storage', () => this.storage()),
    ];
  }

  stop(): void {
    for (const t of this.timers) t.cancel();
    this.timers = [];
  }

  private sweepTracks(): void {
    const { tracks, metrics } = this.parts;
    tracks.sweep(this.clock.now());
    metrics.tracksRemoved.inc({ cause: 'expired' }, tracks.expired - this.removed.expired);
    metrics.tracksRemoved.inc({ cause: 'evicted' }, tracks.evicted - this.removed.evicted);
    this.removed = { expired: tracks.expired, evicted: tracks.evicted };
  }

  private storage(): void {
    const { storage, metrics, config } = this.parts;
    const { mode, walBytes } = storage.maintenance.checkpoint();
    metrics.checkpoints.inc({ mode });
    metrics.walBytes.set(walBytes);
    const keepDays = config.storage.decisionRetentionDays;
    const pruned = storage.maintenance.pruneDecisions(this.clock.now(), keepDays);
    if (pruned > 0) {
      metrics.pruned.inc({ table: 'decisions' }, pruned);
      this.log.info({ pruned, keepDays }, 'decisions past their retention removed');
    }
    this.parts.volume?.save();
    const forgotten = storage.delivered.prune(this.clock.now(), config.sync.refillDays);
    if (forgotten > 0) metrics.pruned.inc({ table: 'delivered' }, forgotten);
  }
}
