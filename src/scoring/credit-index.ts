import type { Company, CreditGrade, CreditSnapshot, History36m, ListEntry, SubjectKind, VehicleSubject, VesselSubject } from '../domain/credit.js';

export interface CreditProfile {
  known: boolean;
  subjectGrade: CreditGrade | null;
  company: Company | null;
  /** The worse of the subject's and its company's grades. */
  grade: CreditGrade | null;
  /** List entries in force for the subject or its company. */
  lists: ListEntry[];
  history: History36m | null;
  vessel: VesselSubject | null;
  vehicle: VehicleSubject | null;
}

const GRADE_ORDER: CreditGrade[] = ['AA', 'A', 'B', 'C', 'D'];

export function worseGrade(a: CreditGrade | null | undefined, b: CreditGrade | null | undefined): CreditGrade | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return GRADE_ORDER.indexOf(a) >= GRADE_ORDER.indexOf(b) ? a : b;
}

/** Lookup structure over one credit snapshot; built once per snapshot version. */
export class CreditIndex {
  private readonly companies = new Map<string, Company>();
  private readonly vessels = new Map<number, VesselSubject>();
  private readonly vehiclesByPlate = new Map<string, VehicleSubject>();
  private readonly vehiclesByTerminal = new Map<string, VehicleSubject>();
  private readonly lists = new Map<string, ListEntry[]>();

  constructor(readonly snapshot: CreditSnapshot) {
    for (const c of snapshot.companies) this.companies.set(c.id, c);
    for (const v of snapshot.vessels) this.vessels.set(v.mmsi, v);
    for (const v of snapshot.vehicles) {
      this.vehiclesByPlate.set(v.plate, v);
      if (v.terminalId) this.vehiclesByTerminal.set(v.terminalId, v);
    }
    for (const e of snapshot.lists) {
      const key = `${e.subjectKind}:${e.subjectId}`;
      const arr = this.lists.get(key) ?? [];
      arr.push(e);
      this.lists.set(key, arr);
    }
  }

  get version(): number {
    return this.snapshot.version;
  }

  private listsFor(kind: SubjectKind, id: string | undefined, now: number): ListEntry[] {
    if (!id) return [];
    return (this.lists.get(`${kind}:${id}`) ?? []).filter((e) =>
      (e.status ?? 'active') === 'active' && Date.parse(e.from) <= now && (!e.until || Date.parse(e.until) > now));
  }

  private profile(kind: 'vessel' | 'vehicle', subject: VesselSubject | VehicleSubject | undefined, subjectId: string, now: number): CreditProfile {
    const company = subject?.companyId ? this.companies.get(subject.companyId) ?? null : null;
    return {
      known: subject !== undefined,
      subjectGrade: subject?.grade ?? null,
      company,
      grade: worseGrade(subject?.grade, company?.grade),
      lists: [...this.listsFor(kind, subjectId, now), ...this.listsFor('company', company?.id, now)],
      history: subject?.history ?? null,
      vessel: kind === 'vessel' ? (subject as VesselSubject | undefined) ?? null : null,
      vehicle: kind === 'vehicle' ? (subject as VehicleSubject | undefined) ?? null : null,
    };
  }

  vessel(mmsi: number, now: number): CreditProfile {
    return this.profile('vessel', this.vessels.get(mmsi), String(mmsi), now);
  }

  vehicle(plate: string | null, terminalId: string, now: number): CreditProfile {
    const subject = (plate ? this.vehiclesByPlate.get(plate) : undefined) ?? this.vehiclesByTerminal.get(terminalId);
    return this.profile('vehicle', subject, subject?.plate ?? plate ?? terminalId, now);
  }
}
