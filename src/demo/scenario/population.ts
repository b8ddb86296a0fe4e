import type { CreditGrade } from '../../domain/credit.js';
import type { SubjectLine } from '../../scoring/subject-input.js';

/** Credit grades with their share of subjects, as a provincial register spreads them. */
export const GRADE_SHARES: Array<[CreditGrade, number]> = [
  ['AA', 0.1],
  ['A', 0.35],
  ['B', 0.35],
  ['C', 0.15],
  ['D', 0.05],
];
/** How grades shift a subject's habits: history, lists and document faults follow it. */
const CARE: Record<CreditGrade, number> = { AA: -1.2, A: -0.6, B: 0, C: 0.8, D: 1.5 };
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

/** Hazardous goods a hazmat tanker carries, with their class (UN Model Regulations). */
const CARGOES: Array<[string, string]> = [
  ['UN1203', '3'],
  ['UN1202', '3'],
  ['UN1075', '2.1'],
  ['UN1005', '2.3'],
  ['UN1830', '8'],
  ['UN1789', '8'],
  ['UN1090', '3'],
  ['UN2014', '5.1'],
];

/** A subject of the scenario: its line as a snapshot describes it, and its habits. */
export interface Subject {
  line: SubjectLine;
  grade: CreditGrade;
  /** Behaviour on the road or the water: how often its passages carry a fault of their own. */
  care: number;
}

/** A standard normal draw (Box-Muller) from a uniform generator. */
export function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

function pickGrade(r: () => number): CreditGrade {
  let x = r();
  for (const [g, share] of GRADE_SHARES) if ((x -= share) < 0) return g;
  return 'A';
}

/** Inspections in the 36 months before `start`: more and worse for careless subjects. */
function history(r: () => number, care: number, start: number) {
  const n = Math.floor(r() * 3 + (r() < 0.5 + 0.1 * care ? 1 : 0));
  return Array.from({ length: n }, () => ({
    at: iso(start - Math.floor(30 + r() * 1000) * DAY),
    deficiencies: Math.max(0, Math.round(2 + 2.5 * care + 2.5 * normal(r))),
    detained: r() < 0.04 * Math.exp(1.1 * care),
  }));
}

/** A vessel or a hazmat road tanker of the register, with its documents as the snapshot carries them. */
export function makeSubject(i: number, r: () => number, start: number): Subject {
  const grade = pickGrade(r);
  const care = CARE[grade] + 0.6 * normal(r);
  const inspections = history(r, care, start);
  // The black list (联合惩戒) goes with a failing grade, key attention with a middling or worse one.
  const lists =
    (grade === 'C' || grade === 'D') && r() < 0.02 * Math.exp(1.3 * care)
      ? [{ list: 'black' as const }]
      : grade !== 'AA' && grade !== 'A' && r() < 0.03 * Math.exp(0.9 * care)
        ? [{ list: 'key-attention' as const }]
        : grade === 'AA' && r() < 0.3
          ? [{ list: 'red' as const }]
          : [];
  if (i % 2 === 0) {
    const line: SubjectLine = {
      kind: 'vessel',
      identity: { mmsi: 413_500_000 + i, name: `VESSEL ${i}` },
      credit: {
        grade,
        shipType: r() < 0.2 ? 80 + Math.floor(r() * 5) : 70 + Math.floor(r() * 5),
        buildYear: 1996 + Math.floor(r() * 30),
        maxDraughtM: 3 + Math.round(r() * 40) / 10,
        registeredName: `VESSEL ${i}`,
        inspections,
        lists,
      },
    };
    return { line, grade, care };
  }
  const plate = `浙F${String(10_000 + i)}`;
  const classes = [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, CARGOES)[1]))];
  const line: SubjectLine = {
    kind: 'vehicle',
    identity: { plate, terminalId: `0138${String(i).padStart(8, '0')}` },
    credit: {
      grade,
      hazmatQualified: r() > 0.004 * Math.exp(care),
      hazardClasses: classes,
      permittedGrossKg: 49_000,
      inspections,
      lists,
      penalties: Math.floor(Math.max(0, 0.6 * care + normal(r) * 0.8)),
      accidents: r() < 0.03 * Math.exp(care) ? 1 : 0,
      driver: { qualification: classes.join(','), validUntil: iso(start + 800 * DAY) },
    },
  };
  return { line, grade, care };
}

export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

export { CARGOES };
