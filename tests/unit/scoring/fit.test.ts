import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auc, keepsTheRegulation } from '../../../src/scoring/fit/fit-policy.js';
import { fitNonNegativeLogistic, type Row } from '../../../src/scoring/fit/nonneg-logistic.js';
import { loadPolicy } from '../../../src/scoring/policy.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'fit');
const read = (f: string) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8'));

describe('non-negative logistic regression', () => {
  it("agrees with SciPy's L-BFGS-B on a generated week (tests/fixtures/fit/fit-scipy.py)", () => {
    const data = read('rows.json') as {
      features: number;
      lambda: number;
      rows: Array<[number[], number[], number, number]>;
    };
    const rows: Row[] = data.rows.map(([index, value, n, positives]) => ({ index, value, n, positives }));
    const ours = fitNonNegativeLogistic(rows, data.features, data.lambda);
    const ref = read('scipy.json') as { intercept: number; weights: number[] };
    expect(ours.intercept).toBeCloseTo(ref.intercept, 3);
    ours.weights.forEach((w, i) => expect(w, `weight ${i}`).toBeCloseTo(ref.weights[i] as number, 3));
    expect(Math.min(...ours.weights)).toBeGreaterThanOrEqual(0);
  });

  it('keeps a weight at zero when the data would have it negative', () => {
    // Feature 0 lowers the odds; feature 1 raises them.
    const rows: Row[] = [
      { index: [], value: [], n: 1000, positives: 100 },
      { index: [0], value: [1], n: 1000, positives: 20 },
      { index: [1], value: [1], n: 1000, positives: 400 },
    ];
    const fit = fitNonNegativeLogistic(rows, 2, 0);
    expect(fit.weights[0]).toBe(0);
    // With feature 0 held at zero, the intercept takes the first two rows together: 120 in 2000.
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(fit.intercept).toBeCloseTo(logit(0.06), 4);
    expect(fit.weights[1]).toBeCloseTo(logit(0.4) - logit(0.06), 4);
  });
});

describe('a fitted policy', () => {
  it('reads the ranking quality of integer points as AUC, ties counting half', () => {
    const rows: Row[] = [
      { index: [0], value: [1], n: 10, positives: 8 },
      { index: [], value: [], n: 10, positives: 2 },
    ];
    // Pairs: 8x8 positives above negatives, 8x2 + 2x8 ties at half, 2x2 below: 80 of 100.
    expect(auc(rows, [10])).toBeCloseTo(0.8, 10);
    expect(auc(rows, [0])).toBe(0.5);
  });

  it('never drops an overriding factor or the control sample', () => {
    const base = loadPolicy('kakou-checkpoint');
    const bad = {
      ...base,
      controlRate: 0,
      factors: { ...base.factors, LIST_BLACK: { ...base.factors.LIST_BLACK, effect: undefined } },
    } as unknown as typeof base;
    let details: readonly string[] = [];
    try {
      keepsTheRegulation(base, bad);
    } catch (err) {
      details = (err as { details: readonly string[] }).details;
    }
    expect(details.join('\n')).toMatch(/LIST_BLACK: overriding/);
    expect(details.join('\n')).toMatch(/controlRate/);
    expect(() => keepsTheRegulation(base, base)).not.toThrow();
  });
});
