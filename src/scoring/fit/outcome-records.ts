import { parseFinding, type OutcomeRow } from '../../domain/outcome-row.js';
import type { Policy } from '../policy.js';
import { DatasetBuilder, type Dataset } from './dataset.js';

/** A line bound: a row lists at most the factors a decision can carry. */
const MAX_FINDINGS = 400;

function rowOf(text: string): OutcomeRow | null {
  let v: Partial<OutcomeRow>;
  try {
    v = JSON.parse(text) as Partial<OutcomeRow>;
  } catch {
    return null;
  }
  const ok =
    v !== null &&
    typeof v === 'object' &&
    v.format === 'kakou-outcome/1' &&
    typeof v.passageId === 'string' &&
    typeof v.decidedAt === 'string' &&
    Number.isFinite(Date.parse(v.decidedAt)) &&
    typeof v.violation === 'boolean' &&
    Array.isArray(v.findings) &&
    v.findings.length <= MAX_FINDINGS &&
    v.findings.every((f) => typeof f === 'string');
  return ok ? (v as OutcomeRow) : null;
}

/**
 * The dataset of the central's outcome records (kakou-outcome/1, `kakou central outcomes`): each
 * inspected passage with the factors the node found when it decided it, priced or not. Lines that
 * are not such rows are counted as skipped.
 */
export async function datasetFromRecords(lines: AsyncIterable<string>, policy: Policy): Promise<Dataset> {
  const data = new DatasetBuilder(policy);
  for await (const text of lines) {
    if (text.trim() === '') continue;
    const row = rowOf(text);
    if (!row) {
      data.skipped++;
      continue;
    }
    data.add(row.passageId, Date.parse(row.decidedAt), row.findings.map(parseFinding), row.violation);
  }
  return data.finish();
}
