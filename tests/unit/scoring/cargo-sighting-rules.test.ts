import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { coversClass, driverIdHash, maskId, parseClasses } from '../../../src/domain/driver-id.js';
import { decide } from '../../../src/scoring/decide.js';
import { loadPolicy } from '../../../src/scoring/policy.js';
import { subjectProblems, subjectToInput, type SubjectLine } from '../../../src/scoring/subject-input.js';

const AT = '2026-11-25T08:00:00.000Z';
const NOW = Date.parse(AT);
const H = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();
const policy = { ...loadPolicy('kakou-checkpoint'), controlRate: 0 };
const SHIFT = { passageId: 't:passage', seedHex: 'ab'.repeat(32) };

function decision(s: SubjectLine) {
  expect(subjectProblems(s)).toEqual([]);
  return decide(subjectToInput(s, NOW), policy, SHIFT);
}
const codes = (s: SubjectLine) => decision(s).reasons.map((r) => r.code);

function truck(o: {
  unNumber?: string;
  hazardClass?: string;
  vehicleClasses?: string[];
  driver?: { qualification: string; validUntil: number } | null;
}): SubjectLine {
  return {
    kind: 'vehicle',
    at: AT,
    identity: { plate: '浙F00001', terminalId: '013800000001' },
    credit: {
      grade: 'A',
      hazmatQualified: true,
      waybills: [
        {
          id: 'W1',
          unNumber: o.unNumber ?? 'UN1203',
          hazardClass: o.hazardClass ?? '3',
          quantityKg: 28_000,
          route: [],
          from: iso(NOW - H),
          until: iso(NOW + 8 * H),
        },
      ],
      ...(o.vehicleClasses && { hazardClasses: o.vehicleClasses }),
      ...(o.driver !== undefined && {
        driver:
          o.driver === null ? null : { qualification: o.driver.qualification, validUntil: iso(o.driver.validUntil) },
      }),
    },
  };
}

describe('driver identity', () => {
  it('hashes the ID number as the platform does, and masks it for people', () => {
    const key = Buffer.alloc(32, 7);
    expect(driverIdHash(' 33010219800101123x ', key).equals(driverIdHash('33010219800101123X', key))).toBe(true);
    expect(driverIdHash('33010219800101123X', key).toString('hex')).toMatch(/^[0-9a-f]{64}$/);
    // Keyed: the plain SHA-256 anyone could compute from an enumerated ID number is not it, and another key gives another hash.
    expect(
      driverIdHash('33010219800101123X', key).equals(createHash('sha256').update('33010219800101123X').digest()),
    ).toBe(false);
    expect(
      driverIdHash('33010219800101123X', key).equals(driverIdHash('33010219800101123X', Buffer.alloc(32, 8))),
    ).toBe(false);
    expect(maskId('33010219800101123x')).toBe('330***********123X');
    expect(maskId('12345')).toBe('*****');
  });

  it('reads class lists and lets a class cover its divisions', () => {
    expect(parseClasses('2, 3，8;6.1 x')).toEqual(['2', '3', '8', '6.1']);
    expect(coversClass(['2', '3'], '2.1')).toBe(true);
    expect(coversClass(['2.1'], '2.3')).toBe(false);
    expect(coversClass(['6.1'], '6.1')).toBe(true);
    expect(coversClass(['3', '8'], '1')).toBe(false);
  });
});

describe('cargo against vehicle and driver qualification', () => {
  it('passes cargo within both the certificate and the qualification', () => {
    const c = codes(
      truck({ vehicleClasses: ['3', '8'], driver: { qualification: '2,3,8', validUntil: NOW + 400 * 24 * H } }),
    );
    expect(c).not.toContain('CARGO_CLASS_NOT_PERMITTED');
    expect(c).not.toContain('DRIVER_UNQUALIFIED');
  });

  it('flags a class outside the vehicle certificate and makes the vehicle must-inspect', () => {
    const d = decision(truck({ hazardClass: '2.1', vehicleClasses: ['3', '8'] }));
    expect(d.reasons.find((r) => r.code === 'CARGO_CLASS_NOT_PERMITTED')).toMatchObject({ evidence: 'W1: UN1203/2.1' });
    expect(d.tier).toBe('must-inspect');
    // A certificate on record without classes is not judged.
    expect(codes(truck({ hazardClass: '2.1' }))).not.toContain('CARGO_CLASS_NOT_PERMITTED');
  });

  it('flags a driver not on record, expired, or not qualified for the class; not one never reported', () => {
    expect(codes(truck({ driver: null }))).toContain('DRIVER_UNQUALIFIED');
    expect(codes(truck({ driver: { qualification: '3', validUntil: NOW - 24 * H } }))).toContain('DRIVER_UNQUALIFIED');
    const wrongClass = decision(
      truck({ hazardClass: '1', driver: { qualification: '2,3,8', validUntil: NOW + 24 * H } }),
    );
    expect(wrongClass.reasons.find((r) => r.code === 'DRIVER_UNQUALIFIED')?.evidence).toContain('∌ 1');
    expect(wrongClass.tier).toBe('must-inspect');
    expect(codes(truck({}))).not.toContain('DRIVER_UNQUALIFIED');
  });
});

describe('waybill UN numbers against the dangerous goods list', () => {
  const UN_CODES = ['WAYBILL_UN_UNKNOWN', 'WAYBILL_UN_CLASS_MISMATCH', 'WAYBILL_UN_PROHIBITED'];
  const unCodes = (s: SubjectLine) => codes(s).filter((c) => UN_CODES.includes(c));

  it('passes a UN number declared with its class or division', () => {
    expect(unCodes(truck({}))).toEqual([]);
    expect(unCodes(truck({ unNumber: 'UN1075', hazardClass: '2.1' }))).toEqual([]);
    expect(unCodes(truck({ unNumber: '1075', hazardClass: '2' }))).toEqual([]);
    expect(unCodes(truck({ unNumber: 'UN0081', hazardClass: '1.1D' }))).toEqual([]);
  });

  it('flags a class the list does not give the UN number, with the list entry as evidence', () => {
    const d = decision(truck({ unNumber: 'UN1830', hazardClass: '3' }));
    const r = d.reasons.find((x) => x.code === 'WAYBILL_UN_CLASS_MISMATCH');
    expect(r?.evidence).toBe('W1: UN1830/3 ≠ 8 C1 PG II SULPHURIC ACID with more than 51% acid');
    expect(r?.text).toContain('品名表为第8类');
    expect(unCodes(truck({ unNumber: 'UN1075', hazardClass: '2.3' }))).toEqual(['WAYBILL_UN_CLASS_MISMATCH']);
  });

  it('flags a UN number the list does not have, and a waybill without one', () => {
    const d = decision(truck({ unNumber: 'UN9999', hazardClass: '3' }));
    expect(d.reasons.find((x) => x.code === 'WAYBILL_UN_UNKNOWN')?.evidence).toBe('W1: UN9999 ∉ ADR 2017 Table A');
    expect(unCodes(truck({ unNumber: '', hazardClass: '3' }))).toEqual(['WAYBILL_UN_UNKNOWN']);
    expect(unCodes(truck({ unNumber: 'NA1993', hazardClass: '3' }))).toEqual(['WAYBILL_UN_UNKNOWN']);
  });

  it('makes goods whose carriage by road is prohibited must-inspect', () => {
    const d = decision(truck({ unNumber: 'UN1798', hazardClass: '8' }));
    expect(d.reasons.map((x) => x.code)).toContain('WAYBILL_UN_PROHIBITED');
    expect(d.tier).toBe('must-inspect');
  });

  it('holds the certificate and the driver to the class the list gives, whatever the waybill declares', () => {
    const d = decision(
      truck({
        unNumber: 'UN1830',
        hazardClass: '3',
        vehicleClasses: ['3'],
        driver: { qualification: '3', validUntil: NOW + 24 * H },
      }),
    );
    expect(d.reasons.find((x) => x.code === 'CARGO_CLASS_NOT_PERMITTED')?.evidence).toBe('W1: UN1830/8');
    expect(d.reasons.find((x) => x.code === 'DRIVER_UNQUALIFIED')?.evidence).toContain('∌ 8');
    // Declared truly, the same cargo on a class-8 certificate passes.
    expect(codes(truck({ unNumber: 'UN1830', hazardClass: '8', vehicleClasses: ['8'] }))).not.toContain(
      'CARGO_CLASS_NOT_PERMITTED',
    );
  });
});

function ship(live: SubjectLine['live'], maxDraughtM = 4.0): SubjectLine {
  return {
    kind: 'vessel',
    at: AT,
    identity: { mmsi: 413000001, name: 'ZHEJIAXINGHUO0101' },
    credit: {
      grade: 'A',
      registeredName: 'ZHEJIAXINGHUO0101',
      maxDraughtM,
      buildYear: 2018,
      shipType: 70,
      inspections: [{ at: iso(NOW - 100 * 24 * H), deficiencies: 0 }],
    },
    live: { ...live },
  };
}

describe('checkpoint device checks on vessels', () => {
  it('judges a gauge measurement over the maximum, naming it as measured', () => {
    const d = decision(ship({ measuredDraught: 4.6, draught: 4.5, shipname: 'ZHEJIAXINGHUO0101' }));
    expect(d.reasons.find((r) => r.code === 'DRAUGHT_OVER_MAX')?.text).toContain('实测吃水 4.6');
    expect(d.reasons.map((r) => r.code)).not.toContain('DRAUGHT_MISREPORTED');
  });

  it('flags a draught declared on AIS well below the measured one', () => {
    const c = codes(ship({ measuredDraught: 3.8, draught: 2.6, shipname: 'ZHEJIAXINGHUO0101' }));
    expect(c).toContain('DRAUGHT_MISREPORTED');
    expect(c).not.toContain('DRAUGHT_OVER_MAX');
    expect(codes(ship({ measuredDraught: 3.0, draught: 2.6, shipname: 'ZHEJIAXINGHUO0101' }))).not.toContain(
      'DRAUGHT_MISREPORTED',
    );
  });

  it('flags a hull name that is none of the vessel names, and must-inspects it', () => {
    const d = decision(ship({ hullName: '浙湖州货0102', shipname: 'ZHEJIAXINGHUO0101' }));
    expect(d.reasons.map((r) => r.code)).toContain('HULL_NAME_MISMATCH');
    expect(d.tier).toBe('must-inspect');
    expect(codes(ship({ hullName: 'zhe jia xing huo 0101', shipname: 'ZHEJIAXINGHUO0101' }))).not.toContain(
      'HULL_NAME_MISMATCH',
    );
  });

  it('flags a vessel seen at the gate but not heard on AIS', () => {
    expect(codes(ship({ hullName: 'ZHEJIAXINGHUO0101', noAis: true }))).toContain('AIS_NOT_SEEN');
    expect(codes(ship({ hullName: 'ZHEJIAXINGHUO0101' }))).not.toContain('AIS_NOT_SEEN');
  });
});
