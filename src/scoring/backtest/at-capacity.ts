import type { ReplayedPassage, Outcome, Rate } from './backtest.js';
import { hourRanges, simulateCapacity, type SimulatedHour, type Team } from './capacity-sim.js';

export interface BudgetFigures {
  /** Passages boarded, and their share of all passages. */
  boarded: number;
  budget: number;
  /** Violations among the boarded. */
  found: Rate;
  /** Share of all violations that were boarded. */
  captured: number;
  /** found.rate over the base rate of all passages. */
  liftOverBase: number | null;
}

export interface AtCapacity {
  teams: Team[];
  boardingsPerHour: { capacity: number; mean: number; max: number };
  /** Must-inspect passages no team could board, and the hours it happened in (supervisor alerts). */
  mustDeferred: { passages: number; hours: number };
  deferred: number;
  policy: BudgetFigures & {
    /** Violation rate of the boarded over the uniform control sample's, with Katz's interval at the 0.95 level. */
    lift: number | null;
    liftCi: [number, number] | null;
    control: Rate;
    /** Compliant subjects boarded anyway. */
    burden: { compliant: number; boarded: number; rate: number | null };
  };
  /** A uniform random choice of as many passages each hour as the policy boarded (expected values). */
  random: BudgetFigures;
  /** The best possible at that budget: each hour, the passages with the highest true probability (when known). */
  oracle: BudgetFigures | null;
  hours: SimulatedHour[];
}

const rate = (n: number, violations: number): Rate => ({ n, violations, rate: n === 0 ? null : violations / n });

/** Katz's log interval for a ratio of two proportions. */
export function ratioCi(a: number, n1: number, c: number, n2: number): [number, number] | null {
  if (a === 0 || c === 0 || n1 === 0 || n2 === 0) return null;
  const ratio = a / n1 / (c / n2);
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
  return [ratio * Math.exp(-1.96 * se), ratio * Math.exp(1.96 * se)];
}

/**
 * The backtest at the simulated capacity (capacity-sim.ts): what the teams boarded hour by hour,
 * how many violations that found and how much better than the control sample, the must-inspect
 * overflow, the burden on the compliant; beside it a uniform random choice and the oracle at the
 * same hourly budget. Passages in time order; outcomes known for every passage.
 */
export function atCapacity(
  passages: readonly ReplayedPassage[],
  outcomes: ReadonlyMap<string, Outcome>,
  teams: readonly Team[],
): AtCapacity {
  const sim = simulateCapacity(passages, teams);
  // Each passage's outcome looked up once: the passes below read it by index.
  const truth = passages.map((p) => outcomes.get(p.passageId));
  const bad = new Uint8Array(passages.length);
  let violations = 0;
  truth.forEach((o, k) => {
    if (o?.violation) {
      bad[k] = 1;
      violations++;
    }
  });
  const total = passages.length;
  const base = total ? violations / total : 0;
  const figures = (boarded: number, found: number): BudgetFigures => ({
    boarded: Math.round(boarded),
    budget: total ? boarded / total : 0,
    found: rate(Math.round(boarded), found),
    captured: violations ? found / violations : 0,
    liftOverBase: boarded && base ? found / boarded / base : null,
  });

  let boarded = 0;
  let found = 0;
  let randomFound = 0;
  let oracleFound = 0;
  let probabilities = true;
  let control = rate(0, 0);
  let compliantBoarded = 0;
  const ranges = hourRanges(passages);
  ranges.forEach(([from, to], h) => {
    const b = (sim.hours[h] as SimulatedHour).boarded;
    let v = 0;
    for (let k = from; k < to; k++) v += bad[k] as number;
    randomFound += to > from ? (b * v) / (to - from) : 0;
    const byProbability = truth.slice(from, to).sort((x, y) => (y?.probability ?? -1) - (x?.probability ?? -1));
    if (byProbability.some((o) => o?.probability === null || o?.probability === undefined)) probabilities = false;
    oracleFound += byProbability.slice(0, b).filter((o) => o?.violation).length;
    for (let k = from; k < to; k++) {
      const p = passages[k] as ReplayedPassage;
      if (sim.boarded[k]) {
        boarded++;
        if (bad[k]) found++;
        else compliantBoarded++;
      }
      if (p.control) control = rate(control.n + 1, control.violations + (bad[k] as number));
    }
  });
  const counts = sim.hours.map((x) => x.boarded);
  const policy = figures(boarded, found);
  const compliant = total - violations;
  return {
    teams: [...teams],
    boardingsPerHour: {
      capacity: teams.reduce((n, t) => n + t.boardingsPerHour, 0),
      mean: counts.length ? boarded / counts.length : 0,
      max: counts.length ? Math.max(...counts) : 0,
    },
    mustDeferred: {
      passages: sim.hours.reduce((n, x) => n + x.mustDeferred, 0),
      hours: sim.hours.filter((x) => x.mustDeferred > 0).length,
    },
    deferred: sim.hours.reduce((n, x) => n + x.deferred, 0),
    policy: {
      ...policy,
      lift: policy.found.rate !== null && control.rate ? policy.found.rate / control.rate : null,
      liftCi: ratioCi(found, boarded, control.violations, control.n),
      control,
      burden: { compliant, boarded: compliantBoarded, rate: compliant ? compliantBoarded / compliant : null },
    },
    random: figures(boarded, randomFound),
    oracle: probabilities && total > 0 ? figures(boarded, oracleFound) : null,
    hours: sim.hours,
  };
}
