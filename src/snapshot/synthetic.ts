import { createHash } from 'node:crypto';
import { prng } from '../domain/prng.js';
import type { GradeName, SnapRecord } from './format.js';

const DAY = 86_400_000;
// Grade shares after the published distributions of Chinese transport credit ratings: most
// operators A or B, a thin tail of C and D (targeting-anchors.md §5); the exact split is a design choice.
const GRADES: Array<[GradeName, number]> = [
  ['AA', 0.08],
  ['A', 0.34],
  ['B', 0.43],
  ['C', 0.11],
  ['D', 0.04],
];
const CITIES = ['JIAXING', 'HUZHOU', 'HANGZHOU', 'SHAOXING', 'NINGBO', 'ZHOUSHAN', 'WENZHOU', 'TAIZHOU'];
const PROVINCES = ['浙', '苏', '沪', '皖', '赣', '闽'];
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
// Flag and RO performance lists for the sea-going share of vessels: illustrative entries of every
// kind, not any year's published list.
const FLAGS: Array<[code: string, list: string, imoAudited: boolean]> = [
  ['HK', 'white', true],
  ['SG', 'white', true],
  ['LR', 'white', true],
  ['PA', 'grey', true],
  ['TZ', 'black-medium', true],
  ['MD', 'black-medium-to-high', false],
  ['TG', 'black-high', false],
  ['KM', 'black-very-high', false],
];
const ROS: Array<[id: string, performance: string, recognised: boolean]> = [
  ['RO-H1', 'high', true],
  ['RO-H2', 'high', true],
  ['RO-M1', 'medium', true],
  ['RO-L1', 'low', false],
  ['RO-V1', 'very-low', false],
  ['RO-X1', '', false],
];
const PSC_TYPES = ['bulk-carrier', 'container', 'general-cargo', 'oil-tanker', 'chemical-tanker'];

function pick<T>(r: () => number, weighted: Array<[T, number]>): T {
  let x = r();
  for (const [v, w] of weighted) {
    x -= w;
    if (x < 0) return v;
  }
  return (weighted.at(-1) as [T, number])[0];
}

/**
 * N synthetic subjects (one in ten a company, the rest vessels and vehicles in equal numbers) with
 * plausible grades, list memberships and 36-month histories whose bad events concentrate on bad
 * grades, so that targeting has something to find. Deterministic for a given seed.
 */
export function* syntheticRecords(n: number, seed: number, issuedAtMs: number): Generator<SnapRecord> {
  const r = prng(seed);
  for (const [code, list, imoAudited] of FLAGS) yield { flagState: { code, name: code, list, imoAudited } };
  for (const [id, performance, recognised] of ROS)
    yield { recognisedOrganisation: { id, name: id, performance, recognised } };
  const companies = Math.max(1, Math.round(n / 10));
  const gradeOf: GradeName[] = [];
  for (let i = 0; i < companies; i++) {
    const grade = pick(r, GRADES);
    gradeOf.push(grade);
    const id = `C${String(330000000 + i)}`;
    yield {
      company: {
        id,
        name: `${CITIES[i % CITIES.length]} 运输企业 ${i}`,
        grade,
        score: 60 + Math.round(r() * 40),
        performance: grade === 'D' ? 'very-low' : grade === 'C' ? 'low' : 'medium',
        // Derived from i, not drawn, so that the rest of the stream is the same for a seed.
        ...(i % 3 === 0 && { recentPscInspections: i % 7 }),
      },
    };
    if (grade === 'AA' && r() < 0.4) yield list('RED', 'COMPANY', id, '连续信用评价AA级', issuedAtMs, r);
    if (grade === 'D' && r() < 0.3) yield list('BLACK', 'COMPANY', id, '严重失信', issuedAtMs, r);
    if (grade === 'C' && r() < 0.2) yield list('KEY_ATTENTION', 'COMPANY', id, '失信行为待整改', issuedAtMs, r);
  }
  const rest = n - companies;
  for (let i = 0; i < rest; i++) {
    const c = Math.floor(r() * companies);
    const companyId = `C${String(330000000 + c)}`;
    const risk = { AA: 0.2, A: 0.5, B: 1, C: 2, D: 3.5, GRADE_UNSPECIFIED: 1 }[gradeOf[c] as GradeName];
    if (i % 2 === 0) {
      const mmsi = 412000000 + i;
      const city = CITIES[Math.floor(r() * CITIES.length)] as string;
      yield {
        vessel: {
          mmsi,
          imo: r() < 0.2 ? 9000000 + i : 0,
          registrationNo: `CN${String(20000000000 + i)}`,
          nameZh: `浙${city.slice(0, 2)}货${i}`,
          name: `ZHE${city}HUO${i}`,
          shipType: r() < 0.12 ? 80 + Math.floor(r() * 5) : 70 + Math.floor(r() * 5),
          buildYear: 1995 + Math.floor(r() * 30),
          grossTonnage: 300 + Math.floor(r() * 5000),
          maxDraughtCm: 150 + Math.floor(r() * 450),
          portOfRegistry: city,
          companyId,
          grade: 'GRADE_UNSPECIFIED',
          // One vessel in five is sea-going, with the ship risk profile's data.
          ...(i % 10 === 0 && {
            flag: (FLAGS[(i / 10) % FLAGS.length] as (typeof FLAGS)[number])[0],
            roId: (ROS[(i / 10) % ROS.length] as (typeof ROS)[number])[0],
            pscType: PSC_TYPES[(i / 10) % PSC_TYPES.length] as string,
          }),
        },
      };
      yield* history('VESSEL', String(mmsi), risk, issuedAtMs, r);
    } else {
      // Unique for up to 2.4 million vehicles: the letter and five digits encode i.
      const province = PROVINCES[Math.floor(r() * PROVINCES.length)];
      const plate = `${province}${LETTERS[Math.floor(i / 100_000) % LETTERS.length]}${String(i % 100_000).padStart(5, '0')}`;
      yield {
        vehicle: {
          plate,
          plateColour: '黄',
          vehicleType: '危险货物运输罐式车',
          hazmatQualified: r() > 0.01,
          permittedGrossKg: 31_000 + Math.floor(r() * 18_000),
          companyId,
          terminalId: String(13_800_000_000 + i),
          grade: 'GRADE_UNSPECIFIED',
          hazardClasses: r() < 0.5 ? ['3', '8'] : ['2', '3', '6.1', '8'],
        },
      };
      yield* history('VEHICLE', plate, risk, issuedAtMs, r);
    }
  }
}

function list(
  l: 'RED' | 'BLACK' | 'KEY_ATTENTION',
  kind: 'COMPANY',
  id: string,
  reason: string,
  issued: number,
  r: () => number,
): SnapRecord {
  return {
    listEntry: {
      list: l,
      subjectKind: kind,
      subjectId: id,
      reason,
      fromMs: issued - Math.floor(r() * 300) * DAY,
      untilMs: issued + 365 * DAY,
      status: r() < 0.05 ? 'DISPUTED' : 'ACTIVE',
    },
  };
}

function* history(
  kind: 'VESSEL' | 'VEHICLE',
  id: string,
  risk: number,
  issued: number,
  r: () => number,
): Generator<SnapRecord> {
  const inspections = Math.floor(r() * 4);
  for (let k = 0; k < inspections; k++) {
    yield {
      history: {
        subjectKind: kind,
        subjectId: id,
        kind: 'INSPECTION',
        atMs: issued - Math.floor(r() * 1080) * DAY,
        deficiencies: Math.floor(r() * 4 * risk),
        detained: r() < 0.03 * risk,
        note: '',
      },
    };
  }
  if (r() < 0.05 * risk)
    yield {
      history: {
        subjectKind: kind,
        subjectId: id,
        kind: 'PENALTY',
        atMs: issued - Math.floor(r() * 1080) * DAY,
        deficiencies: 0,
        detained: false,
        note: '',
      },
    };
  if (r() < 0.01 * risk)
    yield {
      history: {
        subjectKind: kind,
        subjectId: id,
        kind: 'ACCIDENT',
        atMs: issued - Math.floor(r() * 1080) * DAY,
        deficiencies: 0,
        detained: false,
        note: '',
      },
    };
}

/** Stable numeric seed from any string. */
export function seedFrom(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32BE(0);
}
