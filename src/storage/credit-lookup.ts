import type { Company, CreditGrade, History36m, ListEntry, VehicleSubject, VesselSubject } from '../domain/credit.js';
import { worseGrade, type CreditLookup, type CreditProfile } from '../scoring/credit-profile.js';
import type { Sqlite } from './database.js';
import { normaliseName } from './snapshot-tables.js';

const MONTHS_36_MS = 36 * 30.44 * 86_400_000;

interface VesselRow { mmsi: number; imo: number | null; registrationNo: string | null; nameZh: string | null; name: string | null; shipType: number | null; buildYear: number | null; companyId: string | null; grade: CreditGrade | null }
interface VehicleRow { plate: string; plateColour: string | null; terminalId: string | null; vehicleType: string | null; companyId: string | null; grade: CreditGrade | null; hazmatQualified: number }
interface ListRow { subjectKind: ListEntry['subjectKind']; subjectId: string; list: ListEntry['list']; reason: string | null; fromMs: number | null; untilMs: number | null; status: ListEntry['status'] }

/**
 * Credit lookups over the snap_* tables with prepared statements: a handful of indexed point
 * queries per target, with nothing of the snapshot held in memory.
 */
export class SqliteCreditLookup implements CreditLookup {
  private readonly q;
  private readonly companies = new Map<string, Company | null>();
  /** The point queries of one lookup share one read transaction: one WAL snapshot, one lock. */
  private readonly inRead: <T>(fn: () => T) => T;

  constructor(private readonly db: Sqlite) {
    const read = db.transaction((fn: () => unknown) => fn());
    this.inRead = <T>(fn: () => T): T => (db.inTransaction ? fn() : (read(fn) as T));
    const p = (sql: string) => db.prepare(sql);
    const vesselCols = 'mmsi, imo, registration_no AS registrationNo, name_zh AS nameZh, name, ship_type AS shipType, build_year AS buildYear, company_id AS companyId, grade';
    this.q = {
      version: p('SELECT version FROM snapshot_meta WHERE id = 1'),
      vessel: p(`SELECT ${vesselCols} FROM snap_vessels WHERE mmsi = ?`),
      vesselByImo: p(`SELECT ${vesselCols} FROM snap_vessels WHERE imo = ? AND imo > 0 LIMIT 1`),
      vesselByReg: p(`SELECT ${vesselCols} FROM snap_vessels WHERE registration_no = ? LIMIT 1`),
      vesselByName: p(`SELECT ${vesselCols} FROM snap_vessels WHERE name_norm = ? LIMIT 2`),
      vehicle: p('SELECT plate, plate_colour AS plateColour, terminal_id AS terminalId, vehicle_type AS vehicleType, company_id AS companyId, grade, hazmat_qualified AS hazmatQualified FROM snap_vehicles WHERE plate = ?'),
      vehicleByTerminal: p('SELECT plate, plate_colour AS plateColour, terminal_id AS terminalId, vehicle_type AS vehicleType, company_id AS companyId, grade, hazmat_qualified AS hazmatQualified FROM snap_vehicles WHERE terminal_id = ? LIMIT 1'),
      company: p('SELECT id, name, grade, score FROM snap_companies WHERE id = ?'),
      // Two indexed lookups joined by UNION ALL: an OR across them would make SQLite scan the table.
      lists: p(`SELECT subject_kind AS subjectKind, subject_id AS subjectId, list, reason, from_ms AS fromMs, until_ms AS untilMs, status FROM snap_lists
          WHERE subject_kind = @kind AND subject_id = @id AND status = 'active' AND (from_ms IS NULL OR from_ms <= @now) AND (until_ms IS NULL OR until_ms > @now)
        UNION ALL
        SELECT subject_kind, subject_id, list, reason, from_ms, until_ms, status FROM snap_lists
          WHERE subject_kind = 'company' AND subject_id = @company AND status = 'active' AND (from_ms IS NULL OR from_ms <= @now) AND (until_ms IS NULL OR until_ms > @now)`),
      // Rows, not GROUP BY: a subject has a handful of events, and summing them here skips SQLite's sorter.
      history: p('SELECT kind, deficiencies, detained FROM snap_history WHERE subject_kind = ? AND subject_id = ? AND at_ms >= ?').raw(),
    };
  }

  get version(): number {
    return (this.q.version.get() as { version: number } | undefined)?.version ?? 0;
  }

  vessel(mmsi: number, now: number, alt?: { imo?: number | null; name?: string | null }): CreditProfile {
    return this.inRead(() => {
      let v = this.q.vessel.get(mmsi) as VesselRow | undefined;
      let identity: CreditProfile['identity'];
      if (!v && alt) {
        // A vessel may broadcast an MMSI that is not on record (a new, a borrowed or a forged one):
        // the IMO number or a unique name still finds the registered vessel and its credit.
        const byImo = alt.imo ? (this.q.vesselByImo.get(alt.imo) as VesselRow | undefined) : undefined;
        const byName = !byImo && alt.name ? this.uniqueByName(alt.name) : undefined;
        v = byImo ?? byName;
        if (v) identity = { matchedBy: byImo ? 'imo' : 'name', registeredMmsi: v.mmsi };
      }
      let subject: VesselSubject | undefined;
      if (v) {
        // Built field by field: this runs for every target on every rescore.
        subject = { mmsi: v.mmsi, name: v.name ?? '' };
        if (v.imo) subject.imo = v.imo;
        if (v.nameZh) subject.nameZh = v.nameZh;
        if (v.shipType !== null) subject.shipType = v.shipType;
        if (v.buildYear) subject.buildYear = v.buildYear;
        if (v.companyId) subject.companyId = v.companyId;
        if (v.grade) subject.grade = v.grade;
        if (v.registrationNo) subject.registrationNo = v.registrationNo;
      }
      const profile = this.profile('vessel', String(v?.mmsi ?? mmsi), subject, subject ?? null, null, now);
      if (identity) profile.identity = identity;
      return profile;
    });
  }

  vehicle(plate: string | null, terminalId: string, now: number): CreditProfile {
    return this.inRead(() => {
      const v = ((plate ? this.q.vehicle.get(plate) : undefined) ?? this.q.vehicleByTerminal.get(terminalId)) as VehicleRow | undefined;
      let subject: VehicleSubject | undefined;
      if (v) {
        subject = { plate: v.plate, hazmatQualified: v.hazmatQualified === 1 };
        if (v.plateColour) subject.plateColour = v.plateColour;
        if (v.terminalId) subject.terminalId = v.terminalId;
        if (v.vehicleType) subject.vehicleType = v.vehicleType;
        if (v.companyId) subject.companyId = v.companyId;
        if (v.grade) subject.grade = v.grade;
      }
      return this.profile('vehicle', subject?.plate ?? plate ?? terminalId, subject, null, subject ?? null, now);
    });
  }

  /** Forgets cached companies: call when another snapshot comes into force. */
  invalidate(): void {
    this.companies.clear();
  }

  /** Other identities a vessel may be found by (AIS type 5 IMO, hull OCR name, registration number). */
  vesselMmsiBy(key: { imo?: number; registrationNo?: string; name?: string }): number | null {
    const row = (key.imo ? this.q.vesselByImo.get(key.imo) : undefined)
      ?? (key.registrationNo ? this.q.vesselByReg.get(key.registrationNo) : undefined)
      ?? (key.name ? this.uniqueByName(key.name) : undefined);
    return (row as VesselRow | undefined)?.mmsi ?? null;
  }

  private uniqueByName(name: string): VesselRow | undefined {
    const rows = this.q.vesselByName.all(normaliseName(name)) as VesselRow[];
    return rows.length === 1 ? rows[0] : undefined; // an ambiguous name identifies nobody
  }

  private profile(kind: 'vessel' | 'vehicle', subjectId: string, subject: VesselSubject | VehicleSubject | undefined, vessel: VesselSubject | null, vehicle: VehicleSubject | null, now: number): CreditProfile {
    const company = subject?.companyId ? this.company(subject.companyId) : null;
    const rows = this.q.lists.all({ kind, id: subjectId, company: subject?.companyId ?? '\u0000', now }) as ListRow[];
    const lists: ListEntry[] = rows.map((l) => {
      const e: ListEntry = { list: l.list, subjectKind: l.subjectKind, subjectId: l.subjectId, reason: l.reason ?? '', from: new Date(l.fromMs ?? 0).toISOString(), status: l.status };
      if (l.untilMs) e.until = new Date(l.untilMs).toISOString();
      return e;
    });
    return {
      known: subject !== undefined,
      subjectGrade: subject?.grade ?? null,
      company,
      grade: worseGrade(subject?.grade, company?.grade ?? null),
      lists,
      history: subject ? this.history(kind, subjectId, now) : null,
      vessel,
      vehicle,
    };
  }

  /** Companies are few and shared by many subjects, so they are cached until the next import. */
  private company(id: string): Company | null {
    let c = this.companies.get(id);
    if (c === undefined) {
      const row = this.q.company.get(id) as { id: string; name: string; grade: CreditGrade | null; score: number | null } | undefined;
      c = row ? { id: row.id, name: row.name, grade: row.grade ?? 'B', ...(row.score !== null ? { score: row.score } : {}) } : null;
      if (this.companies.size > 100_000) this.companies.clear();
      this.companies.set(id, c);
    }
    return c;
  }

  private history(kind: string, subjectId: string, now: number): History36m {
    const h: History36m = { inspections: 0, deficiencies: 0, detentions: 0, penalties: 0, accidents: 0 };
    for (const [k, deficiencies, detained] of this.q.history.all(kind, subjectId, now - MONTHS_36_MS) as Array<[string, number, number]>) {
      if (k === 'inspection') {
        h.inspections++;
        h.deficiencies += deficiencies;
        h.detentions += detained;
      } else if (k === 'penalty') h.penalties++;
      else if (k === 'accident') h.accidents++;
    }
    return h;
  }
}
