import { Compile } from 'typebox/compile';
import { PAYLOAD_SCHEMAS } from '../sync/payload-schemas.js';
import { isRecordKind, RECORD_KINDS, type RecordKind } from '../domain/record-kinds.js';

/** The kinds a central knows, as a set (a kind outside it is refused: KAKOU_E_SYNC_PAYLOAD). */
export const KNOWN_KINDS: ReadonlySet<string> = new Set(Object.keys(RECORD_KINDS));

const validators = new Map((Object.keys(PAYLOAD_SCHEMAS) as RecordKind[]).map((k) => [k, Compile(PAYLOAD_SCHEMAS[k])]));

/**
 * Why a record's payload is unacceptable for its kind (the schema of sync/schemas/, which says
 * everything a central checks), or null if it is fine. The first problem only: it travels in the Ack.
 */
export function payloadProblem(kind: string, payload: string): string | null {
  if (!isRecordKind(kind)) return `unknown kind "${kind}"`;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return 'payload is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'payload is not a JSON object';
  const v = validators.get(kind);
  if (v && !v.Check(body)) {
    const e = v.Errors(body)[0];
    const at = (e?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    return `${kind}${at ? `.${at}` : ''}: ${e?.message ?? 'does not match its schema'}`;
  }
  return null;
}
