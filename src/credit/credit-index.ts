import {
  addInspection,
  type Company,
  type CreditGrade,
  type History36m,
  type ListEntry,
  type VehicleSubject,
  type VesselSubject,
} from '../domain/credit.js';
import { unlistedFlag, unlistedRo, type CreditSource, type IndexedSubject } from '../domain/credit-source.js';
import { SHIP_KINDS, type FlagPerformance, type RoPerformance } from '../domain/psc.js';
import { hash32, type KeyIndex, type PackedRecords, type RecordPacker, type RecordReader } from './packed-records.js';

/**
 * The credit snapshot in force, packed in memory for the lookups scoring makes on every rescore:
 * one hash-table probe and one small decode instead of three SQLite queries (see credit-index-build.ts).
 * Alternative identities (IMO, registration number, name) stay in SQLite: they are the rare path.
 */
export interface CreditIndexParts {
  version: number;
  companies: Map<string, Company>;
  /** The flag and recognised organisation performance lists. */
  flags: Map<string, FlagPerformance>;
  ros: Map<string, RoPerformance>;
  /** Interned strings (company ids, plate colours, vehicle types) referenced by number from the records. */
  strings: string[];
  /** Active list entries by `${subjectKind}\u0000${subjectId}`. */
  lists: Map<string, ListEntry[]>;
  vessels: PackedRecords;
  vesselKeys: KeyIndex;
  vehicles: PackedRecords;
  plateKeys: KeyIndex;
  terminalKeys: KeyIndex;
}

const GRADES: readonly CreditGrade[] = ['AA', 'A', 'B', 'C', 'D'];
const HISTORY_KINDS = ['inspection', 'penalty', 'accident'] as const;
/** A string or company reference that is absent. */
export const NONE = 0xffffffff;
const NO_ENTRIES: readonly ListEntry[] = Object.freeze([]);

export class CreditIndex implements CreditSource {
  constructor(private readonly p: CreditIndexParts) {}

  get version(): number {
    return this.p.version;
  }

  get bytes(): number {
    return (
      this.p.vessels.bytes +
      this.p.vehicles.bytes +
      this.p.vesselKeys.bytes +
      this.p.plateKeys.bytes +
      this.p.terminalKeys.bytes
    );
  }

  company(id: string): Company | null {
    return this.p.companies.get(id) ?? null;
  }

  flagState(code: string): FlagPerformance {
    return this.p.flags.get(code) ?? unlistedFlag(code);
  }

  ro(id: string): RoPerformance {
    return this.p.ros.get(id) ?? unlistedRo(id);
  }

  lists(kind: string, id: string): readonly ListEntry[] {
    return this.p.lists.size === 0 ? NO_ENTRIES : (this.p.lists.get(`${kind}\u0000${id}`) ?? NO_ENTRIES);
  }

  vessel(mmsi: number, since: number): IndexedSubject<VesselSubject> | null {
    if (!Number.isInteger(mmsi) || mmsi < 0 || mmsi > NONE) return null;
    const rec = this.p.vesselKeys.find(mmsi, () => true);
    if (rec < 0) return null;
    const r = this.p.vessels.reader(rec);
    const subject: VesselSubject = { mmsi, name: '' };
    const imo = r.u32();
    const registrationNo = r.str();
    const nameZh = r.str();
    subject.name = r.str() ?? '';
    const shipType = r.u16();
    const buildYear = r.u16();
    const draughtCm = r.u16();
    const company = r.u32();
    const grade = r.u8();
    const flag = r.u32();
    const roId = r.u32();
    const pscType = r.u8();
    const dangerousCargo = r.u8();
    const maxPersons = r.u16();
    if (imo) subject.imo = imo;
    if (nameZh) subject.nameZh = nameZh;
    if (shipType !== 0xffff) subject.shipType = shipType;
    if (buildYear) subject.buildYear = buildYear;
    if (draughtCm) subject.maxDraughtM = draughtCm / 100;
    if (company !== NONE) subject.companyId = this.p.strings[company] as string;
    if (grade) subject.grade = GRADES[grade - 1] as CreditGrade;
    if (registrationNo) subject.registrationNo = registrationNo;
    if (flag !== NONE) subject.flag = this.p.strings[flag] as string;
    if (roId !== NONE) subject.roId = this.p.strings[roId] as string;
    if (pscType) subject.pscType = SHIP_KINDS[pscType - 1];
    if (dangerousCargo) subject.dangerousCargo = dangerousCargo === 2;
    if (maxPersons) subject.maxPersons = maxPersons;
    return { subject, history: readHistory(r, since) };
  }

  vehicle(plate: string | null, terminalId: string, since: number): IndexedSubject<VehicleSubject> | null {
    let rec = plate ? this.p.plateKeys.find(hash32(plate), (i) => this.p.vehicles.reader(i).str() === plate) : -1;
    if (rec < 0) rec = this.p.terminalKeys.find(hash32(terminalId), (i) => this.terminalOf(i) === terminalId);
    if (rec < 0) return null;
    const r = this.p.vehicles.reader(rec);
    const subject: VehicleSubject = { plate: r.str() as string, hazmatQualified: false };
    const colour = r.u32();
    const terminal = r.str();
    const type = r.u32();
    const company = r.u32();
    const grade = r.u8();
    subject.hazmatQualified = r.u8() === 1;
    const grossKg = r.u32();
    if (grossKg) subject.permittedGrossKg = grossKg;
    if (colour !== NONE) subject.plateColour = this.p.strings[colour] as string;
    if (terminal) subject.terminalId = terminal;
    if (type !== NONE) subject.vehicleType = this.p.strings[type] as string;
    if (company !== NONE) subject.companyId = this.p.strings[company] as string;
    if (grade) subject.grade = GRADES[grade - 1] as CreditGrade;
    return { subject, history: readHistory(r, since) };
  }

  private terminalOf(rec: number): string | null {
    const r = this.p.vehicles.reader(rec);
    r.str();
    r.u32();
    return r.str();
  }
}

function readHistory(r: RecordReader, since: number): History36m {
  const h: History36m = { inspections: 0, deficiencies: 0, detentions: 0, penalties: 0, accidents: 0 };
  for (let n = r.u16(); n > 0; n--) {
    const at = r.f64();
    const kind = r.u8();
    const deficiencies = r.u16();
    const detained = r.u8();
    if (at < since) continue;
    if (kind === 0) addInspection(h, at, deficiencies, detained === 1);
    else if (kind === 1) h.penalties++;
    else if (kind === 2) h.accidents++;
  }
  return h;
}

/** Writes the history of one subject from SQLite's `kind,at_ms,deficiencies,detained;...` aggregate. */
export function packHistory(w: RecordPacker, concatenated: string | null): void {
  const events = concatenated ? concatenated.split(';') : [];
  w.u16(Math.min(events.length, 0xffff));
  for (const e of events.slice(0, 0xffff)) {
    const [kind, at, deficiencies, detained] = e.split(',');
    w.f64(Number(at));
    const code = HISTORY_KINDS.indexOf(kind as (typeof HISTORY_KINDS)[number]);
    w.u8(code < 0 ? 0xff : code); // a kind this node does not know is kept out of every count
    w.u16(Math.min(Number(deficiencies), 0xffff));
    w.u8(Number(detained) ? 1 : 0);
  }
}

export function gradeCode(grade: string | null): number {
  return grade ? GRADES.indexOf(grade as CreditGrade) + 1 : 0;
}
