import { describe, expect, it } from 'vitest';
import type { Decision, Tier } from '../../../src/domain/target.js';
import { atCapacity } from '../../../src/scoring/backtest/at-capacity.js';
import { backtest, type ReplayedPassage } from '../../../src/scoring/backtest/backtest.js';
import { simulateCapacity } from '../../../src/scoring/backtest/capacity-sim.js';
import type { Policy } from '../../../src/scoring/policy.js';
import { cutoffFor, ScoreVolume } from '../../../src/scoring/volume-thresholds.js';

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
    kind: 'vessel',
    tier,
    selection,
    score,
    control: control < 0.02,
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
  const truth = new Map(
    (
      [
        ['a', true],
        ['b', false],
        ['c', true],
        ['d', false],
        ['e', false],
        ['f', true],
        ['g', false],
        ['h', true],
      ] as const
    ).map(([id, violation]) => [id, { violation, probability: null }]),
  );
  const team = (n: number) => [{ id: 't', kinds: ['vessel', 'vehicle'] as const, boardingsPerHour: n }];

  it('counts tiers, selections and inspections per hour against capacity', () => {
    const r = backtest('p@1', passages, null, team(2));
    expect(r.tiers['must-inspect']).toEqual({ count: 2, share: 0.25 });
    expect(r.selections).toMatchObject({ none: 3, score: 2, overriding: 1 });
    expect(r.hours.series.map((s) => s.inspections)).toEqual([2, 1, 2]);
    expect(r.hours).toMatchObject({ capacity: 2, max: 2, overCapacity: 0 });
    expect(backtest('p@1', passages, null, team(1)).hours.overCapacity).toBe(2);
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

describe('the backtest at the simulated capacity', () => {
  const at = (hour: number, minute: number) => hour * H + minute * 60_000;
  const p = (
    id: string,
    hour: number,
    minute: number,
    tier: Tier,
    score: number,
    kind: 'vessel' | 'vehicle' = 'vessel',
    control = false,
  ): ReplayedPassage => ({ passageId: id, at: at(hour, minute), kind, tier, selection: 'score', score, control });

  it('boards each hour in list order by team and kind, and reports must-inspect overflow instead of dropping it', () => {
    const passages = [
      p('late-must', 0, 50, 'must-inspect', 70),
      p('early-must', 0, 10, 'must-inspect', 60),
      p('may-low', 0, 5, 'may-inspect', 36),
      p('may-high', 0, 20, 'may-inspect', 50),
      p('truck', 0, 30, 'may-inspect', 40, 'vehicle'),
      p('sample', 0, 1, 'random-sample', 5),
      p('must-next', 1, 0, 'must-inspect', 90),
      p('must-over', 1, 5, 'must-inspect', 90),
    ];
    const teams = [
      { id: 'water', kinds: ['vessel'] as const, boardingsPerHour: 3 },
      { id: 'road', kinds: ['vehicle'] as const, boardingsPerHour: 1 },
    ];
    const sim = simulateCapacity(passages, teams);
    const boarded = passages.filter((_, i) => sim.boarded[i]).map((x) => x.passageId);
    // Vessels: both must-inspect, then the higher-scored may-inspect; the truck takes the road team.
    expect(boarded).toEqual(['late-must', 'early-must', 'may-high', 'truck', 'must-next', 'must-over']);
    expect(sim.hours[0]).toMatchObject({ passages: 6, asked: 6, boarded: 4, mustDeferred: 0, deferred: 2 });
    const tight = simulateCapacity(passages, [{ id: 'one', kinds: ['vessel', 'vehicle'], boardingsPerHour: 1 }]);
    expect(tight.hours.map((h) => h.mustDeferred)).toEqual([1, 1]);
  });

  it('sets lift over the control sample with its interval beside random and the oracle at the same budget', () => {
    const passages: ReplayedPassage[] = [];
    const outcomes = new Map<string, { violation: boolean; probability: number | null }>();
    for (let h = 0; h < 10; h++)
      for (let k = 0; k < 20; k++) {
        const id = `h${h}-${k}`;
        // Two passages an hour are risky and flagged; every tenth is in the control sample.
        const risky = k < 2;
        passages.push(
          p(id, h, k, risky ? 'must-inspect' : 'pass', risky ? 80 : 0, 'vessel', k % 10 === 5 || k % 10 === 0),
        );
        outcomes.set(id, { violation: risky ? k === 0 : k === 5 && h % 2 === 0, probability: risky ? 0.5 : 0.05 });
      }
    const r = atCapacity(passages, outcomes, [{ id: 't', kinds: ['vessel'], boardingsPerHour: 2 }]);
    expect(r.policy).toMatchObject({ boarded: 20, budget: 0.1, found: { n: 20, violations: 10 } });
    expect(r.policy.control).toEqual({ n: 40, violations: 15, rate: 15 / 40 });
    expect(r.policy.lift).toBeCloseTo(0.5 / (15 / 40), 10);
    const [lo, hi] = r.policy.liftCi as [number, number];
    expect(lo).toBeLessThan(r.policy.lift as number);
    expect(hi).toBeGreaterThan(r.policy.lift as number);
    // Random at 2 an hour finds its share: 2/20 of each hour's violations.
    expect(r.random.found.violations).toBeCloseTo(15 * 0.1, 10);
    expect(r.oracle?.found.violations).toBe(10);
    expect(r.mustDeferred).toEqual({ passages: 0, hours: 0 });
    expect(r.policy.burden).toEqual({ compliant: 185, boarded: 10, rate: 10 / 185 });
  });
});

describe('score thresholds by volume', () => {
  const policy = {
    thresholds: { mustInspect: 60, mayInspect: 35, mustInspectPerHour: 2, mayInspectPerHour: 4, volumeWindowDays: 2 },
  } as unknown as Policy;

  it('keeps the points until a day of passages is known, then sets cut-offs that ask for about the volume set', () => {
    const v = new ScoreVolume(policy);
    expect(v.cutoffs(0)).toMatchObject({ mustInspect: 60, mayInspect: 35, source: 'points' });
    // A hundred passages an hour scoring 0..99 evenly: two an hour are the top two scores, six the top six.
    for (let h = 0; h < 30; h++) for (let s = 0; s < 100; s++) v.add(h * H + s * 1000, s);
    const c = v.cutoffs(30 * H);
    expect(c).toMatchObject({ source: 'volume', mustInspect: 98, mayInspect: 94 });
    expect(c.passagesPerHour).toBeCloseTo(100, 5);
  });

  it('asks for no more than the volume when scores tie, and forgets hours past its window', () => {
    expect(cutoffFor([0, 0, 50, 50], 100, 0.3)).toBe(4);
    const v = new ScoreVolume(policy);
    for (let h = 0; h < 24; h++) for (let k = 0; k < 50; k++) v.add(h * H + k, 90);
    for (let h = 24; h < 48; h++) for (let k = 0; k < 50; k++) v.add(h * H + k, 10);
    // Two days later only the low scores are in the window: everything above them is rare.
    expect(v.cutoffs(48 * H).mustInspect).toBeLessThanOrEqual(91);
    for (let h = 48; h < 96; h++) for (let k = 0; k < 50; k++) v.add(h * H + k, 10);
    expect(v.cutoffs(96 * H).mustInspect).toBe(11);
  });
});
