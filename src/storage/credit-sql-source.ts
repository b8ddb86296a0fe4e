import {
  addInspection,
  type Company,
  type CreditGrade,
  type DriverRecord,
  type History36m,
  type LatLonPair,
  type ListEntry,
  type VehicleDocuments,
  type VehicleSubject,
  type VesselSubject,
} from '../domain/credit.js';
import { parseClasses } from '../domain/driver-id.js';
import {
  companyEntry,
  listEntry,
  unlistedFlag,
  unlistedRo,
  vesselPsc,
  vesselVoyage,
  type CreditSource,
  type IndexedSubject,
} from '../domain/credit-source.js';
import { flagEntry, roEntry, type FlagPerformance, type RoPerformance } from '../domain/psc.js';
import type { Sqlite } from './database.js';
import { normaliseName } from './snapshot-tables.js';

interface VesselRow {
  mmsi: number;
  imo: number | null;
  registrationNo: string | null;
  nameZh: string | null;
  name: string | null;
  shipType: number | null;
  buildYear: number | null;
  maxDraughtCm: number | null;
  companyId: string | null;
  grade: CreditGrade | null;
  flag: string | null;
  roId: string | null;
  pscType: string | null;
  dangerousCargo: number | null;
  maxPersons: number | null;
}
interface VehicleRow {
  plate: string;
  plateColour: string | null;
  terminalId: string | null;
  vehicleType: string | null;
  companyId: string | null;
  grade: CreditGrade | null;
  hazmatQualified: number;
  permittedGrossKg: number | null;
}
interface ListRow {
  subjectKind: ListEntry['subjectKind'];
  subjectId: string;
  list: ListEntry['list'];
  reason: string | null;
  fromMs: number | null;
  untilMs: number | null;
}

/**
 * The credit snapshot read straight from the snap_* tables with prepared point queries: what
 * lookups use until the in-memory index is packed, and for the identities it does not hold.
 */
export class SqlCreditSource implements CreditSource {
  private readonly q;
  private readonly companies = new Map<string, Company | null>();
  /** The flag and RO lists: a few hundred rows, read whole on first use until `forget()`. */
  private pscLists: { flags: Map<string, FlagPerformance>; ros: Map<string, RoPerformance> } | null = null;
  /** The point queries of one lookup share one read transaction: one WAL snapshot, one lock. */
  readonly inRead: <T>(fn: () => T) => T;

  private readonly altIds = new Map<string, { mmsi: number; matchedBy: 'imo' | 'registration' | 'name' } | null>();
  // A vehicle's documents and a driver's record are read on every rescore of the vehicle (three
  // queries and the route polygons parsed): kept, frozen, until the snapshot changes.
  private readonly docs = new Map<string, Readonly<VehicleDocuments>>();
  private readonly drivers = new Map<string, DriverRecord | null>();

  constructor(db: Sqlite) {
    const read = db.transaction((fn: () => unknown) => fn());
    this.inRead = <T>(fn: () => T): T => (db.inTransaction ? fn() : (read(fn) as T));
    const p = (sql: string) => db.prepare(sql);
    const vesselCols = [
      'mmsi, imo, registration_no AS registrationNo, name_zh AS nameZh, name, ship_type AS shipType',
      'build_year AS buildYear, max_draught_cm AS maxDraughtCm, company_id AS companyId, grade, flag, ro_id AS roId',
      'psc_type AS pscType, dangerous_cargo AS dangerousCargo, max_persons AS maxPersons',
    ].join(', ');
    const vehicleCols = [
      'plate, plate_colour AS plateColour, terminal_id AS terminalId, vehicle_type AS vehicleType',
      'company_id AS companyId, grade, hazmat_qualified AS hazmatQualified, permitted_gross_kg AS permittedGrossKg',
    ].join(', ');
    this.q = {
      version: p('SELECT version FROM snapshot_meta WHERE id = 1').pluck(),
      vessel: p(`SELECT ${vesselCols} FROM snap_vessels WHERE mmsi = ?`),
      vesselByImo: p('SELECT mmsi FROM snap_vessels WHERE imo = ? AND imo > 0 LIMIT 1').pluck(),
      vesselByReg: p('SELECT mmsi FROM snap_vessels WHERE registration_no = ? LIMIT 1').pluck(),
      vesselByName: p('SELECT mmsi FROM snap_vessels WHERE name_norm = ? LIMIT 2').pluck(),
      vesselByNameZh: p('SELECT mmsi FROM snap_vessels WHERE name_zh = ? LIMIT 2').pluck(),
      hazardClasses: p('SELECT hazard_classes FROM snap_vehicles WHERE plate = ?').pluck(),
      driver: p(
        'SELECT qualification, valid_until_ms AS validUntilMs, company_id AS companyId FROM snap_drivers WHERE id_hash = ?',
      ),
      vehicle: p(`SELECT ${vehicleCols} FROM snap_vehicles WHERE plate = ?`),
      waybills: p(
        `SELECT id, un_number AS unNumber, hazard_class AS hazardClass, quantity_kg AS quantityKg, route,
          window_from_ms AS fromMs, window_until_ms AS untilMs FROM snap_waybills WHERE plate = ?`,
      ),
      permits: p(
        `SELECT id, corridor, corridor_width_m AS widthM, valid_from_ms AS fromMs, valid_until_ms AS untilMs,
          max_gross_kg AS maxGrossKg FROM snap_permits WHERE plate = ?`,
      ),
      vehicleByTerminal: p(`SELECT ${vehicleCols} FROM snap_vehicles WHERE terminal_id = ? LIMIT 1`),
      company: p('SELECT id, name, grade, score, performance, inspections_36m FROM snap_companies WHERE id = ?').raw(),
      flags: p('SELECT code, name, list, imo_audited FROM snap_flags').raw(),
      ros: p('SELECT id, name, performance, recognised FROM snap_ros').raw(),
      lists:
        p(`SELECT subject_kind AS subjectKind, subject_id AS subjectId, list, reason, from_ms AS fromMs, until_ms AS untilMs FROM snap_lists
        WHERE subject_kind = ? AND subject_id = ? AND status = 'active'`),
      // Rows, not GROUP BY: a subject has a handful of events, and summing them here skips SQLite's sorter.
      history: p(
        "SELECT kind, deficiencies, detained, at_ms FROM snap_history WHERE subject_kind = ? AND subject_id = ? AND at_ms >= ? AND status = 'active'",
      ).raw(),
    };
  }

  get version(): number {
    return (this.q.version.get() as number | undefined) ?? 0;
  }

  vessel(mmsi: number, since: number): IndexedSubject<VesselSubject> | null {
    const v = this.q.vessel.get(mmsi) as VesselRow | undefined;
    if (!v) return null;
    // Built field by field, leaving out what the snapshot does not say.
    const subject: VesselSubject = { mmsi: v.mmsi, name: v.name ?? '' };
    if (v.imo) subject.imo = v.imo;
    if (v.nameZh) subject.nameZh = v.nameZh;
    if (v.shipType !== null) subject.shipType = v.shipType;
    if (v.buildYear) subject.buildYear = v.buildYear;
    if (v.maxDraughtCm) subject.maxDraughtM = v.maxDraughtCm / 100;
    if (v.companyId) subject.companyId = v.companyId;
    if (v.grade) subject.grade = v.grade;
    if (v.registrationNo) subject.registrationNo = v.registrationNo;
    vesselPsc(subject, v.flag, v.roId, v.pscType);
    vesselVoyage(subject, v.dangerousCargo, v.maxPersons);
    return { subject, history: this.history('vessel', String(v.mmsi), since) };
  }

  vehicle(plate: string | null, terminalId: string, since: number): IndexedSubject<VehicleSubject> | null {
    const v = ((plate ? this.q.vehicle.get(plate) : undefined) ?? this.q.vehicleByTerminal.get(terminalId)) as
      | VehicleRow
      | undefined;
    if (!v) return null;
    const subject: VehicleSubject = { plate: v.plate, hazmatQualified: v.hazmatQualified === 1 };
    if (v.plateColour) subject.plateColour = v.plateColour;
    if (v.terminalId) subject.terminalId = v.terminalId;
    if (v.vehicleType) subject.vehicleType = v.vehicleType;
    if (v.companyId) subject.companyId = v.companyId;
    if (v.grade) subject.grade = v.grade;
    if (v.permittedGrossKg) subject.permittedGrossKg = v.permittedGrossKg;
    return { subject, history: this.history('vehicle', v.plate, since) };
  }

  /** Waybills and permits on record for a plate: not in the packed index, read here for vehicles only. */
  documents(plate: string): VehicleDocuments {
    let d = this.docs.get(plate);
    if (!d) {
      d = deepFreeze(this.inRead(() => this.readDocuments(plate)));
      if (this.docs.size >= 20_000) this.docs.clear();
      this.docs.set(plate, d);
    }
    return d;
  }

  private readDocuments(plate: string): VehicleDocuments {
    const points = (json: string | null): LatLonPair[] => (json ? (JSON.parse(json) as LatLonPair[]) : []);
    const waybills = (
      this.q.waybills.all(plate) as Array<{
        id: string;
        unNumber: string | null;
        hazardClass: string | null;
        quantityKg: number | null;
        route: string | null;
        fromMs: number | null;
        untilMs: number | null;
      }>
    ).map((w) => ({
      id: w.id,
      unNumber: w.unNumber ?? '',
      hazardClass: w.hazardClass ?? '',
      quantityKg: w.quantityKg ?? 0,
      route: points(w.route),
      from: w.fromMs ?? 0,
      until: w.untilMs ?? 0,
    }));
    const permits = (
      this.q.permits.all(plate) as Array<{
        id: string;
        corridor: string | null;
        widthM: number | null;
        fromMs: number | null;
        untilMs: number | null;
        maxGrossKg: number | null;
      }>
    ).map((p) => ({
      id: p.id,
      corridor: points(p.corridor),
      corridorWidthM: p.widthM ?? 0,
      from: p.fromMs ?? 0,
      until: p.untilMs ?? 0,
      maxGrossKg: p.maxGrossKg ?? 0,
    }));
    const classes = this.q.hazardClasses.get(plate) as string | null | undefined;
    return { waybills, permits, hazardClasses: classes ? parseClasses(classes) : [] };
  }

  /** A driver's qualification by the SHA-256 (hex) of the ID number. */
  driver(idHash: string): DriverRecord | null {
    let d = this.drivers.get(idHash);
    if (d === undefined) {
      d = this.inRead(() => this.readDriver(idHash));
      if (d) deepFreeze(d);
      if (this.drivers.size >= 20_000) this.drivers.clear();
      this.drivers.set(idHash, d);
    }
    return d;
  }

  private readDriver(idHash: string): DriverRecord | null {
    const row = this.q.driver.get(Buffer.from(idHash, 'hex')) as
      | { qualification: string | null; validUntilMs: number | null; companyId: string | null }
      | undefined;
    if (!row) return null;
    return {
      idHash,
      classes: parseClasses(row.qualification ?? ''),
      validUntil: row.validUntilMs ?? 0,
      ...(row.companyId && { companyId: row.companyId }),
    };
  }

  /** Companies are few and shared by many subjects, so they are cached until `forget()`. */
  company(id: string): Company | null {
    let c = this.companies.get(id);
    if (c === undefined) {
      const row = this.q.company.get(id) as Parameters<typeof companyEntry> | undefined;
      c = row ? companyEntry(...row) : null;
      if (this.companies.size > 100_000) this.companies.clear();
      this.companies.set(id, c);
    }
    return c;
  }

  flagState(code: string): FlagPerformance {
    return this.psc().flags.get(code) ?? unlistedFlag(code);
  }

  ro(id: string): RoPerformance {
    return this.psc().ros.get(id) ?? unlistedRo(id);
  }

  private psc(): { flags: Map<string, FlagPerformance>; ros: Map<string, RoPerformance> } {
    this.pscLists ??= {
      flags: new Map(
        (this.q.flags.all() as Array<Parameters<typeof flagEntry>>).map((r) => [r[0], deepFreeze(flagEntry(...r))]),
      ),
      ros: new Map(
        (this.q.ros.all() as Array<Parameters<typeof roEntry>>).map((r) => [r[0], deepFreeze(roEntry(...r))]),
      ),
    };
    return this.pscLists;
  }

  lists(kind: string, id: string): ListEntry[] {
    return (this.q.lists.all(kind, id) as ListRow[]).map((l) =>
      listEntry(l.subjectKind, l.subjectId, l.list, l.reason, l.fromMs, l.untilMs),
    );
  }

  /** The MMSI on record for another identity (AIS type 5 IMO, hull OCR name, registration number). */
  vesselMmsiBy(key: {
    imo?: number | null;
    registrationNo?: string | null;
    name?: string | null;
  }): { mmsi: number; matchedBy: 'imo' | 'registration' | 'name' } | null {
    // Asked on every rescore of a vessel whose MMSI is not on record: answers, found or not, are
    // kept until the snapshot changes (forget()).
    const cacheKey = `${key.imo ?? ''}|${key.registrationNo ?? ''}|${key.name ?? ''}`;
    const cached = this.altIds.get(cacheKey);
    if (cached !== undefined) return cached;
    const found = this.lookUpAltId(key);
    if (this.altIds.size >= 100_000) this.altIds.clear();
    this.altIds.set(cacheKey, found);
    return found;
  }

  private lookUpAltId(key: {
    imo?: number | null;
    registrationNo?: string | null;
    name?: string | null;
  }): { mmsi: number; matchedBy: 'imo' | 'registration' | 'name' } | null {
    const byImo = key.imo ? (this.q.vesselByImo.get(key.imo) as number | undefined) : undefined;
    if (byImo !== undefined) return { mmsi: byImo, matchedBy: 'imo' };
    const byReg = key.registrationNo ? (this.q.vesselByReg.get(key.registrationNo) as number | undefined) : undefined;
    if (byReg !== undefined) return { mmsi: byReg, matchedBy: 'registration' };
    // A hull-name camera reads the Chinese name; AIS carries the Latin one.
    const byName = key.name ? (this.q.vesselByName.all(normaliseName(key.name)) as number[]) : [];
    if (key.name && byName.length === 0) byName.push(...(this.q.vesselByNameZh.all(key.name.trim()) as number[]));
    return byName.length === 1 ? { mmsi: byName[0] as number, matchedBy: 'name' } : null; // an ambiguous name identifies nobody
  }

  forget(): void {
    this.companies.clear();
    this.pscLists = null;
    this.altIds.clear();
    this.docs.clear();
    this.drivers.clear();
  }

  private history(kind: string, subjectId: string, since: number): History36m {
    const h: History36m = { inspections: 0, deficiencies: 0, detentions: 0, penalties: 0, accidents: 0 };
    for (const [k, deficiencies, detained, at] of this.q.history.all(kind, subjectId, since) as Array<
      [string, number, number, number]
    >) {
      if (k === 'inspection') {
        addInspection(h, at, deficiencies, detained === 1);
      } else if (k === 'penalty') h.penalties++;
      else if (k === 'accident') h.accidents++;
    }
    return h;
  }
}

/** Freezes a record read from the snapshot and everything in it: it is shared by every rescore until the snapshot changes. */
function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o))
    if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) deepFreeze(v as object);
  return Object.freeze(o);
}
