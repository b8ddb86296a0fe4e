import { KakouError } from '../../errors.js';
import type { Policy } from '../policy.js';
import { cutoffFor } from '../volume-thresholds.js';
import { unitCap, type Dataset } from './dataset.js';
import { fitNonNegativeLogistic, type Row } from './nonneg-logistic.js';

/**
 * Points per unit of log-odds: fifteen points make the odds of a violation about 2.7 times
 * higher. Fine enough that rounding to whole points keeps the model's order, coarse enough that
 * only the riskiest few reach the cap of 100, where order no longer matters (all are boarded).
 */
export const POINTS_PER_LOG_ODDS = 15;

const scoreOf = (row: Row, points: readonly number[]) =>
  Math.min(
    100,
    row.index.reduce((s, i, k) => s + (points[i] as number) * (row.value[k] as number), 0),
  );

/** Area under the ROC curve of integer scores over aggregated rows (ties count half). */
export function auc(rows: readonly Row[], points: readonly number[]): number | null {
  const byScore = new Map<number, { pos: number; neg: number }>();
  for (const r of rows) {
    const s = scoreOf(r, points);
    const b = byScore.get(s) ?? { pos: 0, neg: 0 };
    b.pos += r.positives;
    b.neg += r.n - r.positives;
    byScore.set(s, b);
  }
  const pos = rows.reduce((s, r) => s + r.positives, 0);
  const neg = rows.reduce((s, r) => s + r.n - r.positives, 0);
  if (pos === 0 || neg === 0) return null;
  let below = 0;
  let sum = 0;
  for (const [, b] of [...byScore].sort((x, y) => x[0] - y[0])) {
    sum += b.pos * (below + b.neg / 2);
    below += b.neg;
  }
  return sum / (pos * neg);
}

/**
 * A policy whose factor prices are fitted to outcomes (src/scoring/README.md, "Fitting"): the
 * base policy's effects, draws, windows and capacity kept, each factor priced by its non-negative
 * logistic weight as integer points, thresholds by volume from the capacity, and the data and the
 * fit's quality (held-out AUC, calibration by score band) named in the policy itself. Refuses a
 * result that would drop an overriding factor or the control sample.
 */
export function fitPolicy(base: Policy, data: Dataset, passagesFile: string, lambda = 1e-4): Policy {
  if (data.train.length === 0)
    throw new KakouError('KAKOU_E_SCORE_INPUT', 'no passage with a known outcome to fit on', [passagesFile]);
  const fit = fitNonNegativeLogistic(data.train, data.columns.length, lambda);
  const points = fit.weights.map((w) => Math.min(100, Math.round(w * POINTS_PER_LOG_ODDS)));
  const from = new Date(data.from).toISOString();
  const to = new Date(data.to).toISOString();
  const heldOutAuc = auc(data.heldOut, points);
  const said =
    `fitted on ${passagesFile} (${data.passages} passages, ${from.slice(0, 10)} to ${to.slice(0, 10)}; ` +
    `held-out AUC ${heldOutAuc === null ? 'n/a' : heldOutAuc.toFixed(3)})`;
  const factors: Policy['factors'] = { ...base.factors };
  data.columns.forEach((code, i) => {
    const before = base.factors[code];
    if (!before) return;
    const p = points[i] as number;
    // A factor fitted by its count is priced per unit, from the first, up to the count it was fitted on.
    const { minUnits: _fittedFromOne, ...kept } = before;
    factors[code] = data.perUnit.has(i)
      ? {
          ...kept,
          points: p,
          perUnit: true,
          max: Math.min(100, p * unitCap(base, code)),
          source: `${said}: ${(fit.weights[i] as number).toFixed(3)} log-odds per unit`,
        }
      : { ...before, points: p, source: `${said}: ${(fit.weights[i] as number).toFixed(3)} log-odds` };
  });
  // Thresholds from the capacity: half the boardings asked for as must-inspect, and may-inspect
  // candidates for twice the boardings, so the teams always board by score, never by draw.
  const capacity = base.capacity?.boardingsPerHour ?? 6;
  const must = capacity / 2;
  const may = capacity * 2 - must;
  const counts = new Array<number>(101).fill(0);
  for (const r of data.train) {
    const s = Math.round(scoreOf(r, points));
    counts[s] = (counts[s] as number) + r.n;
  }
  const trained = data.train.reduce((s, r) => s + r.n, 0);
  const perHour = data.passages / Math.max(data.hours, 1);
  const mustAt = cutoffFor(counts, trained, must / perHour);
  const mayAt = Math.max(1, Math.min(mustAt - 1, cutoffFor(counts, trained, (must + may) / perHour)));
  const policy: Policy = {
    ...base,
    name: base.name.endsWith('-fitted') ? base.name : `${base.name}-fitted`,
    version: `${to.slice(0, 10)}-${data.passages}`,
    description: `${base.description ?? base.name}; factor prices ${said}.`,
    thresholds: {
      mustInspect: Math.max(2, mustAt),
      mayInspect: Math.max(1, Math.min(mayAt, mustAt - 1)),
      mustInspectPerHour: must,
      mayInspectPerHour: may,
      volumeWindowDays: base.thresholds.volumeWindowDays ?? 7,
    },
    fit: {
      passages: passagesFile,
      from,
      to,
      count: data.passages,
      violations: data.violations,
      heldOut: { count: data.heldOut.reduce((s, r) => s + r.n, 0), auc: heldOutAuc },
      pointsPerLogOdds: POINTS_PER_LOG_ODDS,
      calibration: calibration(data.heldOut, points, fit.intercept, fit.weights),
    },
    factors,
  };
  keepsTheRegulation(base, policy);
  return policy;
}

/** Held-out passages by score band: the violations seen against those the fitted model expects. */
function calibration(rows: readonly Row[], points: readonly number[], b: number, w: readonly number[]) {
  const bands = [0, 10, 20, 30, 40, 50, 60, 80, 101];
  return bands.slice(0, -1).map((lo, k) => {
    const hi = (bands[k + 1] as number) - 1;
    let n = 0;
    let seen = 0;
    let expected = 0;
    for (const r of rows) {
      const s = scoreOf(r, points);
      if (s < lo || s > hi) continue;
      const z = r.index.reduce((acc, i, j) => acc + (w[i] as number) * (r.value[j] as number), b);
      n += r.n;
      seen += r.positives;
      expected += r.n / (1 + Math.exp(-z));
    }
    return {
      scores: [lo, Math.min(hi, 100)] as [number, number],
      passages: n,
      observed: n ? seen / n : null,
      predicted: n ? expected / n : null,
    };
  });
}

/** A fitted policy never drops a regulation's overriding factors nor the control sample. */
export function keepsTheRegulation(base: Policy, fitted: Policy): void {
  const problems: string[] = [];
  for (const [code, f] of Object.entries(base.factors))
    if (f.effect === 'overriding' && fitted.factors[code]?.effect !== 'overriding')
      problems.push(`/factors/${code}: overriding in ${base.name}, and must stay so`);
  if (base.controlRate > 0 && !(fitted.controlRate >= base.controlRate))
    problems.push(`/controlRate: the control sample of ${base.controlRate} must be kept`);
  if (problems.length > 0)
    throw new KakouError(
      'KAKOU_E_POLICY_INVALID',
      'the fitted policy would drop what the regulation requires',
      problems,
    );
}
