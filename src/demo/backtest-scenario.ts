import { prng } from '../domain/prng.js';
import type { OutcomeLine } from '../scoring/backtest/backtest.js';
import type { SubjectLine } from '../scoring/subject-input.js';
import { diurnal, drawFaults, passageLine, poisson } from './scenario/passages.js';
import { makeSubject } from './scenario/population.js';
import { violationProbability } from './scenario/risk.js';

const HOUR = 3_600_000;

export interface ScenarioOptions {
  /** Passages to write. */
  passages: number;
  seed: number;
  /** The first hour, ms since the epoch. */
  start: number;
  /** Mean passages an hour over a day (the hours follow the day's traffic). */
  perHour?: number;
  /** Subjects in the register: each passes several times (default: a fifth of the passages, at least 50). */
  subjects?: number;
  /** Seed of the register, so two weeks of one scenario share their subjects (default: `seed`). */
  populationSeed?: number;
}

/**
 * A generated run of checkpoint passages: a register of vessels and hazmat road tankers whose
 * credit, history and habits go together, their passages hour by hour with the day's traffic, the
 * documents each trip carries (waybill in force, cargo within the certificate, driver on record)
 * and the faults careless subjects show, and for each passage whether it carried a violation and
 * the true probability it did (the oracle). Deterministic for its seeds.
 */
export function backtestScenario(o: ScenarioOptions): {
  passages: SubjectLine[];
  outcomes: Array<OutcomeLine & { probability: number }>;
} {
  const passages: SubjectLine[] = [];
  const outcomes: Array<OutcomeLine & { probability: number }> = [];
  for (const p of scenarioPassages(o)) {
    passages.push(p.line);
    outcomes.push(p.outcome);
  }
  return { passages, outcomes };
}

/** The scenario passage by passage, so a million of them can be written without holding them. */
export function* scenarioPassages(
  o: ScenarioOptions,
): Generator<{ line: SubjectLine; outcome: OutcomeLine & { probability: number } }> {
  const perHour = o.perHour ?? 120;
  const population = prng(o.populationSeed ?? o.seed);
  const register = Array.from({ length: o.subjects ?? Math.max(50, Math.floor(o.passages / 5)) }, (_, i) =>
    makeSubject(i, population, o.start),
  );
  // Some subjects travel far more than others.
  const weights = register.map(() => -Math.log(1 - population()));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  const r = prng(o.seed ^ 0x5eed);
  let made = 0;
  for (let hour = 0; made < o.passages; hour++) {
    const t0 = o.start + hour * HOUR;
    const n = Math.min(o.passages - made, poisson(perHour * diurnal(new Date(t0).getUTCHours()), r));
    const times = Array.from({ length: n }, () => t0 + Math.floor(r() * HOUR)).sort((a, b) => a - b);
    for (const at of times) {
      const x = r();
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cumulative[mid] as number) < x) lo = mid + 1;
        else hi = mid;
      }
      const subject = register[lo] as (typeof register)[number];
      const passageId = `p-${o.seed}-${String(made++).padStart(7, '0')}`;
      const faults = drawFaults(subject, r);
      const line = passageLine(subject, faults, at, passageId, r);
      const probability = violationProbability(line, faults, at);
      const outcome = { passageId, violation: r() < probability, probability: Math.round(probability * 1e6) / 1e6 };
      yield { line, outcome };
    }
  }
}
