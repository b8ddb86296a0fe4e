import {
  chars,
  lat3,
  lon3,
  monthDayTime,
  textToEnd,
  u,
  uScaled,
  type AppLayout,
  type AppScalar,
  type FieldRead,
} from './application-fields.js';

/*
 * IMO voyage and port messages (DAC 1, SN.1/Circ.236 and 289) a checkpoint reads: dangerous
 * cargo, persons on board, air draught, fairway closures, clearance, berthing and free text.
 * Times print as gpsd prints them ("MM-DDTHH:MM", "Z" where gpsd adds it); positions in degrees.
 */

/** Dangerous cargo indication, SN.1/Circ.236: last and next port, the cargo, its UN number and amount. */
const DANGEROUS_CARGO_236: AppLayout = {
  type: 6,
  dacs: [1],
  fid: 12,
  name: 'dangerous cargo indication (IMO 236)',
  fields: [
    ['lastport', chars(88, 5)],
    ['departure', monthDayTime(118)],
    ['nextport', chars(138, 5)],
    ['eta', monthDayTime(168)],
    ['dangerous', chars(188, 20)],
    ['imdcat', chars(308, 4)],
    ['unid', u(332, 13)],
    ['amount', u(345, 10)],
    ['unit', u(355, 2)],
  ],
};

/** The cargo groups of SN.1/Circ.289's indication: 17 bits each, as many as the message holds. */
const cargos: FieldRead = (b) => {
  const out: Array<Record<string, AppScalar>> = [];
  for (let at = 100; at < b.length; at += 17) out.push({ code: b.uint(at, 4), subtype: b.uint(at + 4, 13) });
  return out;
};

/** Dangerous cargo indication, SN.1/Circ.289: unit, amount, and each cargo's code and subtype. */
const DANGEROUS_CARGO_289: AppLayout = {
  type: 6,
  dacs: [1],
  fid: 25,
  name: 'dangerous cargo indication (IMO 289)',
  fields: [
    ['unit', u(88, 2)],
    ['amount', u(90, 10)],
    ['cargos', cargos],
  ],
};

const FAIRWAY_CLOSED: AppLayout = {
  type: 8,
  dacs: [1],
  fid: 13,
  name: 'fairway closed (IMO 236)',
  fields: [
    ['reason', chars(56, 20)],
    ['closefrom', chars(176, 20)],
    ['closeto', chars(296, 20)],
    ['radius', u(416, 10)],
    ['extunit', u(426, 2)],
    ['from', (b) => dayMonthTime(b, 428)],
    ['to', (b) => dayMonthTime(b, 448)],
  ],
};

/** Fairway closure times are sent day first (5, 4, 5, 6 bits); gpsd prints them month first. */
function dayMonthTime(b: Parameters<FieldRead>[0], at: number): string {
  const p = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${p(b.uint(at + 5, 4))}-${p(b.uint(at, 5))}T${p(b.uint(at + 9, 5))}:${p(b.uint(at + 14, 6))}`;
}

const AIR_DRAUGHT: AppLayout = {
  type: 8,
  dacs: [1],
  fid: 15,
  name: 'extended ship static data: air draught (IMO 236)',
  fields: [['airdraught', u(56, 11)]],
};

const PERSONS_ON_BOARD: AppLayout = {
  type: 6,
  dacs: [1],
  fid: 16,
  name: 'number of persons on board (IMO 289)',
  bits: 224,
  fields: [['persons', u(88, 13)]],
};

const CLEARANCE: AppLayout = {
  type: 6,
  dacs: [1],
  fid: 18,
  name: 'clearance time to enter port (IMO 289)',
  fields: [
    ['linkage', u(88, 10)],
    ['arrival', monthDayTime(98)],
    ['portname', chars(118, 20)],
    ['destination', chars(238, 5)],
    ['lon', lon3(268, 25)],
    ['lat', lat3(293, 24)],
  ],
};

/** Services at the berth, two bits each in this order (SN.1/Circ.289, berthing data). */
const SERVICES = [
  'agent',
  'fuel',
  'chandler',
  'stevedore',
  'electrical',
  'water',
  'customs',
  'cartage',
  'crane',
  'lift',
  'medical',
  'navrepair',
  'provisions',
  'shiprepair',
  'surveyor',
  'steam',
  'tugs',
  'solidwaste',
  'liquidwaste',
  'hazardouswaste',
  'ballast',
  'additional',
  'regional1',
  'regional2',
  'future1',
  'future2',
];

const BERTHING: AppLayout = {
  type: 6,
  dacs: [1],
  fid: 20,
  name: 'berthing data (IMO 289)',
  fields: [
    ['linkage', u(88, 10)],
    ['berth_length', u(98, 9)],
    ['berth_depth', uScaled(107, 8, 0.1, 0)],
    ['position', u(115, 3)],
    ['arrival', monthDayTime(118, false)],
    ['availability', u(138, 1)],
    ...SERVICES.map((name, i) => [name, u(139 + 2 * i, 2)] as const),
    ['berth_name', chars(191, 20)],
    ['berth_lon', lon3(311, 25)],
    ['berth_lat', lat3(336, 24)],
  ],
};

const TEXT_BROADCAST: AppLayout = {
  type: 8,
  dacs: [1],
  fid: 29,
  name: 'text description, broadcast (IMO 289)',
  fields: [
    ['linkage', u(56, 10)],
    ['text', textToEnd(66)],
  ],
};

const TEXT_ADDRESSED: AppLayout = {
  type: 6,
  dacs: [1],
  fid: 30,
  name: 'text description, addressed (IMO 289)',
  fields: [
    ['linkage', u(88, 10)],
    ['text', textToEnd(98)],
  ],
};

export const IMO_VOYAGE_LAYOUTS: readonly AppLayout[] = [
  DANGEROUS_CARGO_236,
  DANGEROUS_CARGO_289,
  FAIRWAY_CLOSED,
  AIR_DRAUGHT,
  PERSONS_ON_BOARD,
  CLEARANCE,
  BERTHING,
  TEXT_BROADCAST,
  TEXT_ADDRESSED,
];
