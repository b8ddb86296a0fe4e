import type { Policy } from './policy.js';

const HOUR = 3_600_000;
const SCORES = 101;
/** Below a day of passages the volume cut-offs are not trusted: the points apply. */
const MIN_HOURS = 24;

/** One hour of the histogram, as kept on disk. */
export interface VolumeHour {
  /** Hours since the epoch. */
  hour: number;
  total: number;
  overriding: number;
  /** Passages per score 0-100, overriding ones excepted. */
  counts: number[];
}

export interface Cutoffs {
  mustInspect: number;
  mayInspect: number;
  /** volume: read from the recent scores; points: the policy's own (no volume set, or too little history yet). */
  source: 'volume' | 'points';
  /** Passages expected this hour: the mean of the same hour of day over the window. */
  passagesPerHour: number;
}

/**
 * Score thresholds that follow the traffic (`thresholds.mustInspectPerHour` and
 * `mayInspectPerHour`): a rolling histogram of the scores of the last `volumeWindowDays` of
 * passages, hour by hour, turned into the cut-offs at which about that many passages an hour
 * reach each tier. The traffic expected is that of the same hour of day, so the night does not
 * set the day's cut-offs; passages made must-inspect by an overriding factor count against the
 * volume first. Scores are integers 0-100, so a histogram per hour is exact, small, and bounded
 * however long the node runs.
 */
export class ScoreVolume {
  private readonly hours: number;
  /** Per hour slot: the scores of passages not already must-inspect by an overriding factor. */
  private readonly buckets: Int32Array;
  private readonly totals: Float64Array;
  private readonly overriding: Float64Array;
  private readonly hourOf: Float64Array;
  private newest = Number.NEGATIVE_INFINITY;
  /** The cut-offs of one hour: they read only earlier hours, so they hold for the whole hour. */
  private cached: { hour: number; cutoffs: Cutoffs } | null = null;
  private readonly changed = new Set<number>();

  constructor(private readonly policy: Policy) {
    this.hours = (policy.thresholds.volumeWindowDays ?? 7) * 24;
    this.buckets = new Int32Array(this.hours * SCORES);
    this.totals = new Float64Array(this.hours);
    this.overriding = new Float64Array(this.hours);
    this.hourOf = new Float64Array(this.hours).fill(Number.NaN);
  }

  /** Counts a passage at its time (times in order; a late one joins its own hour if still held). */
  add(at: number, score: number, overriding = false): void {
    const hour = Math.floor(at / HOUR);
    const slot = ((hour % this.hours) + this.hours) % this.hours;
    if (this.hourOf[slot] !== hour) {
      if (hour < this.newest - this.hours + 1) return;
      this.buckets.fill(0, slot * SCORES, (slot + 1) * SCORES);
      this.totals[slot] = 0;
      this.overriding[slot] = 0;
      this.hourOf[slot] = hour;
    }
    this.newest = Math.max(this.newest, hour);
    if (this.cached && hour < this.cached.hour) this.cached = null;
    (this.totals[slot] as number)++;
    this.changed.add(slot);
    if (overriding) (this.overriding[slot] as number)++;
    else (this.buckets[slot * SCORES + Math.max(0, Math.min(100, Math.round(score)))] as number)++;
  }

  /** Hours counted since the last call, with their counts, for the node to keep across restarts. */
  takeChanged(): VolumeHour[] {
    const out: VolumeHour[] = [];
    for (const slot of this.changed) {
      const hour = this.hourOf[slot] as number;
      if (Number.isNaN(hour)) continue;
      out.push({
        hour,
        total: this.totals[slot] as number,
        overriding: this.overriding[slot] as number,
        counts: Array.from(this.buckets.subarray(slot * SCORES, (slot + 1) * SCORES)),
      });
    }
    this.changed.clear();
    return out;
  }

  /** Puts back hours kept before a restart (those still within the window count). */
  restore(hours: readonly VolumeHour[]): void {
    for (const h of [...hours].sort((a, b) => a.hour - b.hour)) {
      const slot = ((h.hour % this.hours) + this.hours) % this.hours;
      if (h.hour < this.newest - this.hours + 1) continue;
      this.hourOf[slot] = h.hour;
      this.totals[slot] = h.total;
      this.overriding[slot] = h.overriding;
      this.buckets.set(h.counts.slice(0, SCORES), slot * SCORES);
      this.newest = Math.max(this.newest, h.hour);
    }
    this.cached = null;
  }

  /** The cut-offs in force at `at`, from the hours before it within the window. */
  cutoffs(at: number): Cutoffs {
    const hour = Math.floor(at / HOUR);
    if (this.cached?.hour !== hour) this.cached = { hour, cutoffs: this.compute(hour) };
    return this.cached.cutoffs;
  }

  private compute(now: number): Cutoffs {
    const t = this.policy.thresholds;
    const points: Cutoffs = {
      mustInspect: t.mustInspect,
      mayInspect: t.mayInspect,
      source: 'points',
      passagesPerHour: 0,
    };
    if (t.mustInspectPerHour === undefined) return points;
    const counts = new Float64Array(SCORES);
    let total = 0;
    let overriding = 0;
    let first = now;
    let sameHourOfDay = 0;
    let sameHourTotal = 0;
    for (let slot = 0; slot < this.hours; slot++) {
      const h = this.hourOf[slot] as number;
      if (!(h < now && h >= now - this.hours)) continue;
      first = Math.min(first, h);
      total += this.totals[slot] as number;
      overriding += this.overriding[slot] as number;
      if ((now - h) % 24 === 0) {
        sameHourOfDay++;
        sameHourTotal += this.totals[slot] as number;
      }
      for (let s = 0; s < SCORES; s++) (counts[s] as number) += this.buckets[slot * SCORES + s] as number;
    }
    // Hours without a passage are hours too: the span held counts them.
    const span = now - first;
    if (span < MIN_HOURS || total === 0) return points;
    const days = Math.max(1, Math.floor(span / 24));
    const perHour = sameHourOfDay > 0 ? sameHourTotal / days : total / span;
    if (perHour <= 0) return points;
    const scored = total - overriding;
    // The share of this hour's passages each tier may take, less what overriding factors take anyway.
    const share = (perHourWanted: number) =>
      scored > 0 ? Math.max(0, perHourWanted / perHour - overriding / total) * (total / scored) : 0;
    const must = scored > 0 ? cutoffFor(counts, scored, share(t.mustInspectPerHour)) : t.mustInspect;
    const may =
      t.mayInspectPerHour === undefined
        ? Math.min(t.mayInspect, must - 1)
        : Math.max(1, Math.min(must - 1, cutoffFor(counts, scored, share(t.mustInspectPerHour + t.mayInspectPerHour))));
    return { mustInspect: must, mayInspect: may, source: 'volume', passagesPerHour: perHour };
  }
}

/**
 * The lowest score s (1-100) at which the share of passages scoring s or more is at most `share`:
 * the tier then asks for no more than the volume set, never more (ties at a score go together).
 */
export function cutoffFor(counts: ArrayLike<number>, total: number, share: number): number {
  let above = 0;
  for (let s = 100; s >= 1; s--) {
    above += counts[s] ?? 0;
    if (above / total > share) return Math.min(100, s + 1);
  }
  return 1;
}

const applied = new WeakMap<Cutoffs, { base: Policy; policy: Policy }>();

/**
 * The policy with the score thresholds in force, for decide(). The cut-offs hold for an hour, so
 * the policy made for them is kept with them rather than made again for every rescore.
 */
export function withCutoffs(policy: Policy, c: Cutoffs): Policy {
  if (c.source === 'points') return policy;
  const kept = applied.get(c);
  if (kept?.base === policy) return kept.policy;
  const made = {
    ...policy,
    thresholds: { ...policy.thresholds, mustInspect: c.mustInspect, mayInspect: c.mayInspect },
  };
  applied.set(c, { base: policy, policy: made });
  return made;
}
