import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/scoring/decide.js';
import { loadPolicy, type Policy } from '../../../src/scoring/policy.js';
import { subjectProblems, subjectToInput, type SubjectLine } from '../../../src/scoring/subject-input.js';
import { addMonths } from '../../../src/scoring/windows.js';

/*
 * Worked examples of the Paris MoU (Directive 2009/16/EC Annexes I and II) and Tokyo MoU selection
 * rules through the presets, as subjects in the kakou score input format.
 */
const AT = '2026-11-25T08:00:00.000Z';
const NOW = Date.parse(AT);
const SHIFT = { passageId: 'test:passage', seedHex: 'ab'.repeat(32) };
const monthsAgo = (m: number) => new Date(addMonths(NOW, -m)).toISOString();
// The control sample is switched off so that each example shows the rule alone.
const noDraws = (name: string): Policy => ({ ...loadPolicy(name), controlRate: 0 });
const PARIS = noDraws('paris-mou-nir');
const TOKYO = noDraws('tokyo-mou-nir');

/** A ship; `lastInspected` months ago with `deficiencies` found; extra fields override. */
function ship(o: {
  type?: number;
  built?: number;
  grade?: 'AA' | 'A' | 'B' | 'C' | 'D';
  inspections?: Array<[number, number, boolean?]>;
  signals?: string[];
  lists?: Array<'black' | 'key-attention'>;
  companyInspections36m?: number;
}): SubjectLine {
  return {
    kind: 'vessel',
    at: AT,
    identity: { mmsi: 413000001, name: 'TEST ONE' },
    credit: {
      grade: o.grade ?? 'A',
      shipType: o.type ?? 70,
      buildYear: o.built ?? 2020,
      registeredName: 'TEST ONE',
      inspections: (o.inspections ?? [[4, 2]]).map(([m, deficiencies, detained]) => ({
        at: monthsAgo(m),
        deficiencies,
        detained: detained === true,
      })),
      lists: (o.lists ?? []).map((list) => ({ list })),
      // A white-list, audited flag and a well-performing, recognised RO: the company's performance
      // is read from its credit grade, so the examples vary it by grade.
      psc: {
        flag: { code: 'NO', list: 'white', imoAudited: true },
        ro: { id: 'RO-1', performance: 'high', recognised: true },
        ...(o.companyInspections36m !== undefined && { companyInspections36m: o.companyInspections36m }),
      },
    },
    live: { signals: o.signals ?? [] },
  };
}
const decideFor = (s: SubjectLine, p: Policy) => {
  expect(subjectProblems(s)).toEqual([]);
  return decide(subjectToInput(s, NOW), p, SHIFT);
};
const window = (d: ReturnType<typeof decide>) =>
  d.reasons.find((r) => r.code.startsWith('WINDOW_') || r.code === 'NEVER_INSPECTED');

describe('Paris MoU New Inspection Regime preset', () => {
  // A 16-year-old oil tanker (2 + 1) of a grade-D company (very low performance, 2): 5 points.
  const hrs = (lastMonths: number) => ship({ type: 80, built: 2010, grade: 'D', inspections: [[lastMonths, 3]] });

  it('is high risk at 5 points: may inspect 5 months after the last inspection, must at 6', () => {
    const notDue = decideFor(hrs(4), PARIS);
    expect(notDue).toMatchObject({ score: 5, tier: 'pass' });
    expect(window(notDue)).toMatchObject({ code: 'WINDOW_NOT_DUE', evidence: expect.stringMatching(/^high; /) });
    expect(decideFor(hrs(5.5), PARIS)).toMatchObject({ tier: 'may-inspect', selection: 'window' });
    expect(decideFor(hrs(6.5), PARIS)).toMatchObject({ tier: 'must-inspect', selection: 'window' });
  });

  it('is standard risk at 4 points: windows of 10 and 12 months', () => {
    // Tanker (2), 16 years (1), two detentions in 36 months (1): 4 points, below the high-risk 5.
    const srs = (m: number) =>
      ship({
        type: 80,
        built: 2010,
        inspections: [
          [m, 4],
          [20, 8, true],
          [30, 9, true],
        ],
      });
    expect(decideFor(srs(9), PARIS)).toMatchObject({ score: 4, tier: 'pass' });
    expect(window(decideFor(srs(9), PARIS))?.evidence).toMatch(/^standard; /);
    expect(decideFor(srs(11), PARIS).tier).toBe('may-inspect');
    expect(decideFor(srs(13), PARIS).tier).toBe('must-inspect');
  });

  it('is low risk only when every criterion holds: windows of 24 and 36 months', () => {
    const lrs = (m: number, more: Array<[number, number, boolean?]> = []) =>
      ship({ grade: 'A', inspections: [[m, 1], ...more] });
    expect(window(decideFor(lrs(20), PARIS))).toMatchObject({
      code: 'WINDOW_NOT_DUE',
      evidence: expect.stringMatching(/^low; /),
    });
    expect(decideFor(lrs(25), PARIS).tier).toBe('may-inspect');
    // One detention, one inspection with more than 5 deficiencies, or a grade-B company: standard risk, due at 10-12 months.
    expect(decideFor(lrs(11, [[14, 2, true]]), PARIS).tier).toBe('may-inspect');
    expect(decideFor(lrs(11, [[14, 6]]), PARIS).tier).toBe('may-inspect');
    expect(decideFor({ ...lrs(11), credit: { ...lrs(11).credit, grade: 'B' } }, PARIS).tier).toBe('may-inspect');
  });

  it('treats a ship never inspected as due, and one not in the snapshot as an overriding factor', () => {
    const never = decideFor(ship({ inspections: [] }), PARIS);
    expect(never).toMatchObject({ tier: 'must-inspect', selection: 'window' });
    expect(window(never)?.code).toBe('NEVER_INSPECTED');
    const unknown: SubjectLine = { kind: 'vessel', at: AT, identity: { mmsi: 413999999 } };
    expect(decideFor(unknown, PARIS)).toMatchObject({ tier: 'must-inspect', selection: 'overriding' });
  });

  it('makes an overriding factor Priority I whatever the window, and an unexpected one at least Priority II', () => {
    expect(decideFor(ship({ inspections: [[1, 0]], lists: ['black'] }), PARIS)).toMatchObject({
      tier: 'must-inspect',
      selection: 'overriding',
    });
    expect(decideFor(ship({ inspections: [[1, 0]], signals: ['AIS_SPEEDING_ZONE'] }), PARIS)).toMatchObject({
      tier: 'must-inspect',
      selection: 'overriding',
    });
    expect(decideFor(ship({ inspections: [[1, 0]], signals: ['AIS_WENT_DARK'] }), PARIS)).toMatchObject({
      tier: 'may-inspect',
      selection: 'unexpected',
    });
    expect(decideFor(ship({ inspections: [[1, 0]], lists: ['key-attention'] }), PARIS)).toMatchObject({
      tier: 'may-inspect',
      selection: 'unexpected',
    });
    // An unexpected factor never lowers a due ship.
    expect(decideFor({ ...hrs(7), live: { signals: ['AIS_WENT_DARK'] } }, PARIS).tier).toBe('must-inspect');
  });
});

describe('Tokyo MoU preset: the differences', () => {
  it('is high risk from 4 points, with windows of 2-4 months', () => {
    // Tanker (2), 16 years (1): 3 points in both regimes; one inspection with 6 deficiencies adds 1 in Tokyo only.
    const s = ship({ type: 80, built: 2010, inspections: [[3, 6]] });
    expect(decideFor(s, PARIS)).toMatchObject({ score: 3, tier: 'pass' });
    const t = decideFor(s, TOKYO);
    expect(t).toMatchObject({ score: 4, tier: 'may-inspect', selection: 'window' });
    expect(window(t)?.evidence).toMatch(/^high; /);
    expect(decideFor(ship({ type: 80, built: 2010, inspections: [[5, 6]] }), TOKYO).tier).toBe('must-inspect');
  });

  it('scores three detentions, not two; a grade-C company not at all; a company not inspected in 36 months 2 points', () => {
    const two = ship({
      inspections: [
        [3, 2, true],
        [9, 2, true],
      ],
    });
    expect(decideFor(two, PARIS).score).toBe(1);
    expect(decideFor(two, TOKYO).score).toBe(0);
    expect(
      decideFor(
        ship({
          inspections: [
            [3, 2, true],
            [9, 2, true],
            [15, 1, true],
          ],
        }),
        TOKYO,
      ).score,
    ).toBe(1);
    expect(decideFor(ship({ grade: 'C' }), PARIS).score).toBe(2);
    expect(decideFor(ship({ grade: 'C' }), TOKYO).score).toBe(0);
    expect(decideFor(ship({ inspections: [], companyInspections36m: 0 }), TOKYO).score).toBe(2);
    // Unknown is not none: a company whose inspections the snapshot does not count scores nothing.
    expect(decideFor(ship({ inspections: [] }), TOKYO).score).toBe(0);
  });
});

describe('kakou-checkpoint burden cap', () => {
  const always = { ...loadPolicy('kakou-checkpoint'), samplingRates: { AA: 1, A: 1, B: 1, C: 1, D: 1, unknown: 1 } };
  const clean = (daysAgo: number, signals: string[] = []): SubjectLine => ({
    ...ship({ grade: 'A', inspections: [[8, 1]], signals }),
    lastInspection: { at: new Date(NOW - daysAgo * 86_400_000).toISOString(), clean: true },
  });

  it('spares a subject inspected clean within the cap from the credit draw, unless a live signal appears', () => {
    const spared = decideFor(clean(10), { ...always, controlRate: 0 });
    expect(spared).toMatchObject({ tier: 'pass', selection: 'exempt' });
    expect(spared.draw?.rate).toBe(0);
    expect(spared.reasons.map((r) => r.code)).toContain('BURDEN_CAP');
    // The uniform control draw still applies, so the control sample stays unbiased.
    expect(decideFor(clean(10), { ...always, controlRate: 1 })).toMatchObject({
      tier: 'random-sample',
      selection: 'control-random',
    });
    expect(decideFor(clean(40), always)).toMatchObject({ tier: 'random-sample', selection: 'credit-random' });
    expect(decideFor(clean(10, ['AIS_INVALID_MMSI']), always).tier).not.toBe('pass');
  });

  it('does not flag again a subject this node inspected within the window, unless a live signal appears', () => {
    const policy = { ...loadPolicy('kakou-checkpoint'), controlRate: 0 };
    const here = (s: SubjectLine, daysAgo: number) =>
      decide({ ...subjectToInput(s, NOW), local: { lastInspectionAt: NOW - daysAgo * 86_400_000 } }, policy, SHIFT);
    const black = ship({ grade: 'D', lists: ['black'] });
    expect(decideFor(black, policy).tier).toBe('must-inspect');
    // Inspected here yesterday: the next passage is not flagged, whatever the credit says.
    expect(here(black, 1)).toMatchObject({ tier: 'pass', selection: 'exempt' });
    expect(here(black, 1).reasons.map((r) => r.code)).toContain('BURDEN_CAP');
    expect(here(black, 40).tier).toBe('must-inspect');
    // A live signal since is new cause: flagged as usual; one it carried when inspected is not new.
    const signalling = ship({ grade: 'D', lists: ['black'], signals: ['AIS_INVALID_MMSI'] });
    expect(here(signalling, 1).tier).toBe('must-inspect');
    const known = { lastInspectionAt: NOW - 86_400_000, reasonsAtLastInspection: ['AIS_INVALID_MMSI'] };
    expect(decide({ ...subjectToInput(signalling, NOW), local: known }, policy, SHIFT).tier).toBe('pass');
    // The control draw spans every passage, spared or not.
    const sampled = decide(
      { ...subjectToInput(black, NOW), local: { lastInspectionAt: NOW - 86_400_000 } },
      { ...policy, controlRate: 1 },
      SHIFT,
    );
    expect(sampled).toMatchObject({ tier: 'random-sample', selection: 'control-random' });
  });
});
