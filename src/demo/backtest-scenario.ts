import type { CreditGrade } from '../domain/credit.js';
import type { OutcomeLine } from '../scoring/backtest/backtest.js';
import type { SubjectLine } from '../scoring/subject-input.js';
import { prng } from '../domain/prng.js';

const GRADES: Array<[CreditGrade, number, number]> = [
  // grade, share of subjects, chance that a passage carries a violation
  ['AA', 0.1, 0.02],
  ['A', 0.35, 0.05],
  ['B', 0.35, 0.1],
  ['C', 0.15, 0.25],
  ['D', 0.05, 0.45],
];
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

/**
 * A generated run of checkpoint passages in which violations follow credit, as the provincial
 * scheme assumes: worse grades, detentions and live signals make a violation likelier. Each
 * subject passes several times. Deterministic for a seed, so a backtest of it is reproducible.
 */
export function backtestScenario(
  passages: number,
  seed: number,
  start: number,
  perHour = 30,
): { passages: SubjectLine[]; outcomes: OutcomeLine[] } {
  const r = prng(seed);
  const subjects = Array.from({ length: Math.max(10, Math.floor(passages / 4)) }, (_, i) => {
    let x = r();
    const [grade, , base] =
      GRADES.find(([, share]) => (x -= share) < 0) ?? (GRADES[1] as [CreditGrade, number, number]);
    const bad = grade === 'C' || grade === 'D';
    const inspections = Array.from({ length: Math.floor(r() * 5) }, () => ({
      at: iso(start - Math.floor(r() * 1000) * DAY),
      deficiencies: Math.floor(r() * (bad ? 9 : 4)),
      detained: r() < (bad ? 0.2 : 0.03),
    }));
    const detentions = inspections.filter((x) => x.detained).length;
    const lists =
      grade === 'D' && r() < 0.3
        ? [{ list: 'black' as const }]
        : grade === 'C' && r() < 0.15
          ? [{ list: 'key-attention' as const }]
          : [];
    const vessel = i % 2 === 0;
    const subject: SubjectLine = vessel
      ? {
          kind: 'vessel',
          identity: { mmsi: 413_500_000 + i, name: `VESSEL ${i}` },
          credit: {
            grade,
            shipType: r() < 0.15 ? 80 : 70,
            buildYear: 1995 + Math.floor(r() * 30),
            inspections,
            lists,
            registeredName: `VESSEL ${i}`,
          },
        }
      : {
          kind: 'vehicle',
          identity: { plate: `浙F${String(10_000 + i)}`, terminalId: `0138${String(i).padStart(8, '0')}` },
          credit: { grade, hazmatQualified: r() > 0.01, inspections, lists },
        };
    return { subject, propensity: Math.min(0.95, base + 0.1 * detentions + (lists.length ? 0.2 : 0)) };
  });
  const out: SubjectLine[] = [];
  const outcomes: OutcomeLine[] = [];
  for (let i = 0; i < passages; i++) {
    const s = subjects[Math.floor(r() * subjects.length)] as (typeof subjects)[number];
    const signal = r() < 0.03;
    const passageId = `p-${String(i).padStart(6, '0')}`;
    const at = iso(start + Math.floor((i / perHour) * 3_600_000 + r() * 60_000));
    const line: SubjectLine = { ...s.subject, passageId, at };
    if (signal)
      line.live = s.subject.kind === 'vessel' ? { signals: ['AIS_WENT_DARK'] } : { alarms: ['route-deviation'] };
    out.push(line);
    outcomes.push({ passageId, violation: r() < Math.min(0.95, s.propensity + (signal ? 0.3 : 0)) });
  }
  return { passages: out, outcomes };
}
