import {
  chars,
  flag,
  monthDayTime,
  u,
  uScaled,
  type AppLayout,
  type AppScalar,
  type FieldRead,
} from './application-fields.js';

/*
 * Regional application messages: Inland AIS (DAC 200, the European Inland AIS Standard) and the
 * General Lighthouse Authorities' AtoN monitoring (DAC 235 and 250), in gpsd's names and units.
 */

/**
 * Inland ship static and voyage data. `length` and `beam` in decimetres and `draught` in
 * centimetres, as transmitted and as gpsd prints them; `hazard` is the number of blue cones or
 * lights (0-3), 4 a B-flag, and "unknown" (5) is null; `loaded` the loaded state as coded (0,
 * not available, is null).
 */
const INLAND_STATIC: AppLayout = {
  type: 8,
  dacs: [200],
  fid: 10,
  name: 'inland ship static and voyage data',
  bits: 168,
  fields: [
    ['vin', chars(56, 8)],
    ['length', u(104, 13, 0)],
    ['beam', u(117, 10, 0)],
    ['shiptype', u(127, 14)],
    ['hazard', u(141, 3, 5)],
    ['draught', u(144, 11, 0)],
    ['loaded', u(155, 2, 0)],
    ['speed_q', flag(157)],
    ['course_q', flag(158)],
    ['heading_q', flag(159)],
  ],
  // gpsd's check against another message under the same identifiers: a hazard code within the
  // standard's range (6 and 7 are undefined).
  accept: (f) => f.hazard === null || (f.hazard as number) < 5,
};

/** Number of persons on board, addressed (Inland AIS). */
const INLAND_PERSONS: AppLayout = {
  type: 6,
  dacs: [200],
  fid: 55,
  name: 'inland persons on board',
  bits: 168,
  fields: [
    ['crew', u(88, 8, 255)],
    ['passengers', u(96, 13, 8191)],
    ['personnel', u(109, 8, 255)],
  ],
};

/** AtoN monitoring data (UK and Ireland GLAs): supply voltages in volts, RACON and light status. */
const ATON_MONITORING: AppLayout = {
  type: 6,
  dacs: [235, 250],
  fid: 10,
  name: 'AtoN monitoring data',
  bits: 136,
  fields: [
    ['ana_int', uScaled(88, 10, 0.05, 0)],
    ['ana_ext1', uScaled(98, 10, 0.05, 0)],
    ['ana_ext2', uScaled(108, 10, 0.05, 0)],
    ['racon', u(118, 2)],
    ['light', u(120, 2)],
    ['alarm', flag(122)],
    ['stat_ext', u(123, 8)],
    ['off_pos', flag(131)],
  ],
};

/** ETA (FID 21) or RTA (FID 22) at a lock, bridge or terminal: where, and when. */
function atLock(fid: 21 | 22): AppLayout {
  return {
    type: 6,
    dacs: [200],
    fid,
    name: fid === 21 ? 'inland ETA at lock, bridge or terminal' : 'inland RTA at lock, bridge or terminal',
    bits: fid === 21 ? 248 : 232,
    fields: [
      ['country', chars(88, 2)],
      ['locode', chars(100, 3)],
      ['section', chars(118, 5)],
      ['terminal', chars(148, 5)],
      ['hectometre', chars(178, 5)],
      ['eta', monthDayTime(208, false)],
      ...(fid === 21
        ? ([
            ['tugs', u(228, 3)],
            ['airdraught', u(231, 12)],
          ] as const)
        : ([['status', u(228, 2)]] as const)),
    ],
  };
}

/** Water levels at gauges along the waterway: each gauge's id and level (cm) as transmitted. */
const gauges: FieldRead = (b) => {
  const out: Array<Record<string, AppScalar>> = [];
  for (let a = 68; a < b.length; a += 25) out.push({ id: b.uint(a, 11), level: b.int(a + 11, 14) });
  return out;
};

const WATER_LEVEL: AppLayout = {
  type: 8,
  dacs: [200],
  fid: 24,
  name: 'inland water levels',
  bits: 168,
  fields: [
    ['country', chars(56, 2)],
    ['gauges', gauges],
  ],
};

const SIGNAL_STATUS: AppLayout = {
  type: 8,
  dacs: [200],
  fid: 40,
  name: 'inland signal status',
  bits: 168,
  fields: [
    ['lon', (b) => (b.int(56, 28) === 181 * 600_000 ? null : b.int(56, 28) / 600_000)],
    ['lat', (b) => (b.int(84, 27) === 91 * 600_000 ? null : b.int(84, 27) / 600_000)],
    ['form', u(111, 4)],
    ['facing', u(115, 9)],
    ['direction', u(124, 3)],
    ['status', u(127, 30)],
  ],
};

export const INLAND_LAYOUTS: readonly AppLayout[] = [
  INLAND_STATIC,
  INLAND_PERSONS,
  ATON_MONITORING,
  atLock(21),
  atLock(22),
  WATER_LEVEL,
  SIGNAL_STATUS,
];
