import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import type { RecordKind } from '../../src/domain/record-kinds.js';

/** The golden payload of a record kind (sync/vectors/payloads/), with fields changed or added. */
export function golden(kind: RecordKind, over: Record<string, unknown> = {}): Record<string, unknown> {
  const file = join(import.meta.dirname, '..', '..', 'sync', 'vectors', 'payloads', `${kind}.json`);
  return { ...(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>), ...over };
}

let reportValidator: ValidateFunction | null = null;

/** Whether a central's node report matches the published sync/schemas/report.v1.schema.json (ajv's own reading of it). */
export async function matchesReportSchema(report: unknown): Promise<true | string> {
  if (!reportValidator) {
    const file = join(import.meta.dirname, '..', '..', 'sync', 'schemas', 'report.v1.schema.json');
    reportValidator = new Ajv2020.default({ strict: false }).compile(JSON.parse(readFileSync(file, 'utf8')) as object);
  }
  return reportValidator(report) ? true : JSON.stringify(reportValidator.errors);
}
