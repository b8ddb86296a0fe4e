import { describe, expect, it } from 'vitest';
import { PARIS, TOKYO } from '../../../src/scoring/psc/regimes.js';
import { inspectionPriority, shipRiskProfile, type ShipFacts } from '../../../src/scoring/psc/ship-risk-profile.js';
import { goodShip } from '../../support/ships.js';

const NOW = Date.parse('2026-11-25T00:00:00Z');
const month = (n: number) => {
  const d = new Date(NOW);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.getTime();
};
const clean = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ at: month(6 * (i + 1)), deficiencies: 2, detained: false }));

/** A well-run container ship: every low-risk criterion holds. */
const GOOD: ShipFacts = goodShip(NOW, { kind: 'container', inspections36m: clean(2), companyInspections36m: 40 });

describe('Paris MoU ship risk profile (Directive 2009/16/EC Annex II)', () => {
  it('is high risk at 5 points: a 15-year-old oil tanker under a high-risk black-list flag', () => {
    const r = shipRiskProfile({ ...GOOD, kind: 'oil-tanker', ageYears: 15, flag: 'black-high' }, PARIS);
    expect(r).toMatchObject({ profile: 'HRS', points: 5 });
    expect(r.factors.map((f) => [f.criterion, f.points])).toEqual([
      ['ship-type', 2],
      ['age', 1],
      ['flag', 2],
    ]);
  });

  it('is standard risk at 4 points, and when a single low-risk criterion fails', () => {
    expect(shipRiskProfile({ ...GOOD, kind: 'oil-tanker', ageYears: 15, flag: 'black-medium' }, PARIS)).toMatchObject({
      profile: 'SRS',
      points: 4,
    });
    expect(shipRiskProfile({ ...GOOD, flag: 'grey' }, PARIS)).toMatchObject({
      profile: 'SRS',
      points: 0,
      notLowRiskBecause: ['flag not on the white list'],
    });
  });

  it('is low risk only when every criterion holds, including at least one inspection in 36 months', () => {
    expect(shipRiskProfile(GOOD, PARIS).profile).toBe('LRS');
    expect(shipRiskProfile({ ...GOOD, inspections36m: [] }, PARIS)).toMatchObject({
      profile: 'SRS',
      notLowRiskBecause: ['no inspection in 36 months'],
    });
    expect(
      shipRiskProfile({ ...GOOD, inspections36m: [{ at: month(3), deficiencies: 6, detained: false }] }, PARIS).profile,
    ).toBe('SRS');
  });

  it('gives an unlisted recognised organisation no points, but never low risk', () => {
    const r = shipRiskProfile({ ...GOOD, roPerformance: 'unknown' }, PARIS);
    expect(r).toMatchObject({ profile: 'SRS', points: 0 });
  });

  it('scores company performance and two detentions in 36 months', () => {
    const detained = [
      { at: month(2), deficiencies: 9, detained: true },
      { at: month(14), deficiencies: 7, detained: true },
    ];
    const r = shipRiskProfile({ ...GOOD, companyPerformance: 'very-low', inspections36m: detained }, PARIS);
    expect(r.factors.map((f) => f.criterion)).toEqual(['company', 'detentions']);
    expect(r.points).toBe(3);
  });

  it('opens the window at 5 months and closes it at 6 for high-risk ships, 10/12 standard, 24/36 low', () => {
    expect(inspectionPriority('HRS', month(4), NOW, PARIS).priority).toBe('none');
    expect(inspectionPriority('HRS', month(5), NOW, PARIS).priority).toBe('II');
    expect(inspectionPriority('HRS', month(6), NOW, PARIS).priority).toBe('I');
    expect(inspectionPriority('SRS', month(11), NOW, PARIS).priority).toBe('II');
    expect(inspectionPriority('LRS', month(30), NOW, PARIS).priority).toBe('II');
    expect(inspectionPriority('LRS', month(36), NOW, PARIS).priority).toBe('I');
    expect(inspectionPriority('LRS', null, NOW, PARIS).priority).toBe('I');
  });

  it('makes an overriding factor Priority I and an unexpected factor at least Priority II', () => {
    expect(inspectionPriority('LRS', month(1), NOW, PARIS, { overriding: true }).priority).toBe('I');
    expect(inspectionPriority('LRS', month(1), NOW, PARIS, { unexpected: true }).priority).toBe('II');
    expect(inspectionPriority('HRS', month(7), NOW, PARIS, { unexpected: true }).priority).toBe('I');
  });
});

describe('Tokyo MoU differences', () => {
  it('is high risk at 4 points', () => {
    const ship = { ...GOOD, kind: 'oil-tanker' as const, ageYears: 15, flag: 'black-medium' as const };
    expect(shipRiskProfile(ship, PARIS).profile).toBe('SRS');
    expect(shipRiskProfile(ship, TOKYO)).toMatchObject({ profile: 'HRS', points: 4 });
  });

  it('counts container ships as a high-risk type and scores a black-list flag 1 point', () => {
    const r = shipRiskProfile({ ...GOOD, flag: 'black-very-high' }, TOKYO);
    expect(r.factors.map((f) => [f.criterion, f.points])).toEqual([
      ['ship-type', 2],
      ['flag', 1],
    ]);
    expect(
      shipRiskProfile({ ...GOOD, flag: 'black-very-high' }, PARIS).factors.map((f) => [f.criterion, f.points]),
    ).toEqual([['flag', 2]]);
  });

  it('scores each inspection with more than 5 deficiencies, and a company never inspected in 36 months', () => {
    const r = shipRiskProfile(
      {
        ...GOOD,
        kind: 'general-cargo',
        companyInspections36m: 0,
        inspections36m: [
          { at: month(3), deficiencies: 8, detained: false },
          { at: month(9), deficiencies: 6, detained: false },
          { at: month(20), deficiencies: 5, detained: false },
        ],
      },
      TOKYO,
    );
    expect(r.factors.map((f) => [f.criterion, f.points])).toEqual([
      ['company-not-inspected', 2],
      ['deficient-inspections', 2],
    ]);
    expect(r.profile).toBe('HRS');
  });

  it('uses the shorter windows: 2-4 months high risk, 5-8 standard, 9-18 low', () => {
    expect(inspectionPriority('HRS', month(3), NOW, TOKYO).priority).toBe('II');
    expect(inspectionPriority('HRS', month(4), NOW, TOKYO).priority).toBe('I');
    expect(inspectionPriority('SRS', month(6), NOW, TOKYO).priority).toBe('II');
    expect(inspectionPriority('LRS', month(8), NOW, TOKYO).priority).toBe('none');
    expect(inspectionPriority('LRS', month(18), NOW, TOKYO).priority).toBe('I');
  });
});
