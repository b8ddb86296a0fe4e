import type { Company, CreditGrade, History36m, ListEntry, VehicleSubject, VesselSubject } from '../domain/credit.js';
import { worseGrade, type CreditLookup, type CreditProfile } from '../scoring/credit-index.js';
import type { Sqlite } from './database.js';
import { normaliseName } from './snapshot-tables.js';

const MONTHS_36_MS = 36 * 30.44 * 86_400_000;
const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : undefined);

interface VesselRow { mmsi: number; imo: number | null; registrationNo: string | null; nameZh: string | null; name: string | null; shipType: number | null; buildYear: number | null; companyId: string | null; grade: CreditGrade | null }
interface VehicleRow { plate: string; plateColour: string | null; terminalId: string | null; vehicleType: string | null; companyId: string | null; grade: CreditGrade | null; hazmatQualified: number }
interface ListRow { subjectKind: ListEntry['subjectKind']; subjectId: string; list: ListEntry['list']; reason: string | null; fromMs: number | null; untilMs: number | null; status: ListEntry['status'] }

/**
 * Credit lookups over the snap_* tables with prepared statements: a handful of indexed point
 * queries per target, with nothing of the snapshot held in memory.
 */
export class SqliteCreditLookup implements CreditLookup {
  private readonly q;

  constructor(private readonly db: Sqlite) {
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
      lists: p(`SELECT subject_kind AS subjectKind, subject_id AS subjectId, list, reason, from_ms AS fromMs, until_ms AS untilMs, status FROM snap_lists
        WHERE ((subject_kind = ? AND subject_id = ?) OR (subject_kind = 'company' AND subject_id = ?)) AND status = 'active'
          AND (from_ms IS NULL OR from_ms <= ?) AND (until_ms IS NULL OR until_ms > ?)`),
      history: p(`SELECT kind, COUNT(*) AS n, SUM(deficiencies) AS deficiencies, SUM(detained) AS detained FROM snap_history
        WHERE subject_kind = ? AND subject_id = ? AND at_ms >= ? GROUP BY kind`),
    };
  }

  get version(): number {
    return (this.q.version.get() as { version: number } | undefined)?.version ?? 0;
  }

  vessel(mmsi: number, now: number): CreditProfile {
    const v = this.q.vessel.get(mmsi) as VesselRow | undefined;
    const subject: VesselSubject | undefined = v && {
      mmsi: v.mmsi, name: v.name ?? '', ...(v.imo && { imo: v.imo }), ...(v.nameZh && { nameZh: v.nameZh }), ...(v.shipType !== null && { shipType: v.shipType }),
      ...(v.buildYear && { buildYear: v.buildYear }), ...(v.companyId && { companyId: v.companyId }), ...(v.grade && { grade: v.grade }),
      ...(v.registrationNo && { registrationNo: v.registrationNo }),
    };
    return this.profile('vessel', String(mmsi), subject, subject ? { vessel: subject } : {}, now);
  }

  vehicle(plate: string | null, terminalId: string, now: number): CreditProfile {
    const v = ((plate ? this.q.vehicle.get(plate) : undefined) ?? this.q.vehicleByTerminal.get(terminalId)) as VehicleRow | undefined;
    const subject: VehicleSubject | undefined = v && {
      plate: v.plate, hazmatQualified: v.hazmatQualified === 1, ...(v.plateColour && { plateColour: v.plateColour }), ...(v.terminalId && { terminalId: v.terminalId }),
      ...(v.vehicleType && { vehicleType: v.vehicleType }), ...(v.companyId && { companyId: v.companyId }), ...(v.grade && { grade: v.grade }),
    };
    return this.profile('vehicle', subject?.plate ?? plate ?? terminalId, subject, subject ? { vehicle: subject } : {}, now);
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

  private profile(kind: 'vessel' | 'vehicle', subjectId: string, subject: (VesselSubject | VehicleSubject) | undefined, which: { vessel?: VesselSubject; vehicle?: VehicleSubject }, now: number): CreditProfile {
    const companyRow = subject?.companyId ? (this.q.company.get(subject.companyId) as { id: string; name: string; grade: CreditGrade | null; score: number | null } | undefined) : undefined;
    const company: Company | null = companyRow ? { id: companyRow.id, name: companyRow.name, grade: companyRow.grade ?? 'B', ...(companyRow.score !== null && { score: companyRow.score }) } : null;
    const lists = (this.q.lists.all(kind, subjectId, subject?.companyId ?? '\u0000', now, now) as ListRow[]).map((l): ListEntry => ({
      list: l.list, subjectKind: l.subjectKind, subjectId: l.subjectId, reason: l.reason ?? '', from: iso(l.fromMs) ?? new Date(0).toISOString(),
      ...(l.untilMs && { until: iso(l.untilMs) }), status: l.status,
    }));
    return {
      known: subject !== undefined,
      subjectGrade: subject?.grade ?? null,
      company,
      grade: worseGrade(subject?.grade, companyRow?.grade ?? null),
      lists,
      history: subject ? this.history(kind, subjectId, now) : null,
      vessel: which.vessel ?? null,
      vehicle: which.vehicle ?? null,
    };
  }

  private history(kind: string, subjectId: string, now: number): History36m {
    const rows = this.q.history.all(kind, subjectId, now - MONTHS_36_MS) as Array<{ kind: string; n: number; deficiencies: number; detained: number }>;
    const h: History36m = { inspections: 0, deficiencies: 0, detentions: 0, penalties: 0, accidents: 0 };
    for (const r of rows) {
      if (r.kind === 'inspection') {
        h.inspections = r.n;
        h.deficiencies = r.deficiencies;
        h.detentions = r.detained;
      } else if (r.kind === 'penalty') h.penalties = r.n;
      else if (r.kind === 'accident') h.accidents = r.n;
    }
    return h;
  }
}
