import type { Company, History36m, ListEntry, VehicleSubject, VesselSubject } from './credit.js';

export interface IndexedSubject<S> {
  subject: S;
  history: History36m;
}

/** What a credit lookup reads, from memory (CreditIndex) or from SQLite (SqlCreditSource). */
export interface CreditSource {
  vessel(mmsi: number, since: number): IndexedSubject<VesselSubject> | null;
  vehicle(plate: string | null, terminalId: string, since: number): IndexedSubject<VehicleSubject> | null;
  company(id: string): Company | null;
  /** Active entries on record for the subject, whatever their dates: the caller filters by time. */
  lists(kind: string, id: string): readonly ListEntry[];
}

/** A list row of the snapshot as the rules see it; only active rows are read, so status is 'active'. */
export function listEntry(
  subjectKind: ListEntry['subjectKind'],
  subjectId: string,
  list: ListEntry['list'],
  reason: string | null,
  fromMs: number | null,
  untilMs: number | null,
): ListEntry {
  const e: ListEntry = {
    list,
    subjectKind,
    subjectId,
    reason: reason ?? '',
    from: new Date(fromMs ?? 0).toISOString(),
    status: 'active',
  };
  if (untilMs) e.until = new Date(untilMs).toISOString();
  return e;
}
