import type { Amendment, InspectionRecord, NewInspection } from '../domain/inspection.js';
import type { Role } from '../domain/roles.js';
import { KakouError } from '../errors.js';

/** What a correction may restate; anything left out stays as the original said. */
export type Correction = Partial<Pick<NewInspection, 'result' | 'action' | 'defects' | 'notes'>>;

export interface AmendRequest {
  kind: 'correction' | 'void';
  by: { username: string; role: Role };
  reason: string;
  changes?: Correction;
}

const invalid = (detail: string) => new KakouError('KAKOU_E_AMENDMENT_INVALID', undefined, [detail]);

/**
 * The new record that amends `original` (records are append-only: nothing is rewritten). A
 * correction restates the record with the changes; a void withdraws it, and only a supervisor's
 * void takes effect: an officer's becomes a request that a supervisor's void then approves.
 * Amendments always name the original, and a withdrawn record takes no further amendment.
 */
export function amendmentOf(
  original: InspectionRecord,
  earlier: readonly InspectionRecord[],
  req: AmendRequest,
): NewInspection {
  if (original.amends !== undefined) throw invalid(`amend the original record ${original.amends}, not an amendment`);
  if (earlier.some((r) => r.amendment === 'void')) throw invalid(`record ${original.id} is void`);
  const supervisor = req.by.role !== 'officer';
  const amendment: Amendment = req.kind === 'correction' ? 'correction' : supervisor ? 'void' : 'void-request';
  if (amendment === 'void-request' && earlier.some((r) => r.amendment === 'void-request'))
    throw invalid(`a void of record ${original.id} is already waiting for a supervisor`);
  // A correction restates the latest version of the record, so successive corrections add up.
  const latest = [...earlier].reverse().find((r) => r.amendment === 'correction') ?? original;
  const changes = req.kind === 'correction' ? (req.changes ?? {}) : {};
  const notes = changes.notes ?? latest.notes;
  return {
    targetId: original.targetId,
    officer: req.by.username,
    result: changes.result ?? latest.result,
    action: changes.action ?? latest.action,
    defects: changes.defects ?? latest.defects,
    ...(notes !== undefined && { notes }),
    ...(original.passageId !== undefined && { passageId: original.passageId }),
    amends: original.id,
    amendment,
    reason: req.reason,
  };
}

/** Where a record stands after its amendments: in force, corrected, void, or with a void waiting for approval. */
export function standing(earlier: readonly InspectionRecord[]): 'in-force' | 'corrected' | 'void-requested' | 'void' {
  if (earlier.some((r) => r.amendment === 'void')) return 'void';
  if (earlier.some((r) => r.amendment === 'void-request')) return 'void-requested';
  return earlier.some((r) => r.amendment === 'correction') ? 'corrected' : 'in-force';
}
