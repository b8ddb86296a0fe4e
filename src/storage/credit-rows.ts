import type { CreditGrade, ListEntry } from '../domain/credit.js';
import type { Sqlite } from './database.js';

const PAGE = 10_000;

/** Thrown inside a read when another snapshot came into force under it; the read is dropped. */
export class Superseded extends Error {}

export type CompanyRow = [
  id: string,
  name: string,
  grade: CreditGrade | null,
  score: number | null,
  performance: string | null,
  inspections36m: number | null,
];
export type FlagRow = [code: string, name: string | null, list: string | null, imoAudited: number];
export type RoRow = [id: string, name: string | null, performance: string | null, recognised: number];
export type ListRow = [
  rowid: number,
  subjectKind: ListEntry['subjectKind'],
  subjectId: string,
  list: ListEntry['list'],
  reason: string | null,
  fromMs: number | null,
  untilMs: number | null,
];
/** The last column is the subject's history as `kind,at_ms,deficiencies,detained;...`. */
export type VesselRow = [
  mmsi: number,
  imo: number | null,
  registrationNo: string | null,
  nameZh: string | null,
  name: string | null,
  shipType: number | null,
  buildYear: number | null,
  maxDraughtCm: number | null,
  companyId: string | null,
  grade: string | null,
  flag: string | null,
  roId: string | null,
  pscType: string | null,
  dangerousCargo: number | null,
  maxPersons: number | null,
  history: string | null,
];
export type VehicleRow = [
  plate: string,
  plateColour: string | null,
  terminalId: string | null,
  vehicleType: string | null,
  companyId: string | null,
  grade: string | null,
  hazmatQualified: number,
  permittedGrossKg: number | null,
  history: string | null,
];

/** One subject's history as `kind,at_ms,deficiencies,detained;...`, gathered inside SQLite by an indexed subquery. */
function historyOf(kind: 'vessel' | 'vehicle', idExpr: string): string {
  return `(SELECT group_concat(kind || ',' || at_ms || ',' || deficiencies || ',' || detained, ';') FROM snap_history h
    WHERE h.subject_kind = '${kind}' AND h.subject_id = ${idExpr} AND h.status = 'active')`;
}

const QUERIES = {
  companies: [
    'SELECT id, name, grade, score, performance, inspections_36m FROM snap_companies WHERE id > ? ORDER BY id LIMIT ?',
    '',
  ],
  flags: ['SELECT code, name, list, imo_audited FROM snap_flags WHERE code > ? ORDER BY code LIMIT ?', ''],
  ros: ['SELECT id, name, performance, recognised FROM snap_ros WHERE id > ? ORDER BY id LIMIT ?', ''],
  lists: [
    "SELECT rowid, subject_kind, subject_id, list, reason, from_ms, until_ms FROM snap_lists WHERE rowid > ? AND status = 'active' ORDER BY rowid LIMIT ?",
    0,
  ],
  vessels: [
    `SELECT mmsi, imo, registration_no, name_zh, name, ship_type, build_year, max_draught_cm, company_id, grade,
       flag, ro_id, psc_type, dangerous_cargo, max_persons, ${historyOf('vessel', 'CAST(v.mmsi AS TEXT)')}
     FROM snap_vessels v WHERE mmsi > ? ORDER BY mmsi LIMIT ?`,
    -1,
  ],
  vehicles: [
    `SELECT plate, plate_colour, terminal_id, vehicle_type, company_id, grade, hazmat_qualified, permitted_gross_kg, ${historyOf('vehicle', 'v.plate')}
     FROM snap_vehicles v WHERE plate > ? ORDER BY plate LIMIT ?`,
    '',
  ],
} as const;

interface Rows {
  companies: CompanyRow;
  flags: FlagRow;
  ros: RoRow;
  lists: ListRow;
  vessels: VesselRow;
  vehicles: VehicleRow;
}

/**
 * The snap_* tables read whole, page by page, for the in-memory credit index (src/credit/),
 * yielding to the event loop between pages so ingest and the terminal keep running while a
 * million subjects load. Pages are keyset reads, not one open cursor, because better-sqlite3 locks
 * the connection while a cursor is open.
 */
export class CreditRows {
  private readonly versionNow;

  constructor(private readonly db: Sqlite) {
    this.versionNow = db.prepare('SELECT version FROM snapshot_meta WHERE id = 1').pluck();
  }

  /** The version of the snapshot in force; 0 when none is. */
  version(): number {
    return (this.versionNow.get() as number | undefined) ?? 0;
  }

  /** Calls `each` for every row of one table, checking between pages that `stillCurrent()` holds; throws Superseded when not. */
  async read<T extends keyof Rows>(table: T, stillCurrent: () => boolean, each: (row: Rows[T]) => void): Promise<void> {
    const [sql, first] = QUERIES[table];
    const stmt = this.db.prepare(sql).raw();
    let after: unknown = first;
    for (;;) {
      const rows = stmt.all(after, PAGE) as Array<Rows[T]>;
      for (const row of rows) each(row);
      if (rows.length < PAGE) return;
      after = (rows[rows.length - 1] as Rows[T])[0];
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!stillCurrent()) throw new Superseded();
    }
  }
}
