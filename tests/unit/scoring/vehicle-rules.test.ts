import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/scoring/decide.js';
import { loadPolicy } from '../../../src/scoring/policy.js';
import { subjectProblems, subjectToInput, type SubjectLine } from '../../../src/scoring/subject-input.js';

const AT = '2026-11-25T08:00:00.000Z';
const NOW = Date.parse(AT);
const H = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();
const policy = { ...loadPolicy('kakou-checkpoint'), controlRate: 0 };
const SHIFT = { passageId: 't:passage', seedHex: 'ab'.repeat(32) };
// A road running east along latitude 30.75; 0.01 degrees of latitude is about 1.1 km.
const ROUTE: Array<[number, number]> = [
  [30.75, 120.5],
  [30.75, 121.0],
];

function truck(o: {
  waybills?: Array<{ from: number; until: number; route?: Array<[number, number]> }>;
  permits?: Array<{ from: number; until: number; maxGrossKg: number; corridor?: Array<[number, number]> }>;
  at?: [number, number];
  grossKg?: number;
  qualified?: boolean;
}): SubjectLine {
  return {
    kind: 'vehicle',
    at: AT,
    identity: { plate: '浙F00001', terminalId: '013800000001' },
    credit: {
      grade: 'A',
      hazmatQualified: o.qualified ?? true,
      permittedGrossKg: 49_000,
      waybills: (o.waybills ?? []).map((w, i) => ({
        id: `W${i}`,
        unNumber: 'UN1203',
        hazardClass: '3',
        quantityKg: 28_000,
        route: w.route ?? ROUTE,
        from: iso(w.from),
        until: iso(w.until),
      })),
      permits: (o.permits ?? []).map((p, i) => ({
        id: `P${i}`,
        corridor: p.corridor ?? ROUTE,
        corridorWidthM: 500,
        from: iso(p.from),
        until: iso(p.until),
        maxGrossKg: p.maxGrossKg,
      })),
    },
    live: { position: o.at ?? [30.75, 120.75], ...(o.grossKg !== undefined && { grossKg: o.grossKg }) },
  };
}
const codes = (s: SubjectLine) => {
  expect(subjectProblems(s)).toEqual([]);
  return decide(subjectToInput(s, NOW), policy, SHIFT).reasons.map((r) => r.code);
};
const onDuty = { from: NOW - 2 * H, until: NOW + 10 * H };

describe('hazmat waybill checks', () => {
  it('wants a waybill in force for a hazmat vehicle, and is satisfied by one', () => {
    expect(codes(truck({}))).toContain('WAYBILL_MISSING');
    expect(decide(subjectToInput(truck({}), NOW), policy, SHIFT).tier).toBe('must-inspect');
    expect(codes(truck({ waybills: [onDuty] }))).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^WAYBILL_/)]),
    );
    expect(codes(truck({ qualified: false }))).not.toContain('WAYBILL_MISSING');
  });

  it('tells a waybill used outside its window from a missing one', () => {
    expect(codes(truck({ waybills: [{ from: NOW - 30 * H, until: NOW - 3 * H }] }))).toContain('WAYBILL_OUT_OF_WINDOW');
    expect(codes(truck({ waybills: [{ from: NOW + 5 * H, until: NOW + 20 * H }] }))).toContain('WAYBILL_OUT_OF_WINDOW');
    expect(codes(truck({ waybills: [{ from: NOW - 90 * H, until: NOW - 60 * H }] }))).toContain('WAYBILL_MISSING');
  });

  it('flags a vehicle more than 2 km off its declared route, unless another waybill in force covers it', () => {
    expect(codes(truck({ waybills: [onDuty], at: [30.76, 120.75] }))).not.toContain('WAYBILL_OFF_ROUTE'); // 1.1 km
    expect(codes(truck({ waybills: [onDuty], at: [30.78, 120.75] }))).toContain('WAYBILL_OFF_ROUTE'); // 3.3 km
    const other: Array<[number, number]> = [
      [30.78, 120.5],
      [30.78, 121.0],
    ];
    expect(codes(truck({ waybills: [onDuty, { ...onDuty, route: other }], at: [30.78, 120.75] }))).not.toContain(
      'WAYBILL_OFF_ROUTE',
    );
  });
});

describe('permits and weight', () => {
  it("judges a weighing against the permit in force, else the vehicle's permitted weight", () => {
    expect(codes(truck({ waybills: [onDuty], grossKg: 48_000 }))).not.toContain('OVERLOAD_GROSS');
    expect(codes(truck({ waybills: [onDuty], grossKg: 55_300 }))).toContain('OVERLOAD_GROSS');
    expect(
      codes(truck({ waybills: [onDuty], grossKg: 55_300, permits: [{ ...onDuty, maxGrossKg: 60_000 }] })),
    ).not.toContain('OVERLOAD_GROSS');
    const d = decide(subjectToInput(truck({ waybills: [onDuty], grossKg: 55_300 }), NOW), policy, SHIFT);
    expect(d).toMatchObject({ tier: 'must-inspect', selection: 'overriding' });
    expect(d.reasons.find((r) => r.code === 'OVERLOAD_GROSS')?.evidence).toBe('input: 55300 kg > 49000 kg');
  });

  it('flags a permit out of force, and a vehicle off the permitted corridor', () => {
    expect(
      codes(truck({ waybills: [onDuty], permits: [{ from: NOW - 50 * H, until: NOW - H, maxGrossKg: 60_000 }] })),
    ).toContain('PERMIT_EXPIRED');
    expect(
      codes(truck({ waybills: [onDuty], permits: [{ ...onDuty, maxGrossKg: 60_000 }], at: [30.751, 120.75] })),
    ).not.toContain('PERMIT_OFF_CORRIDOR');
    expect(
      codes(truck({ waybills: [onDuty], permits: [{ ...onDuty, maxGrossKg: 60_000 }], at: [30.76, 120.75] })),
    ).toContain('PERMIT_OFF_CORRIDOR');
  });
});
