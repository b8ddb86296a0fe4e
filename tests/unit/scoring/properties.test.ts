import { describe, expect, it } from 'vitest';
import { prng } from '../../../src/domain/prng.js';
import { decide } from '../../../src/scoring/decide.js';
import { loadPolicy } from '../../../src/scoring/policy.js';
import { subjectToInput, type SubjectLine } from '../../../src/scoring/subject-input.js';
import { SIGNAL_CODES } from '../../../src/domain/signals.js';

const AT = '2026-11-25T08:00:00.000Z';
const NOW = Date.parse(AT);
const SEED = 'ef'.repeat(32);
/** Each subject its own passage, so each has its own draws. */
const passageOf = (s: SubjectLine, seedHex = SEED) => ({ passageId: `prop:${subjectToInput(s, NOW).id}`, seedHex });
const GRADES = ['AA', 'A', 'B', 'C', 'D'] as const;
const POLICIES = ['kakou-checkpoint', 'paris-mou-nir', 'tokyo-mou-nir'].map((n) => loadPolicy(n));
const ALARMS = ['overspeed', 'fatigue', 'rollover', 'tank-leak', 'dsm-phone', 'something-new'];

type Gen = () => number;
const pick = <T>(r: Gen, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

function randomSubject(r: Gen, i: number): SubjectLine {
  const vessel = r() < 0.6;
  const inspections = Array.from({ length: Math.floor(r() * 4) }, () => ({
    at: new Date(NOW - Math.floor(r() * 1000) * 86_400_000).toISOString(),
    deficiencies: Math.floor(r() * 9),
    detained: r() < 0.15,
  }));
  const credit =
    r() < 0.1
      ? undefined
      : {
          grade: pick(r, GRADES),
          ...(r() < 0.5 && { companyGrade: pick(r, GRADES) }),
          inspections,
          penalties: Math.floor(r() * 3),
          accidents: r() < 0.1 ? 1 : 0,
          ...(vessel
            ? { shipType: pick(r, [60, 70, 80]), buildYear: 1995 + Math.floor(r() * 30) }
            : { hazmatQualified: r() > 0.05 }),
        };
  return vessel
    ? {
        kind: 'vessel',
        at: AT,
        identity: { mmsi: 413_000_000 + i },
        ...(credit && { credit }),
        live: { signals: r() < 0.2 ? [pick(r, SIGNAL_CODES)] : [] },
      }
    : {
        kind: 'vehicle',
        at: AT,
        identity: { plate: `浙F${10_000 + i}` },
        ...(credit && { credit }),
        live: { alarms: r() < 0.2 ? [pick(r, ALARMS)] : [] },
      };
}

/** One step worse: a lower grade, a list entry, a penalty, a detention or more deficiencies on record, or a new live signal or alarm. */
function worsen(r: Gen, s: SubjectLine): SubjectLine {
  const w = structuredClone(s);
  const c = w.credit;
  const moves: Array<() => void> = [
    () => {
      w.live =
        w.kind === 'vessel'
          ? { ...w.live, signals: [...new Set([...(w.live?.signals ?? []), pick(r, SIGNAL_CODES)])] }
          : { ...w.live, alarms: [...new Set([...(w.live?.alarms ?? []), pick(r, ALARMS)])] };
    },
  ];
  if (c) {
    moves.push(
      () => {
        c.grade = GRADES[Math.min(4, GRADES.indexOf(c.grade ?? 'AA') + 1)];
      },
      () => {
        if (c.companyGrade) c.companyGrade = GRADES[Math.min(4, GRADES.indexOf(c.companyGrade) + 1)];
      },
      () => {
        c.lists = [...(c.lists ?? []), { list: pick(r, ['black', 'key-attention'] as const) }];
      },
      () => {
        c.penalties = (c.penalties ?? 0) + 1;
      },
      () => {
        c.accidents = (c.accidents ?? 0) + 1;
      },
      () => {
        const i = c.inspections?.[0];
        if (i) i.detained = true;
      },
      () => {
        const i = c.inspections?.[0];
        if (i) i.deficiencies += 1 + Math.floor(r() * 5);
      },
    );
  }
  pick(r, moves)();
  return w;
}

describe('scoring properties', () => {
  it('is monotone: no worsening of credit or behaviour lowers a score, under every preset (3 x 3000 random cases)', () => {
    const r = prng(7);
    for (const policy of POLICIES) {
      for (let i = 0; i < 3000; i++) {
        let s = randomSubject(r, i);
        let before = decide(subjectToInput(s, NOW), policy, passageOf(s)).score;
        for (let step = 0; step < 3; step++) {
          const worse = worsen(r, s);
          const after = decide(subjectToInput(worse, NOW), policy, passageOf(worse)).score;
          if (after < before)
            expect.fail(
              `${policy.name}: ${JSON.stringify(s)} scored ${before}, worsened to ${JSON.stringify(worse)} scored ${after}`,
            );
          s = worse;
          before = after;
        }
      }
    }
  });

  it('is deterministic: the same subject, policy and seed give the same decision and draws, in any order', () => {
    const r = prng(11);
    const subjects = Array.from({ length: 500 }, (_, i) => randomSubject(r, i));
    const policy = POLICIES[0] as (typeof POLICIES)[number];
    const first = subjects.map((s) => decide(subjectToInput(s, NOW), policy, passageOf(s)));
    const shuffled = subjects.map((s, i) => [s, i] as const).sort(() => r() - 0.5);
    for (const [s, i] of shuffled) expect(decide(subjectToInput(s, NOW), policy, passageOf(s))).toEqual(first[i]);
    expect(new Set(first.map((d) => d.draw?.credit)).size).toBe(500); // distinct passages, distinct draws
    const first0 = subjects[0] as SubjectLine;
    const other = decide(subjectToInput(first0, NOW), policy, passageOf(first0, '01'.repeat(32)));
    expect(other.draw?.credit).not.toBe(first[0]?.draw?.credit);
  });
});
