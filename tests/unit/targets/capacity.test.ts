import { describe, expect, it } from 'vitest';
import { approachingPassage, type PassageStatus } from '../../../src/domain/passage.js';
import type { Target, Tier } from '../../../src/domain/target.js';
import { planCapacity } from '../../../src/targets/capacity.js';

const target = (id: string, tier: Tier, score: number, etaS: number | null): Target => ({
  id,
  tier,
  score,
  etaS,
  kind: 'vessel',
  gate: null,
  name: id,
  grade: null,
  lists: [],
  lat: null,
  lon: null,
  speed: null,
  speedUnit: 'kn',
  course: null,
  distanceM: null,
  crossingSoon: etaS !== null,
  lastSeen: 0,
  capacity: null,
  reasons: [],
  selection: 'score',
  draw: null,
  passage: null,
});

describe('boarding capacity', () => {
  it('places must-inspect targets first, the riskiest when they exceed capacity, marks the excess "over", and fills may-inspect by score', () => {
    const plan = planCapacity(
      [
        target('m-late', 'must-inspect', 90, 3000),
        target('m-soon', 'must-inspect', 60, 600),
        target('m-mid', 'must-inspect', 70, 1200),
        target('may-low', 'may-inspect', 36, 100),
        target('may-high', 'may-inspect', 55, 2000),
        target('sample', 'random-sample', 10, 50),
        target('gone', 'must-inspect', 99, null),
        target('later', 'must-inspect', 99, 7200),
        target('pass', 'pass', 0, 10),
      ],
      2,
    );
    // Three must-inspect arrive for two boardings: the two riskiest are boarded, the third is the supervisor's alert.
    expect(Object.fromEntries(plan.states)).toEqual({
      'm-late': 'within',
      'm-mid': 'within',
      'm-soon': 'over',
      'may-high': 'deferred',
      'may-low': 'deferred',
      sample: 'deferred',
    });
    expect(plan).toMatchObject({ arriving: 6, mustOver: 1, deferred: 3 });
    const roomy = planCapacity(
      [
        target('may-low', 'may-inspect', 36, 100),
        target('may-high', 'may-inspect', 55, 2000),
        target('sample', 'random-sample', 10, 50),
      ],
      2,
    );
    expect(Object.fromEntries(roomy.states)).toEqual({ 'may-high': 'within', 'may-low': 'within', sample: 'deferred' });
  });

  it('keeps called and inspecting targets in their places and frees the place of an inspected or crossed one', () => {
    const at = (t: Target, status: PassageStatus): Target => ({
      ...t,
      passage: { ...PASSAGE, status, id: `p:${t.id}` },
    });
    const plan = planCapacity(
      [
        at(target('done', 'must-inspect', 90, 100), 'inspected'),
        at(target('crossed', 'must-inspect', 90, 0), 'missed'),
        at(target('boarding', 'may-inspect', 40, null), 'inspecting'),
        at(target('next', 'must-inspect', 80, 900), 'approaching'),
        target('after', 'may-inspect', 50, 300),
      ],
      2,
    );
    expect(Object.fromEntries(plan.states)).toEqual({ boarding: 'within', next: 'within', after: 'deferred' });
  });
});

const PASSAGE = approachingPassage('p', 't', 'vessel', 'S', 0, 'must-inspect');

describe('boarding teams', () => {
  it("gives each target to a team that boards its kind: a busy road team does not take the water team's place", () => {
    const truck = (id: string, etaS: number): Target => ({ ...target(id, 'must-inspect', 80, etaS), kind: 'vehicle' });
    const plan = planCapacity(
      [truck('t1', 100), truck('t2', 200), target('v1', 'must-inspect', 80, 300), target('v2', 'may-inspect', 40, 50)],
      3,
      [
        { kinds: ['vehicle'], boardingsPerHour: 1 },
        { kinds: ['vessel'], boardingsPerHour: 2 },
      ],
    );
    expect(Object.fromEntries(plan.states)).toEqual({ t1: 'within', t2: 'over', v1: 'within', v2: 'within' });
    expect(plan.mustOver).toBe(1);
  });

  it("gives each gate's team the targets heading for its gate only", () => {
    const at = (id: string, gate: string, score: number, etaS: number) => ({
      ...target(id, 'must-inspect', score, etaS),
      gate,
    });
    const plan = planCapacity([at('n1', 'north', 90, 100), at('n2', 'north', 80, 200), at('s1', 'south', 50, 300)], 2, [
      { kinds: ['vessel'], boardingsPerHour: 1, gate: 'north' },
      { kinds: ['vessel'], boardingsPerHour: 1, gate: 'south' },
    ]);
    // The north team boards one of its two; the south team's boarding is not lent to the north gate.
    expect(Object.fromEntries(plan.states)).toEqual({ n1: 'within', n2: 'over', s1: 'within' });
    expect(plan.teams.map((t) => [t.gate, t.boarded])).toEqual([
      ['north', 1],
      ['south', 1],
    ]);
  });
});
