import { FACTOR_CODES } from '../../domain/factors.js';
import { RULES } from '../decide.js';
import type { Policy } from '../policy.js';
import { subjectProblems, subjectToInput, type SubjectLine } from '../subject-input.js';
import type { Row } from './nonneg-logistic.js';

/** Units a per-unit factor counts at most when no maximum says otherwise. */
const DEFAULT_UNIT_CAP = 3;

export interface Dataset {
  /** The factor codes, in column order. */
  columns: string[];
  train: Row[];
  heldOut: Row[];
  passages: number;
  violations: number;
  from: number;
  to: number;
  /** Hours the passages span (their traffic per hour). */
  hours: number;
  skipped: number;
}

/** How many units of a factor count for the fit: one, or its units up to the cap the base policy sets. */
export function unitCap(policy: Policy, code: string): number {
  const f = policy.factors[code];
  if (!f?.perUnit) return 1;
  return f.max !== undefined && f.points > 0 ? Math.max(1, Math.round(f.max / f.points)) : DEFAULT_UNIT_CAP;
}

/** A stable fifth of the passages, by id, held out to judge the fit. */
function heldOut(passageId: string): boolean {
  let h = 2166136261;
  for (let i = 0; i < passageId.length; i++) h = Math.imul(h ^ passageId.charCodeAt(i), 16777619);
  return (h >>> 0) % 5 === 0;
}

/**
 * The passages as the fit sees them: each one's factors (what the node's rules find, priced or
 * not) as a feature vector, aggregated into one row per distinct vector with its passages and
 * violations, so a million passages fit in memory as a few thousand rows.
 */
export async function buildDataset(
  lines: AsyncIterable<string>,
  outcomes: ReadonlyMap<string, { violation: boolean }>,
  policy: Policy,
  now: number,
): Promise<Dataset> {
  const columns = FACTOR_CODES.filter((c) => policy.factors[c]);
  const col = new Map(columns.map((c, i) => [c, i]));
  const maps = [new Map<string, Row>(), new Map<string, Row>()] as const;
  let passages = 0;
  let violations = 0;
  let skipped = 0;
  let from = Infinity;
  let to = -Infinity;
  for await (const text of lines) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      skipped++;
      continue;
    }
    const outcome = outcomes.get((value as { passageId?: string }).passageId ?? '');
    if (!outcome || subjectProblems(value).length > 0) {
      skipped++;
      continue;
    }
    const line = value as SubjectLine;
    const input = subjectToInput(line, now);
    const units = new Map<number, number>();
    for (const rule of RULES)
      for (const f of rule(input)) {
        const code = policy.factors[f.code] ? f.code : f.code.startsWith('ALARM_') ? 'ALARM_OTHER' : null;
        const i = code === null ? undefined : col.get(code);
        if (i === undefined || code === null) continue;
        const n = f.units ?? 1;
        if (n < (policy.factors[code]?.minUnits ?? 1)) continue;
        units.set(i, Math.max(units.get(i) ?? 0, Math.min(n, unitCap(policy, code))));
      }
    const index = [...units.keys()].sort((a, b) => a - b);
    const key = index.map((i) => `${i}:${units.get(i)}`).join(',');
    const map = maps[heldOut(line.passageId ?? '') ? 1 : 0];
    let row = map.get(key);
    if (!row) {
      row = { index, value: index.map((i) => units.get(i) as number), n: 0, positives: 0 };
      map.set(key, row);
    }
    row.n++;
    if (outcome.violation) {
      row.positives++;
      violations++;
    }
    passages++;
    from = Math.min(from, input.now);
    to = Math.max(to, input.now);
  }
  return {
    columns,
    train: [...maps[0].values()],
    heldOut: [...maps[1].values()],
    passages,
    violations,
    from,
    to,
    hours: passages ? Math.max(1, Math.ceil((to - from) / 3_600_000)) : 0,
    skipped,
  };
}
