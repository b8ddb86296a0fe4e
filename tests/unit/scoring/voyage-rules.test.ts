import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/scoring/decide.js';
import { loadPolicy } from '../../../src/scoring/policy.js';
import { subjectProblems, subjectToInput, type SubjectLine } from '../../../src/scoring/subject-input.js';

const AT = '2026-11-25T08:00:00.000Z';
const NOW = Date.parse(AT);
const SHIFT = { passageId: 'test:voyage', seedHex: 'ef'.repeat(32) };
const policies = ['kakou-checkpoint', 'paris-mou-nir', 'tokyo-mou-nir'].map((n) => ({
  ...loadPolicy(n),
  controlRate: 0,
}));

interface Barge {
  cones?: number;
  declared?: boolean;
  persons?: number;
  maxPersons?: number;
  loaded?: boolean;
  draught?: number;
  measuredDraught?: number;
  maxDraughtM?: number;
}

function barge(o: Barge): SubjectLine {
  return {
    kind: 'vessel',
    at: AT,
    identity: { mmsi: 413900001, name: 'ZHEJIAXINGHUO0201' },
    credit: {
      grade: 'A',
      shipType: 80,
      buildYear: 2018,
      inspections: [{ at: '2026-06-01T00:00:00Z', deficiencies: 1 }],
      ...(o.declared !== undefined && { dangerousCargo: o.declared }),
      ...(o.maxPersons !== undefined && { maxPersons: o.maxPersons }),
      ...(o.maxDraughtM !== undefined && { maxDraughtM: o.maxDraughtM }),
    },
    live: {
      ...(o.cones !== undefined && { blueCones: o.cones }),
      ...(o.persons !== undefined && { persons: o.persons }),
      ...(o.loaded !== undefined && { loaded: o.loaded }),
      ...(o.draught !== undefined && { draught: o.draught }),
      ...(o.measuredDraught !== undefined && { measuredDraught: o.measuredDraught }),
    },
  };
}
const codes = (s: SubjectLine, p = policies[0]) => {
  expect(subjectProblems(s)).toEqual([]);
  return decide(subjectToInput(s, NOW), p as (typeof policies)[number], SHIFT).reasons.map((r) => r.code);
};

describe('what a vessel signals of its voyage against what it declared', () => {
  it('finds blue cones shown with no dangerous cargo declared, and cargo declared with none shown', () => {
    expect(codes(barge({ cones: 2, declared: false }))).toContain('CONES_UNDECLARED');
    expect(codes(barge({ cones: 4, declared: false }))).toContain('CONES_UNDECLARED');
    expect(codes(barge({ cones: 0, declared: true }))).toContain('CONES_NOT_SHOWN');
    // Cones that agree with the declaration, or a declaration not known, say nothing.
    for (const quiet of [
      barge({ cones: 1, declared: true }),
      barge({ cones: 0, declared: false }),
      barge({ cones: 2 }),
    ])
      expect(codes(quiet).filter((c) => c.startsWith('CONES_'))).toEqual([]);
  });

  it('finds more persons on board than the certificate allows, and only then', () => {
    expect(codes(barge({ persons: 13, maxPersons: 12 }))).toContain('PERSONS_OVER_CERTIFICATE');
    expect(codes(barge({ persons: 12, maxPersons: 12 }))).not.toContain('PERSONS_OVER_CERTIFICATE');
    expect(codes(barge({ persons: 40 }))).not.toContain('PERSONS_OVER_CERTIFICATE');
  });

  it('finds a vessel reporting itself unloaded at a laden draught, the gauge outranking AIS', () => {
    const reasons = (s: SubjectLine) =>
      decide(subjectToInput(s, NOW), policies[0] as (typeof policies)[number], SHIFT).reasons;
    const found = reasons(barge({ loaded: false, draught: 3.2, maxDraughtM: 3.8 })).find(
      (r) => r.code === 'LOAD_STATE_CONTRADICTED',
    );
    expect(found?.evidence).toBe('AIS 200/10: loaded=2; AIS: 3.2 m ≥ 0.8 × 3.8 m');
    // The crew keys in a light draught; the gauge at the checkpoint measures the hull laden.
    const gauged = reasons(barge({ loaded: false, draught: 1.2, measuredDraught: 3.1, maxDraughtM: 3.8 }));
    expect(gauged.find((r) => r.code === 'LOAD_STATE_CONTRADICTED')?.evidence).toMatch(
      /^AIS 200\/10: loaded=2; input: 3\.1 m/,
    );
    for (const quiet of [
      barge({ loaded: false, draught: 1.4, maxDraughtM: 3.8 }), // empty and floating light
      barge({ loaded: false, draught: 2.4, measuredDraught: 1.3, maxDraughtM: 3.8 }), // the gauge says light
      barge({ loaded: true, draught: 3.7, maxDraughtM: 3.8 }), // laden and saying so
      barge({ loaded: false, draught: 3.7 }), // no maximum on record to judge by
      barge({ draught: 3.7, maxDraughtM: 3.8 }), // no load state reported
    ])
      expect(codes(quiet)).not.toContain('LOAD_STATE_CONTRADICTED');
  });

  it('is priced in every preset: a live finding that puts the vessel on the list', () => {
    for (const p of policies) {
      for (const s of [
        barge({ cones: 2, declared: false }),
        barge({ persons: 30, maxPersons: 12 }),
        barge({ loaded: false, draught: 3.5, maxDraughtM: 3.8 }),
      ]) {
        const d = decide(subjectToInput(s, NOW), p, SHIFT);
        expect(d.tier, p.name).not.toBe('pass');
      }
    }
  });
});
