import { describe, expect, it } from 'vitest';
import { prng } from '../../../src/domain/prng.js';
import { FLAG_LISTS, SHIP_KINDS } from '../../../src/domain/psc.js';
import { decide } from '../../../src/scoring/decide.js';
import { loadPolicy, type Policy } from '../../../src/scoring/policy.js';
import { PARIS, TOKYO, type Performance, type Regime } from '../../../src/scoring/psc/regimes.js';
import { shipRiskProfile, type ShipFacts } from '../../../src/scoring/psc/ship-risk-profile.js';
import { subjectProblems, subjectToInput, type SubjectLine } from '../../../src/scoring/subject-input.js';
import { addMonths } from '../../../src/scoring/windows.js';
import { goodShip } from '../../support/ships.js';

/*
 * The Paris and Tokyo presets against src/scoring/psc/, the regimes' ship risk profile written
 * straight from the published tables: the same ship, given to both as the snapshot carries it, has
 * the same points and the same profile. Then worked examples from the published criteria
 * (Directive 2009/16/EC Annex II as the Danish Maritime Authority lists it; the Tokyo MoU table in
 * ../shared/reference/targeting-anchors.md section 2).
 */
const AT = '2026-11-25T08:00:00.000Z';
const NOW = Date.parse(AT);
const YEAR = new Date(NOW).getUTCFullYear();
const SHIFT = { passageId: 'test:psc', seedHex: 'cd'.repeat(32) };
const noDraws = (name: string): Policy => ({ ...loadPolicy(name), controlRate: 0 });
const PRESETS: Array<[Regime, Policy]> = [
  [PARIS, noDraws('paris-mou-nir')],
  [TOKYO, noDraws('tokyo-mou-nir')],
];
const PROFILE = { HRS: 'high', SRS: 'standard', LRS: 'low' } as const;

/** The ship as a kakou-subject/1 line: the snapshot's PSC data, history and particulars. */
function line(f: ShipFacts): SubjectLine {
  const known = (p: Performance) => (p === 'unknown' ? undefined : p);
  const ro = known(f.roPerformance);
  const company = known(f.companyPerformance);
  return {
    kind: 'vessel',
    at: AT,
    identity: { mmsi: 413000009, name: 'PSC TEST' },
    credit: {
      // A company without published performance: a grade read as medium (no points, not high).
      grade: 'B',
      shipType: 70,
      buildYear: YEAR - f.ageYears,
      inspections: f.inspections36m.map((i) => ({
        at: new Date(i.at).toISOString(),
        deficiencies: i.deficiencies,
        detained: i.detained,
      })),
      psc: {
        type: f.kind,
        flag: { code: 'XA', list: f.flag, imoAudited: f.flagImoAudit },
        ro: { id: 'RO-1', recognised: f.roRecognised, ...(ro && { performance: ro }) },
        ...(company && { companyPerformance: company }),
        companyInspections36m: f.companyInspections36m,
      },
    },
  };
}

const windowOf = (d: ReturnType<typeof decide>) =>
  d.reasons.find((r) => r.code.startsWith('WINDOW_') || r.code === 'NEVER_INSPECTED');
const decideFor = (f: ShipFacts, p: Policy) => {
  const s = line(f);
  expect(subjectProblems(s)).toEqual([]);
  return decide(subjectToInput(s, NOW), p, SHIFT);
};

function randomShip(r: () => number): ShipFacts {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const levels: Performance[] = ['high', 'medium', 'low', 'very-low', 'unknown'];
  // Most ships start from one that meets every low-risk criterion and fail each with a small
  // chance, so that every criterion alone is what keeps some ship from low risk.
  const good = r() < 0.5;
  const holds = () => good && r() > 0.12;
  return {
    kind: pick(SHIP_KINDS),
    ageYears: Math.floor(r() * 30),
    flag: holds() ? 'white' : pick([...FLAG_LISTS, 'unlisted' as const]),
    flagImoAudit: holds() || r() < 0.5,
    roPerformance: holds() ? 'high' : pick(levels),
    roRecognised: holds() || r() < 0.5,
    companyPerformance: holds() ? 'high' : pick(levels),
    inspections36m: Array.from({ length: holds() ? 1 + Math.floor(r() * 3) : Math.floor(r() * 5) }, () => ({
      at: addMonths(NOW, -(0.5 + r() * 34)),
      deficiencies: Math.floor(r() * (holds() ? 6 : 12)),
      detained: !holds() && r() < 0.3,
    })),
    companyInspections36m: r() < 0.15 ? 0 : 1 + Math.floor(r() * 50),
  };
}

describe('the Paris and Tokyo presets reproduce src/scoring/psc/', () => {
  for (const [regime, policy] of PRESETS) {
    it(`${regime.name}: same points and profile as the ship risk profile on 3000 random ships`, () => {
      const r = prng(regime.hrsThreshold * 7919);
      const profiles = { HRS: 0, SRS: 0, LRS: 0 };
      for (let i = 0; i < 3000; i++) {
        const ship = randomShip(r);
        const expected = shipRiskProfile(ship, regime);
        const d = decideFor(ship, policy);
        expect(d.score, JSON.stringify(ship)).toBe(expected.points);
        expect(windowOf(d)?.text, JSON.stringify(ship)).toBeDefined();
        expect(windowOf(d)?.textEn.startsWith(`${PROFILE[expected.profile]} risk`), JSON.stringify(ship)).toBe(true);
        profiles[expected.profile]++;
      }
      // Each profile is reached often enough that the agreement means something.
      for (const n of Object.values(profiles)) expect(n).toBeGreaterThan(150);
    });
  }
});

/** A quality ship: every low-risk criterion holds, inspected twice in 36 months. */
const GOOD: ShipFacts = goodShip(NOW);
const [, PARIS_POLICY] = PRESETS[0] as [Regime, Policy];
const [, TOKYO_POLICY] = PRESETS[1] as [Regime, Policy];

describe('worked examples from the published criteria', () => {
  it('Paris: a 15-year-old bulk carrier under a high-risk black-list flag is high risk at 5 points', () => {
    const d = decideFor({ ...GOOD, kind: 'bulk-carrier', ageYears: 15, flag: 'black-high' }, PARIS_POLICY);
    expect(d.score).toBe(5);
    expect(d.reasons.filter((x) => x.points > 0).map((x) => [x.code, x.points])).toEqual([
      ['FLAG_BLACK_HIGH', 2],
      ['SHIP_TYPE_HIGH_RISK', 2],
      ['SHIP_AGE_OVER_12', 1],
    ]);
    // Last inspected 4 months ago: the high-risk window opens at 5 months.
    expect(windowOf(d)).toMatchObject({ code: 'WINDOW_NOT_DUE' });
    expect(
      decideFor({ ...GOOD, kind: 'bulk-carrier', ageYears: 15, flag: 'black-high', inspections36m: [] }, PARIS_POLICY),
    ).toMatchObject({ tier: 'must-inspect', selection: 'window' });
  });

  it('Paris: low RO and company performance score 1 and 2; a medium-risk black-list flag 1', () => {
    const d = decideFor(
      { ...GOOD, roPerformance: 'low', companyPerformance: 'low', flag: 'black-medium' },
      PARIS_POLICY,
    );
    expect(d.score).toBe(4);
    expect(windowOf(d)?.textEn).toMatch(/^standard risk/);
  });

  it('Paris: low risk is lost by any one criterion, with no points: flag audit, RO recognition, company', () => {
    expect(windowOf(decideFor(GOOD, PARIS_POLICY))?.textEn).toMatch(/^low risk/);
    for (const worse of [
      { flagImoAudit: false },
      { flag: 'grey' as const },
      { roRecognised: false },
      { roPerformance: 'unknown' as const },
      { companyPerformance: 'medium' as const },
      { inspections36m: [] },
    ]) {
      const d = decideFor({ ...GOOD, ...worse }, PARIS_POLICY);
      expect(d.score, JSON.stringify(worse)).toBe(0);
      expect(windowOf(d)?.textEn, JSON.stringify(worse)).toMatch(/^standard risk|^standard risk, no inspection/);
    }
  });

  it('Tokyo: a container ship under a black-list flag whose company had no inspection in 36 months is high risk', () => {
    const ship = { ...GOOD, kind: 'container' as const, flag: 'black-medium' as const, companyInspections36m: 0 };
    expect(decideFor(ship, TOKYO_POLICY).score).toBe(5);
    expect(windowOf(decideFor(ship, TOKYO_POLICY))?.textEn).toMatch(/^high risk/);
    // The same ship in the Paris MoU: 1 point for the flag, standard risk.
    expect(decideFor(ship, PARIS_POLICY).score).toBe(1);
  });

  it('Tokyo: only very low RO and company performance score; any black-list level is 1 point', () => {
    expect(decideFor({ ...GOOD, roPerformance: 'low', companyPerformance: 'low' }, TOKYO_POLICY).score).toBe(0);
    expect(decideFor({ ...GOOD, roPerformance: 'very-low', companyPerformance: 'very-low' }, TOKYO_POLICY).score).toBe(
      3,
    );
    expect(decideFor({ ...GOOD, flag: 'black-very-high' }, TOKYO_POLICY).score).toBe(1);
  });
});
