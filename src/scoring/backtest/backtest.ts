import type { Decision, TargetKind, Tier } from '../../domain/target.js';
import { TIERS } from '../../domain/target.js';
import { atCapacity, type AtCapacity } from './at-capacity.js';
import type { Team } from './capacity-sim.js';

/**
 * Ground truth for one passage (format kakou-outcome/1): did an inspection find a violation? A
 * generated scenario also gives the true probability it did, for the oracle.
 */
export interface OutcomeLine {
  passageId: string;
  violation: boolean;
  probability?: number;
}

export interface Outcome {
  violation: boolean;
  probability: number | null;
}

/** One passage as the policy decided it, kept small: a backtest holds a million of them. */
export interface ReplayedPassage {
  passageId: string;
  at: number;
  kind: TargetKind;
  score: number;
  tier: Tier;
  selection: Decision['selection'];
  /** In the uniform control sample (its control draw below the control rate). */
  control: boolean;
}

export function replayed(passageId: string, at: number, kind: TargetKind, d: Decision): ReplayedPassage {
  return {
    passageId,
    at,
    kind,
    score: d.score,
    tier: d.tier,
    selection: d.selection,
    control: d.draw !== null && d.draw.control < d.draw.controlRate,
  };
}

export interface Rate {
  n: number;
  violations: number;
  /** violations / n; null when n is 0. */
  rate: number | null;
}

export interface BacktestReport {
  policy: string;
  passages: number;
  from: string | null;
  to: string | null;
  tiers: Record<Tier, { count: number; share: number }>;
  selections: Record<string, number>;
  hours: {
    capacity: number | null;
    mean: number;
    max: number;
    overCapacity: number;
    series: Array<{ hour: string; inspections: number }>;
  };
  /** With outcomes and a capacity: the teams' boardings simulated hour by hour, beside random and the oracle. */
  atCapacity: AtCapacity | null;
  outcomes: null | {
    known: number;
    baseRate: number | null;
    bySelection: Record<string, Rate>;
    targeted: Rate;
    control: Rate;
    /** targeted.rate / control.rate: how much better targeting finds violations than a uniform sample. */
    lift: number | null;
    /** Share of violations found against share of passages inspected, passages taken in list order. */
    capture: Array<{ inspected: number; captured: number }>;
    /** Violations among passages the policy let pass (outside the control sample). */
    falseNegatives: Rate;
    /** Compliant subjects stopped anyway: the cost of the policy to the honest. */
    burden: { compliant: number; stopped: number; rate: number | null };
  };
}

/** Selections made on risk, as opposed to the draws. */
const TARGETED = new Set(['overriding', 'score', 'window', 'unexpected']);
const HOUR = 3_600_000;
const rate = (n: number, violations: number): Rate => ({ n, violations, rate: n === 0 ? null : violations / n });
const inspected = (p: ReplayedPassage) => p.tier !== 'pass';
const TIER_RANK: Record<Tier, number> = { 'must-inspect': 0, 'may-inspect': 1, 'random-sample': 2, pass: 3 };

/**
 * What a policy would have done with a run of passages, and with ground truth, how well: hit rate
 * per selection reason, lift of targeting over the uniform control sample (which spans every
 * passage, selected or not), the capture curve, false negatives and the burden on the compliant.
 * Pure: the report is a function of the decisions and outcomes alone.
 */
export function backtest(
  policy: string,
  passages: readonly ReplayedPassage[],
  outcomes: ReadonlyMap<string, Outcome> | null,
  teams: readonly Team[] | null,
): BacktestReport {
  const n = passages.length;
  const capacity = teams ? teams.reduce((sum, t) => sum + t.boardingsPerHour, 0) : null;
  const tiers = Object.fromEntries(
    TIERS.map((t) => {
      const count = passages.filter((p) => p.tier === t).length;
      return [t, { count, share: n === 0 ? 0 : count / n }];
    }),
  ) as BacktestReport['tiers'];
  const selections: Record<string, number> = {};
  for (const p of passages) selections[p.selection] = (selections[p.selection] ?? 0) + 1;

  const perHour = new Map<number, number>();
  for (const p of passages)
    if (inspected(p)) perHour.set(Math.floor(p.at / HOUR), (perHour.get(Math.floor(p.at / HOUR)) ?? 0) + 1);
  const start = passages.reduce((m, p) => Math.min(m, p.at), Infinity);
  const end = passages.reduce((m, p) => Math.max(m, p.at), -Infinity);
  const first = n ? Math.floor(start / HOUR) : 0;
  const last = n ? Math.floor(end / HOUR) : -1;
  const series: BacktestReport['hours']['series'] = [];
  for (let h = first; h <= last; h++)
    series.push({ hour: new Date(h * HOUR).toISOString(), inspections: perHour.get(h) ?? 0 });
  const counts = series.map((s) => s.inspections);
  const hours = {
    capacity,
    mean: counts.length ? counts.reduce((a, b) => a + b, 0) / counts.length : 0,
    max: counts.length ? Math.max(...counts) : 0,
    overCapacity: capacity === null ? 0 : counts.filter((c) => c > capacity).length,
    series,
  };

  return {
    policy,
    passages: n,
    from: n ? new Date(start).toISOString() : null,
    to: n ? new Date(end).toISOString() : null,
    tiers,
    selections,
    hours,
    atCapacity: outcomes && teams ? atCapacity(inTimeOrder(passages), outcomes, teams) : null,
    outcomes: outcomes ? judge(passages, outcomes) : null,
  };
}

const inTimeOrder = (ps: readonly ReplayedPassage[]) =>
  ps.every((p, i) => i === 0 || (ps[i - 1] as ReplayedPassage).at <= p.at) ? ps : [...ps].sort((a, b) => a.at - b.at);

function judge(
  passages: readonly ReplayedPassage[],
  outcomes: ReadonlyMap<string, Outcome>,
): NonNullable<BacktestReport['outcomes']> {
  // Each passage's outcome looked up once; the passes below ask a set of the violating ones.
  const violating = new Set<ReplayedPassage>();
  const known = passages.filter((p) => {
    const o = outcomes.get(p.passageId);
    if (o?.violation) violating.add(p);
    return o !== undefined;
  });
  const bad = (p: ReplayedPassage) => violating.has(p);
  const count = (ps: readonly ReplayedPassage[]) => rate(ps.length, ps.filter(bad).length);
  const bySelection: Record<string, Rate> = {};
  for (const sel of new Set(known.filter(inspected).map((p) => p.selection))) {
    bySelection[sel] = count(known.filter((p) => inspected(p) && p.selection === sel));
  }
  const inControl = (p: ReplayedPassage) => p.control;
  const targeted = count(known.filter((p) => TARGETED.has(p.selection)));
  const control = count(known.filter(inControl));
  const violations = known.filter(bad).length;
  // List order: tier, then score, as officers work down the list.
  const ordered = [...known].sort(
    // Code-unit order for ties: the same on every machine, and far cheaper than a locale's.
    (a, b) =>
      TIER_RANK[a.tier] - TIER_RANK[b.tier] ||
      b.score - a.score ||
      (a.passageId < b.passageId ? -1 : a.passageId > b.passageId ? 1 : 0),
  );
  const capture: Array<{ inspected: number; captured: number }> = [{ inspected: 0, captured: 0 }];
  let found = 0;
  const step = Math.max(1, Math.floor(ordered.length / 50));
  ordered.forEach((p, i) => {
    if (bad(p)) found++;
    if ((i + 1) % step === 0 || i === ordered.length - 1)
      capture.push({ inspected: (i + 1) / ordered.length, captured: violations ? found / violations : 0 });
  });
  const compliant = known.filter((p) => !bad(p));
  const stopped = compliant.filter(inspected).length;
  return {
    known: known.length,
    baseRate: known.length ? violations / known.length : null,
    bySelection,
    targeted,
    control,
    lift: targeted.rate !== null && control.rate ? targeted.rate / control.rate : null,
    capture,
    falseNegatives: count(known.filter((p) => p.tier === 'pass' && !inControl(p))),
    burden: { compliant: compliant.length, stopped, rate: compliant.length ? stopped / compliant.length : null },
  };
}
