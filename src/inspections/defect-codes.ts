import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';

export interface DefectCode {
  code: string;
  kind: 'vessel' | 'vehicle';
  zh: string;
  en: string;
}

/** The coded defect list officers record against (data: sync/defect-codes.v1.json, published with the wire contract). */
export const DEFECT_CODES: readonly DefectCode[] = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'sync', 'defect-codes.v1.json'), 'utf8')) as {
    codes: DefectCode[];
  }
).codes;

const KNOWN = new Set(DEFECT_CODES.map((d) => d.code));

/** Problems with the defect codes of a record, one per unknown code. */
export function defectProblems(defects: ReadonlyArray<{ code: string }>): string[] {
  return defects.flatMap((d, i) =>
    KNOWN.has(d.code) ? [] : [`defects/${i}/code: ${d.code} is not in the defect code list (GET /api/v1/defect-codes)`],
  );
}
