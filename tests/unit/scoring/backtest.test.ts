import { describe, expect, it } from 'vitest';
import type { Decision, Tier } from '../../../src/domain/target.js';
import { backtest, type ReplayedPassage } from '../../../src/scoring/backtest/backtest.js';

const H = 3_600_000;
function passage(
  id: string,
  hour: number,
  tier: Tier,
  selection: Decision['selection'],
  score: number,
  control = 0.5,
): ReplayedPassage {
  return {
    passageId: id,
    at: hour * H + 60_000,
    decision: {
      tier,
      selection,
      score,
      reasons: [],
      draw: { passageId: id, credit: 0.9, control, rate: 0.1, controlRate: 0.02 },
    },
  };
}

describe('backtest figures', () => {
  const passages = [
    passage('a', 0, 'must-inspect', 'overriding', 80),
    passage('b', 0, 'may-inspect', 'score', 40),
    passage('c', 0, 'pass', 'none', 5),
    passage('d', 1, 'random-sample', 'control-random', 0, 0.01),
    passage('e', 1, 'pass', 'none', 0),
    passage('f', 2, 'must-inspect', 'score', 70, 0.015),
    passage('g', 2, 'pass', 'none', 10),
    passage('h', 2, 'random-sample', 'credit-random', 20),
  ];
  const truth = new Map([
    ['a', true],
    ['b', false],
    ['c', true],
    ['d', false],
    ['e', false],
    ['f', true],
    ['g', false],
    ['h', true],
  ]);

  it('counts tiers, selections and inspections per hour against capacity', () => {
    const r = backtest('p@1', passages, null, 2);
    expect(r.tiers['must-inspect']).toEqual({ count: 2, share: 0.25 });
    expect(r.selections).toMatchObject({ none: 3, score: 2, overriding: 1 });
    expect(r.hours.series.map((s) => s.inspections)).toEqual([2, 1, 2]);
    expect(r.hours).toMatchObject({ capacity: 2, max: 2, overCapacity: 0 });
    expect(backtest('p@1', passages, null, 1).hours.overCapacity).toBe(2);
    expect(r.outcomes).toBeNull();
  });

  it('measures hit rates, lift over the control sample drawn across every passage, false negatives and burden', () => {
    const o = backtest('p@1', passages, truth, null).outcomes;
    expect(o?.targeted).toEqual({ n: 3, violations: 2, rate: 2 / 3 });
    // The control sample: d (passed by the policy, drawn) and f (targeted, drawn too): 1 violation in 2.
    expect(o?.control).toEqual({ n: 2, violations: 1, rate: 0.5 });
    expect(o?.lift).toBeCloseTo(4 / 3, 10);
    expect(o?.falseNegatives).toEqual({ n: 3, violations: 1, rate: 1 / 3 });
    expect(o?.burden).toEqual({ compliant: 4, stopped: 2, rate: 0.5 });
    expect(o?.bySelection['credit-random']).toEqual({ n: 1, violations: 1, rate: 1 });
    expect(o?.capture[0]).toEqual({ inspected: 0, captured: 0 });
    expect(o?.capture.at(-1)).toEqual({ inspected: 1, captured: 1 });
  });
});
