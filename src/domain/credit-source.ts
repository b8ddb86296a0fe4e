import type { Company, CreditGrade, History36m, ListEntry, VehicleSubject, VesselSubject } from './credit.js';
import { performanceOf, shipKindOf, type FlagPerformance, type RoPerformance } from './psc.js';

export interface IndexedSubject<S> {
  subject: S;
  history: History36m;
}

/** What a credit lookup reads, from memory (CreditIndex) or from SQLite (SqlCreditSource). */
export interface CreditSource {
  vessel(mmsi: number, since: number): IndexedSubject<VesselSubject> | null;
  vehicle(plate: string | null, terminalId: string, since: number): IndexedSubject<VehicleSubject> | null;
  company(id: string): Company | null;
  /** The flag's entry in the performance list; `unlisted` when the list does not hold it. */
  flagState(code: string): FlagPerformance;
  /** The recognised organisation's entry; without performance or recognition when not held. */
  ro(id: string): RoPerformance;
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

/** What a flag or organisation the lists do not hold reads as: never good data. */
export const unlistedFlag = (code: string): FlagPerformance => ({ code, list: 'unlisted', imoAudited: false });
export const unlistedRo = (id: string): RoPerformance => ({ id, recognised: false });

/** A company row as the snapshot tables hold it, with its PSC performance when published. */
export function companyEntry(
  id: string,
  name: string,
  grade: CreditGrade | null,
  score: number | null,
  performance: string | null,
  inspections36m: number | null,
): Company {
  const c: Company = { id, name, grade: grade ?? 'B' };
  if (score !== null) c.score = score;
  const p = performanceOf(performance);
  if (p) c.performance = p;
  if (inspections36m !== null) c.inspections36m = inspections36m;
  return c;
}

/** Vessel columns naming the PSC data, read into the subject. */
export function vesselPsc(
  subject: VesselSubject,
  flag: string | null,
  roId: string | null,
  pscType: string | null,
): void {
  if (flag) subject.flag = flag;
  if (roId) subject.roId = roId;
  const kind = shipKindOf(pscType);
  if (kind) subject.pscType = kind;
}

/** Vessel columns of what it declared for the voyage and what its certificate allows. */
export function vesselVoyage(subject: VesselSubject, dangerousCargo: number | null, maxPersons: number | null): void {
  if (dangerousCargo !== null) subject.dangerousCargo = dangerousCargo === 1;
  if (maxPersons) subject.maxPersons = maxPersons;
}
