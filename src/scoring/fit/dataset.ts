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
  /** Columns counted per unit: the base policy's per-unit factors, and those whose findings carried counts. */
  perUnit: ReadonlySet<number>;
}

/**
 * How many units of a factor count for the fit: up to the cap the base policy sets for a per-unit
 * factor, else up to the default cap. A factor the base policy prices once (or from a minimum
 * count) is fitted by its count all the same: two detentions are worse than one, and outcomes say
 * by how much; the fitted policy then prices it per unit.
 */
export function unitCap(policy: Policy, code: string): number {
  const f = policy.factors[code];
  if (!f?.perUnit) return DEFAULT_UNIT_CAP;
  return f.max !== undefined && f.points > 0 ? Math.max(1, Math.round(f.max / f.points)) : DEFAULT_UNIT_CAP;
}

/** A stable fifth of the passages, by id, held out to judge the fit. */
function heldOut(passageId: string): boolean {
  let h = 2166136261;
  for (let i = 0; i < passageId.length; i++) h = Math.imul(h ^ passageId.charCodeAt(i), 16777619);
  return (h >>> 0) % 5 === 0;
}

/**
 * Rows for the fit: each passage's factors as a feature vector, aggregated into one row per
 * distinct vector with its passages and violations, so a million passages fit in memory as a few
 * thousand rows. Fed by subject lines (`fromSubjectLines`) or by the central's outcome records
 * (`fromOutcomeRecords`, src/central/outcomes.ts).
 */
export class DatasetBuilder {
  readonly columns: string[];
  private readonly col: Map<string, number>;
  private readonly maps = [new Map<string, Row>(), new Map<string, Row>()] as const;
  private passages = 0;
  private violations = 0;
  private from = Infinity;
  private to = -Infinity;
  private readonly counted = new Set<number>();
  skipped = 0;

  constructor(private readonly policy: Policy) {
    this.columns = FACTOR_CODES.filter((c) => policy.factors[c]);
    this.col = new Map(this.columns.map((c, i) => [c, i]));
  }

  /** One passage: the factors found in it (code and units, priced or not) and whether it held a violation. */
  add(passageId: string, at: number, found: Iterable<[code: string, units: number]>, violation: boolean): void {
    const { policy } = this;
    const units = new Map<number, number>();
    for (const [factor, n] of found) {
      const code = policy.factors[factor] ? factor : factor.startsWith('ALARM_') ? 'ALARM_OTHER' : null;
      const i = code === null ? undefined : this.col.get(code);
      if (i === undefined || code === null) continue;
      const u = Math.min(n, unitCap(policy, code));
      if (u > 1 || policy.factors[code]?.perUnit) this.counted.add(i);
      units.set(i, Math.max(units.get(i) ?? 0, u));
    }
    const index = [...units.keys()].sort((a, b) => a - b);
    const key = index.map((i) => `${i}:${units.get(i)}`).join(',');
    const map = this.maps[heldOut(passageId) ? 1 : 0];
    let row = map.get(key);
    if (!row) {
      row = { index, value: index.map((i) => units.get(i) as number), n: 0, positives: 0 };
      map.set(key, row);
    }
    row.n++;
    if (violation) {
      row.positives++;
      this.violations++;
    }
    this.passages++;
    this.from = Math.min(this.from, at);
    this.to = Math.max(this.to, at);
  }

  finish(): Dataset {
    const { passages, from, to } = this;
    return {
      columns: this.columns,
      train: [...this.maps[0].values()],
      heldOut: [...this.maps[1].values()],
      passages,
      violations: this.violations,
      from,
      to,
      hours: passages ? Math.max(1, Math.ceil((to - from) / 3_600_000)) : 0,
      skipped: this.skipped,
      perUnit: this.counted,
    };
  }
}

/** The dataset of kakou-subject/1 lines with an outcome: what the node's rules find in each, priced or not. */
export async function buildDataset(
  lines: AsyncIterable<string>,
  outcomes: ReadonlyMap<string, { violation: boolean }>,
  policy: Policy,
  now: number,
): Promise<Dataset> {
  const data = new DatasetBuilder(policy);
  for await (const text of lines) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      data.skipped++;
      continue;
    }
    const outcome = outcomes.get((value as { passageId?: string }).passageId ?? '');
    if (!outcome || subjectProblems(value).length > 0) {
      data.skipped++;
      continue;
    }
    const line = value as SubjectLine;
    const input = subjectToInput(line, now);
    const found: Array<[string, number]> = [];
    for (const rule of RULES) for (const f of rule(input)) found.push([f.code, f.units ?? 1]);
    data.add(line.passageId ?? '', input.now, found, outcome.violation);
  }
  return data.finish();
}
