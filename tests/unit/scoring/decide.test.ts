import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/scoring/policy.js';
import type { CreditGrade, ListEntry } from '../../../src/domain/credit.js';
import { worseGrade, type CreditProfile } from '../../../src/domain/credit-profile.js';
import { decide, RULES } from '../../../src/scoring/decide.js';
import { SharedReasons } from '../../../src/scoring/reason-sharing.js';
import { commitment, drawFraction, passageDraw } from '../../../src/scoring/draw.js';
import { FixHistory } from '../../../src/tracks/fix-history.js';
import type { VehicleTrack, VesselTrack } from '../../../src/tracks/track.js';

const policy = loadPolicy('kakou-checkpoint');
const NOW = Date.parse('2026-11-25T08:00:00Z');
const SHIFT = { passageId: '2026-11-25T08:passage', seedHex: 'ab'.repeat(32) };

function vessel(mmsi: number, extra: Partial<VesselTrack> = {}): VesselTrack {
  return {
    id: `vessel:${mmsi}`,
    kind: 'vessel',
    mmsi,
    aisClass: 'A',
    lat: 30.75,
    lon: 120.75,
    speed: 6,
    course: 58,
    heading: 58,
    turn: 0,
    status: 0,
    shipname: null,
    callsign: null,
    imo: null,
    shiptype: 70,
    draught: null,
    destination: null,
    length: null,
    aisHeard: true,
    sighting: null,
    voyage: null,
    firstSeen: NOW,
    lastSeen: NOW,
    messages: 1,
    history: new FixHistory(8, NOW),
    signals: {},
    lostAt: null,
    inGate: false,
    crossedAt: null,
    motion: { main: null, alt: null, lastOnAlt: false, switches: 0 },
    ...extra,
  };
}

function vehicle(plate: string, alarms: string[] = []): VehicleTrack {
  return {
    id: `vehicle:${plate}`,
    kind: 'vehicle',
    terminalId: `t-${plate}`,
    plate,
    lat: 30.75,
    lon: 120.75,
    speed: 60,
    heading: 90,
    activeAlarms: alarms,
    alarmsSeen: Object.fromEntries(alarms.map((a) => [a, NOW])),
    firstSeen: NOW,
    lastSeen: NOW,
    messages: 1,
    history: new FixHistory(8, NOW),
    signals: {},
    lostAt: null,
    inGate: false,
    crossedAt: null,
    weighing: null,
    sensors: {},
    driver: null,
    plateRead: null,
    terminalAt: NOW,
  };
}

/** A credit profile as the snapshot lookup would return it, built directly: scoring is pure. */
function snapshot(grade: CreditGrade | undefined, lists: ListEntry[] = []) {
  const company = { id: 'c1', name: '测试公司', grade: grade ?? 'A' };
  const now = NOW;
  const active = lists.filter(
    (l) => (l.status ?? 'active') === 'active' && Date.parse(l.from) <= now && (!l.until || Date.parse(l.until) > now),
  );
  const base = (kind: 'vessel' | 'vehicle', id: string): CreditProfile => ({
    known: true,
    subjectGrade: grade ?? null,
    company,
    grade: worseGrade(grade, company.grade),
    lists: active.filter(
      (l) => (l.subjectKind === kind && l.subjectId === id) || (l.subjectKind === 'company' && l.subjectId === 'c1'),
    ),
    history: { inspections: 2, deficiencies: 1, detentions: 0, penalties: 0, accidents: 0 },
    vessel: kind === 'vessel' ? { mmsi: Number(id), name: 'TEST ONE', companyId: 'c1' } : null,
    vehicle: kind === 'vehicle' ? { plate: id, companyId: 'c1', hazmatQualified: true } : null,
  });
  return {
    vessel: (mmsi: number, _now: number) => base('vessel', String(mmsi)),
    vehicle: (plate: string, _t: string, _now: number) => base('vehicle', plate),
  };
}

const since = '2026-01-01T00:00:00Z';

describe('decide', () => {
  it('sends a black-listed vessel to must-inspect with the list as its reason', () => {
    const credit = snapshot('B', [
      { list: 'black', subjectKind: 'vessel', subjectId: '413000001', reason: '伪造证书', from: since },
    ]).vessel(413000001, NOW);
    const d = decide({ track: vessel(413000001), credit, now: NOW }, policy, SHIFT);
    expect(d.tier).toBe('must-inspect');
    expect(d.selection).toBe('overriding');
    expect(d.reasons.map((r) => r.code)).toContain('LIST_BLACK');
  });

  it('lets a good-credit subject pass undisturbed unless a live signal overrides', () => {
    const credit = snapshot('AA').vehicle('浙F00001', 't', NOW);
    const quiet = decide(
      { track: vehicle('浙F00001'), credit, now: NOW },
      { ...policy, samplingRates: { ...policy.samplingRates, AA: 0 }, controlRate: 0 },
      SHIFT,
    );
    expect(quiet.tier).toBe('pass');
    const rolled = decide({ track: vehicle('浙F00001', ['rollover']), credit, now: NOW }, policy, SHIFT);
    expect(rolled.tier).toBe('must-inspect');
    const fatigued = decide({ track: vehicle('浙F00001', ['fatigue']), credit, now: NOW }, policy, SHIFT);
    expect(fatigued.tier).toBe('may-inspect');
  });

  it('ignores list entries that are disputed, repaired or expired', () => {
    const credit = snapshot('A', [
      { list: 'black', subjectKind: 'vessel', subjectId: '413000001', reason: 'x', from: since, status: 'repaired' },
      {
        list: 'black',
        subjectKind: 'vessel',
        subjectId: '413000001',
        reason: 'y',
        from: since,
        until: '2026-06-01T00:00:00Z',
      },
    ]).vessel(413000001, NOW);
    expect(
      decide({ track: vessel(413000001), credit, now: NOW }, policy, SHIFT).reasons.map((r) => r.code),
    ).not.toContain('LIST_BLACK');
  });

  it('is monotone: a worse grade or an added alarm never lowers the score', () => {
    const grades: CreditGrade[] = ['AA', 'A', 'B', 'C', 'D'];
    const alarmSets = [[], ['dsm-phone'], ['dsm-phone', 'overspeed'], ['dsm-phone', 'overspeed', 'rollover']];
    for (const alarms of alarmSets) {
      const scores = grades.map(
        (g) =>
          decide(
            { track: vehicle('浙F00001', alarms), credit: snapshot(g).vehicle('浙F00001', 't', NOW), now: NOW },
            policy,
            SHIFT,
          ).score,
      );
      expect(scores).toEqual([...scores].sort((a, b) => a - b));
    }
    for (const g of grades) {
      const scores = alarmSets.map(
        (a) =>
          decide(
            { track: vehicle('浙F00001', a), credit: snapshot(g).vehicle('浙F00001', 't', NOW), now: NOW },
            policy,
            SHIFT,
          ).score,
      );
      expect(scores).toEqual([...scores].sort((a, b) => a - b));
    }
  });

  it('flags a vessel broadcasting a name other than the registered one', () => {
    const credit = snapshot('A').vessel(413000001, NOW);
    const d = decide({ track: vessel(413000001, { shipname: 'OTHER NAME' }), credit, now: NOW }, policy, SHIFT);
    expect(d.reasons.map((r) => r.code)).toContain('IDENTITY_MISMATCH');
    expect(d.tier).toBe('may-inspect');
  });

  it('prices every track signal as a live finding that lifts a trusted vessel out of the pass tier', () => {
    const credit = snapshot('AA').vessel(413000001, NOW);
    const quiet = { ...policy, samplingRates: { ...policy.samplingRates, AA: 0 }, controlRate: 0 };
    expect(decide({ track: vessel(413000001), credit, now: NOW }, quiet, SHIFT).tier).toBe('pass');
    const signal = {
      code: 'AIS_WENT_DARK' as const,
      since: NOW,
      at: NOW,
      count: 2,
      evidence: 'silent 95 s',
      text: '信号中断',
      textEn: 'went dark',
    };
    const dark = decide(
      { track: vessel(413000001, { signals: { AIS_WENT_DARK: signal } }), credit, now: NOW },
      quiet,
      SHIFT,
    );
    expect(dark.tier).toBe('may-inspect');
    expect(dark.reasons).toContainEqual(
      expect.objectContaining({
        code: 'AIS_WENT_DARK',
        points: policy.factors.AIS_WENT_DARK?.points,
        evidence: 'silent 95 s',
      }),
    );
  });

  it('flags a broadcast draught deeper than the maximum on record, and only then', () => {
    const base = snapshot('A').vessel(413000001, NOW);
    const credit = { ...base, vessel: { ...base.vessel, mmsi: 413000001, name: 'TEST ONE', maxDraughtM: 3.5 } };
    const codes = (draught: number | null) =>
      decide({ track: vessel(413000001, { draught }), credit, now: NOW }, policy, SHIFT).reasons.map((r) => r.code);
    expect(codes(3.8)).toContain('DRAUGHT_OVER_MAX');
    expect(codes(3.5)).not.toContain('DRAUGHT_OVER_MAX');
    expect(codes(null)).not.toContain('DRAUGHT_OVER_MAX');
  });

  it('samples passing targets by the verifiable draw at the rate of their grade', () => {
    const credit = snapshot('B').vessel(413000001, NOW);
    const all = decide(
      { track: vessel(413000001), credit, now: NOW },
      { ...policy, samplingRates: { ...policy.samplingRates, B: 1 } },
      SHIFT,
    );
    expect(all.tier).toBe('random-sample');
    expect(all.selection).toBe('credit-random');
    const none = decide(
      { track: vessel(413000001), credit, now: NOW },
      { ...policy, samplingRates: { ...policy.samplingRates, B: 0 }, controlRate: 0 },
      SHIFT,
    );
    expect(none.tier).toBe('pass');
    expect(none.draw?.credit).toBe(drawFraction(SHIFT.seedHex, SHIFT.passageId));
  });

  it('gives targets with the same finding one shared, frozen reason when the list shares them, and ones with other evidence their own', () => {
    const shared = new SharedReasons();
    const signal = (evidence: string) => ({
      AIS_WENT_DARK: {
        code: 'AIS_WENT_DARK' as const,
        since: NOW,
        at: NOW,
        count: 1,
        evidence,
        text: '信号中断',
        textEn: 'went dark',
      },
    });
    const reasonOf = (mmsi: number, evidence: string) => {
      const d = decide(
        { track: vessel(mmsi, { signals: signal(evidence) }), credit: snapshot('B').vessel(mmsi, NOW), now: NOW },
        policy,
        SHIFT,
        RULES,
        undefined,
        shared,
      );
      return d.reasons.find((r) => r.code === 'AIS_WENT_DARK');
    };
    const a = reasonOf(413000001, 'silent 95 s');
    expect(a).toEqual({
      code: 'AIS_WENT_DARK',
      text: '信号中断',
      textEn: 'went dark',
      evidence: 'silent 95 s',
      points: policy.factors.AIS_WENT_DARK?.points,
    });
    expect(Object.isFrozen(a)).toBe(true);
    expect(reasonOf(413000002, 'silent 95 s')).toBe(a);
    const other = reasonOf(413000003, 'silent 120 s');
    expect(other).not.toBe(a);
    expect(other?.evidence).toBe('silent 120 s');
    // The same evidence with other points (another policy) is another reason.
    const dearer = {
      ...policy,
      factors: { ...policy.factors, AIS_WENT_DARK: { ...policy.factors.AIS_WENT_DARK, points: 55 } },
    };
    const d = decide(
      {
        track: vessel(413000004, { signals: signal('silent 95 s') }),
        credit: snapshot('B').vessel(413000004, NOW),
        now: NOW,
      },
      dearer as typeof policy,
      SHIFT,
    );
    expect(d.reasons.find((r) => r.code === 'AIS_WENT_DARK')?.points).toBe(55);
    expect(reasonOf(413000005, 'silent 95 s')).toBe(a);
  });
});

describe('what the policy does not price', () => {
  it('is kept on the decision by code, with its units, shared between targets by the list', () => {
    const shared = new SharedReasons();
    const decideFor = (mmsi: number, history: CreditProfile['history']) =>
      decide(
        { track: vessel(mmsi), credit: { ...snapshot('A').vessel(mmsi, NOW), history }, now: NOW },
        policy,
        SHIFT,
        RULES,
        undefined,
        shared,
      );
    // One detention: below the two the policy prices (minUnits), so found but not priced.
    const history = {
      inspections: 3,
      deficiencies: 20,
      detentions: 1,
      penalties: 0,
      accidents: 0,
      deficientInspections: 2,
    };
    const a = decideFor(413000011, history);
    expect(a.unpriced).toEqual(
      expect.arrayContaining(['CREDIT_GRADE_A', 'DETENTIONS_36M', 'DEFICIENT_INSPECTIONS_36M*2', 'FLAG_NOT_WHITE']),
    );
    expect(a.reasons.map((r) => r.code)).not.toContain('DETENTIONS_36M');
    expect(Object.isFrozen(a.unpriced)).toBe(true);
    expect(decideFor(413000012, history).unpriced).toBe(a.unpriced);
    // Priced, it leaves the list and shows among the reasons with its units.
    const two = decideFor(413000013, { ...history, detentions: 2 });
    expect(two.unpriced).not.toContain('DETENTIONS_36M*2');
    expect(two.reasons.find((r) => r.code === 'DETENTIONS_36M')).toMatchObject({ units: 2 });
  });
});

describe('draw', () => {
  it('is uniform enough over passage ids and reproducible from the revealed seed', () => {
    const seed = 'cd'.repeat(32);
    const n = 20_000;
    let below = 0;
    for (let i = 0; i < n; i++) if (drawFraction(seed, `p${i}`) < 0.15) below++;
    expect(below / n).toBeGreaterThan(0.14);
    expect(below / n).toBeLessThan(0.16);
    expect(drawFraction(seed, 'p1')).toBe(drawFraction(seed, 'p1'));
    expect(commitment(seed)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives every rescore of a passage its last draw back, remade only for new rates or another passage', () => {
    const seed = 'ab'.repeat(32);
    const id = 'S1:vessel:413000001:1000';
    const a = passageDraw(seed, id, 0.1, 0.02);
    expect(a).toEqual({
      passageId: id,
      credit: drawFraction(seed, id),
      control: drawFraction(seed, `${id}#control`),
      rate: 0.1,
      controlRate: 0.02,
    });
    expect(Object.isFrozen(a)).toBe(true);
    expect(passageDraw(seed, id, 0.1, 0.02, a)).toBe(a);
    const higher = passageDraw(seed, id, 0.3, 0.02, a);
    expect(higher).not.toBe(a);
    expect(higher).toEqual({ ...a, rate: 0.3 });
    // The previous draw of another passage (the subject's next approach) is not this passage's.
    const next = passageDraw('ef'.repeat(32), 'S2:vessel:413000001:9000', 0.3, 0.02, higher);
    expect(next.passageId).toBe('S2:vessel:413000001:9000');
    expect(next.credit).toBe(drawFraction('ef'.repeat(32), 'S2:vessel:413000001:9000'));
  });
});
