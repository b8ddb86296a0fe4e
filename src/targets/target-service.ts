import type { Clock, Timer } from '../clock.js';
import { compareTargets, type Target, type Tier } from '../domain/target.js';
import type { EventSink } from '../events.js';
import type { Logger } from '../logger.js';
import type { CreditLookup, CreditProfile } from '../domain/credit-profile.js';
import type { Fix } from '../tracks/fix-history.js';
import type { TrackSignal } from '../domain/signals.js';
import type { VesselSightingFacts } from '../domain/track-view.js';
import { decide, RULES } from '../scoring/decide.js';
import { SharedReasons } from '../scoring/reason-sharing.js';
import type { RuleInput } from '../scoring/finding.js';
import { capacityTeams, type Policy } from '../scoring/policy.js';
import { type Cutoffs, withCutoffs } from '../scoring/volume-thresholds.js';
import type { Checkpoint } from '../tracks/checkpoint.js';
import type { Track } from '../tracks/track.js';
import type { TrackStore } from '../tracks/track-store.js';
import { planCapacity, type CapacityPlan } from './capacity.js';
import type { OverrideBook } from './override-book.js';
import type { PassageBook } from './passage-book.js';
import { approachOf, writeTarget, type Scored } from './target-record.js';
import type { ShiftService } from './shift.js';

export interface TargetDetail {
  credit: Omit<CreditProfile, 'driver'>;
  fixes: Fix[];
  signals: TrackSignal[];
  broadcast: { name: string | null; callsign: string | null; imo: number | null };
  observed: {
    sighting: VesselSightingFacts | null;
    aisHeard: boolean | null;
    driver: { masked: string; at: number; onRecord: { classes: string[]; validUntil: number } | null } | null;
  };
}

/**
 * A rescore's wait under load, in multiples of the last one's cost (scoring then takes at most
 * 1/(1 + multiple) of the thread): 1 for a rescore of up to 100 changed targets, rising with the
 * count to 9 from 900. The count, not the cost, says whether it is a flood: a rescore's wall time
 * also grows when other threads hold the CPU, and stretching on that alone delayed the list at
 * ordinary rates (tests/bench/README.md has the runs).
 */
function waitMultiple(changed: number): number {
  return Math.min(9, Math.max(1, changed / 100));
}

/**
 * Where each rescore's decisions go to be persisted (the DecisionWriter): once per rescore, the
 * targets whose passage reached a tier it had not reached before, as one batch for one transaction.
 * `defer` is set for background rescores, whose writes may wait to share a transaction.
 */
export interface DecisionSink {
  add(targets: readonly Target[], shiftId: string, snapshotVersion: number, defer: boolean): void;
  /** Writes decisions still waiting from background rescores. */
  flush(): void;
}

export interface TargetServiceDeps {
  tracks: TrackStore;
  credit: CreditLookup;
  shifts: ShiftService;
  /** The policy in force: read at each rescore, so a newer one takes over between two. */
  policy: { readonly current: Policy };
  checkpoint: Checkpoint;
  clock: Clock;
  log: Logger;
  /** Where `targets-changed` goes after each rescore. */
  events: EventSink;
  decisions?: DecisionSink;
  /** The snapshot in force: when stale, since when (ISO); null when fresh. */
  freshness?: { staleSince(): string | null };
  /** This node's own last inspection of a target, which the snapshot may not carry yet. */
  history?: { lastFor(targetId: string): RuleInput['local'] };
  /** Supervisors' overrides, kept and sent upstream; without it a target cannot be overridden. */
  overrides?: OverrideBook;
  /** Each target's passage: the draw unit, and what officers call, inspect and see crossing. */
  passages: PassageBook;
  /** Score thresholds set by volume (thresholds.mustInspectPerHour): each passage counted once, at its first scoring. */
  volume?: { add(at: number, score: number, overriding: boolean): void; cutoffs(at: number): Cutoffs | null };
  debounceMs?: number;
}

/**
 * Keeps the scored target list. Track changes mark targets dirty; a short debounce coalesces a
 * burst of messages into one rescore and one list event, so SSE clients see at most a few
 * updates per second however busy the feeds are.
 */
export class TargetService {
  private readonly targets = new Map<string, Scored>();
  // Thousands of targets give the same reasons: one shared copy of each for the whole list.
  private readonly reasons = new SharedReasons();
  private readonly dirty = new Set<string>();
  private timer: Timer | null = null;
  private sorted: Target[] | null = null;
  private plan: CapacityPlan | null = null;
  version = 0;
  private lastFlushMs = 0;
  private lastChanged = 0;
  /** Targets that could not be scored (a bug, logged with the target): kakou_target_score_failures_total. */
  scoreFailures = 0;

  private readonly tracks: TrackStore;
  private readonly credit: CreditLookup;
  private readonly shifts: ShiftService;
  private readonly checkpoint: Checkpoint;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly debounceMs: number;

  constructor(private readonly deps: TargetServiceDeps) {
    ({
      tracks: this.tracks,
      credit: this.credit,
      shifts: this.shifts,
      checkpoint: this.checkpoint,
      clock: this.clock,
      log: this.log,
    } = deps);
    this.debounceMs = deps.debounceMs ?? 200;
  }

  /** A newer policy came into force: every target is rescored under it. */
  policyChanged(): void {
    this.creditChanged();
  }

  /** The snapshot in force changed: every target is rescored. */
  creditChanged(): void {
    for (const t of this.tracks.all()) this.dirty.add(t.id);
    this.schedule();
  }

  trackChanged(id: string): void {
    this.dirty.add(id);
    this.schedule();
  }

  list(): Target[] {
    if (!this.sorted) {
      this.sorted = [...this.targets.values()].sort(compareTargets);
      // The site's gate teams when it sets them (each boards at its own gate), else the policy's.
      const gateTeams = this.checkpoint.gateTeams();
      const { current } = this.deps.policy;
      const teams = gateTeams ?? (current.capacity ? capacityTeams(current) : null);
      const perHour = teams?.reduce((n, t) => n + t.boardingsPerHour, 0) ?? 0;
      this.plan = teams ? planCapacity(this.sorted, perHour, teams) : null;
      for (const t of this.sorted) t.capacity = this.plan?.states.get(t.id) ?? null;
    }
    return this.sorted;
  }

  /** The next hour's boardings against capacity (null when the policy sets no capacity). */
  capacity(): Omit<CapacityPlan, 'states'> | null {
    this.list();
    if (!this.plan) return null;
    const { states: _s, ...rest } = this.plan;
    return rest;
  }

  get(id: string): Target | undefined {
    return this.targets.get(id);
  }

  /**
   * A supervisor sets a target's tier for the rest of the shift (a vessel in distress released, a
   * tip-off stopped). The decision is recorded again with selection "override", and the audit log
   * holds who did it and why.
   */
  override(id: string, tier: Tier, by: string, reason: string): Target | undefined {
    if (!this.tracks.get(id) || !this.deps.overrides) return undefined;
    this.deps.overrides.record(this.shifts.now().id, id, tier, this.targets.get(id)?.tier ?? null, by, reason);
    this.dirty.add(id);
    this.flush();
    return this.targets.get(id);
  }

  /**
   * What the detail page shows beyond the list: the credit profile as scored, the track's recent
   * fixes and signals, and what checkpoint devices observed. A driver appears by masked ID only:
   * the hash of an ID number is as good as the number to anyone who tries them all.
   */
  describe(id: string): TargetDetail | null {
    const track = this.tracks.get(id);
    if (!track) return null;
    const now = this.clock.now();
    const { driver, ...credit } = this.creditOf(track, now);
    const broadcast =
      track.kind === 'vessel'
        ? { name: track.shipname, callsign: track.callsign, imo: track.imo }
        : { name: track.plate, callsign: null, imo: null };
    const observed =
      track.kind === 'vessel'
        ? { sighting: track.sighting, aisHeard: track.aisHeard, driver: null }
        : {
            sighting: null,
            aisHeard: null,
            driver: track.driver && {
              masked: track.driver.masked,
              at: track.driver.at,
              onRecord: driver ? { classes: driver.classes, validUntil: driver.validUntil } : null,
            },
          };
    return { credit, fixes: track.history.toArray(), signals: Object.values(track.signals), broadcast, observed };
  }

  /**
   * Rescores dirty targets now and stores every decision made so far, including those a background
   * rescore left waiting to share a transaction (shutdown, overrides and tests call it).
   */
  flush(): void {
    this.run(false);
    this.deps.passages.flush();
    this.deps.decisions?.flush();
  }

  private run(defer: boolean): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.dirty.size === 0) return;
    // Timed by the node's clock, as every other wait: a test's held clock gives the plain debounce
    // whatever the machine's speed, and a wall-clock step only ever shortens or caps one wait.
    const started = this.clock.now();
    this.lastChanged = this.dirty.size;
    try {
      this.rescore(defer);
    } finally {
      this.lastFlushMs = Math.max(0, this.clock.now() - started);
    }
  }

  private rescore(defer: boolean): void {
    const changed = this.dirty.size;
    const now = this.clock.now();
    const shift = this.shifts.now();
    const stale = this.deps.freshness?.staleSince() ?? null;
    const version = this.credit.version;
    const decisions: Target[] = [];
    for (const id of this.dirty) {
      const track = this.tracks.get(id);
      if (!track) {
        this.targets.delete(id);
        this.deps.passages.removed(id, now);
        continue;
      }
      let target: Scored;
      let decided: Tier | null;
      try {
        const prev = this.targets.get(id);
        const same = prev?.kind === track.kind && prev.id === track.id ? prev : undefined;
        const passage = same?.draw?.passageId;
        decided = same?.decided ?? null;
        target = this.score(track, now, shift, stale, same);
        // The last tier recorded belongs to the passage: a new passage starts the count again.
        if (target.draw?.passageId !== passage) decided = null;
      } catch (err) {
        // One target that cannot be scored must not freeze the list for all the others.
        this.scoreFailures++;
        this.log.error({ err, target: id }, 'target could not be scored; it keeps its previous score');
        continue;
      }
      this.targets.set(id, target);
      if (decided !== target.tier) {
        target.decided = target.tier;
        decisions.push(target);
      }
    }
    this.dirty.clear();
    if (!defer) this.deps.passages.flush();
    if (decisions.length > 0) this.deps.decisions?.add(decisions, shift.id, version, defer);
    this.sorted = null;
    this.version++;
    this.deps.events.emit('targets-changed', { version: this.version, changed });
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
    this.deps.passages.flush();
  }

  private schedule(): void {
    // Under load the rescore waits a multiple of what the last one took, so scoring leaves most of
    // the thread to ingest (and each wait coalesces more messages per target); at normal rates it
    // waits debounceMs.
    const wait = Math.round(
      Math.max(this.debounceMs, Math.min(1000, waitMultiple(this.lastChanged) * this.lastFlushMs)),
    );
    this.timer ??= this.clock.after(wait, () => {
      try {
        this.run(true);
      } catch (err) {
        this.log.error({ err }, 'target rescore failed');
      }
    });
  }

  private creditOf(track: Track, now: number): CreditProfile {
    return track.kind === 'vessel'
      ? this.credit.vessel(track.mmsi, now, { imo: track.imo, name: track.shipname })
      : this.credit.vehicle(track.plate, track.terminalId ?? '', now, track.driver?.idHash);
  }

  /** Scores a track into its target: `prev`, the target's last score, is updated in place (same id, same kind). */
  private score(
    track: Track,
    now: number,
    shift: { id: string; seed: string },
    stale: string | null,
    prev: Scored | undefined,
  ): Scored {
    const credit = this.creditOf(track, now);
    const local = this.deps.history?.lastFor(track.id);
    const input = { track, credit, now, ...(local && { local }) };
    const approach = approachOf(track, this.checkpoint);
    const { passages } = this.deps;
    const passage = passages.current(track, now, shift, {
      distanceM: approach?.distanceM ?? null,
      etaS: approach?.etaS ?? null,
    });
    const draw = { passageId: passage.id, seedHex: passages.seedOf(passage) };
    const { volume } = this.deps;
    const { current } = this.deps.policy;
    const cutoffs = volume?.cutoffs(now);
    const policy = cutoffs ? withCutoffs(current, cutoffs) : current;
    const decision = decide(input, policy, draw, RULES, prev?.draw, this.reasons);
    if (volume && prev?.passage?.id !== passage.id)
      volume.add(now, decision.score, decision.selection === 'overriding');
    const override = this.deps.overrides?.get(shift.id, track.id);
    if (override) {
      // The computed decision stays in the reasons: the override is a record on top of it, not a rewrite.
      decision.reasons.push({
        code: 'OVERRIDE',
        points: 0,
        text: `${override.by} 人工调整：${decision.tier} → ${override.tier}（${override.reason}）`,
        textEn: `overridden by ${override.by}: ${decision.tier} to ${override.tier} (${override.reason})`,
        evidence: new Date(override.at).toISOString(),
      });
      decision.tier = override.tier;
      decision.selection = 'override';
    }
    if (stale) {
      // The fallback for stale credit data is to keep scoring on it, and say so on every target.
      decision.reasons.push({
        code: 'CREDIT_STALE',
        points: 0,
        text: `信用数据已过时（发布于 ${stale}）`,
        textEn: `credit data stale since ${stale}`,
        evidence: stale,
      });
    }
    const target = writeTarget(track, credit, decision, approach, passage, prev);
    passages.settle(passage, track, target.tier, target.name);
    return target;
  }
}
