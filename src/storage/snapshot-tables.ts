/**
 * DDL of the credit snapshot tables, shared by the live tables (prefix "snap_") and the staging
 * tables an import fills (prefix "stage_"). A full import renames staging over live in one
 * transaction, so the snapshot in force is always whole: the old one or the new one.
 */
export const SNAPSHOT_TABLES = [
  'companies',
  'vessels',
  'vehicles',
  'drivers',
  'lists',
  'history',
  'permits',
  'waybills',
  'flags',
  'ros',
] as const;
export type SnapshotTable = (typeof SNAPSHOT_TABLES)[number];

/**
 * The table shapes changed with schema migrations; a shipped migration must keep producing the
 * shapes it produced, so it asks for its own version. Version 2 (migration 3) added the vehicles'
 * hazard classes and the index of Chinese vessel names; version 3 (migration 14) the platform's
 * ids of list entries and history events and the events' dispute or repair status; version 4
 * (migration 18) the PSC ship risk profile's data (flag and RO lists, vessels' flag, RO and PSC
 * type, companies' PSC inspection count) and vessels' declared dangerous cargo and persons allowed.
 */
export const SNAPSHOT_DDL_VERSION = 4;

export function tablesDdl(prefix: string, version = SNAPSHOT_DDL_VERSION): string {
  const vehicleExtra = version >= 2 ? ', hazard_classes TEXT' : '';
  const listExtra = version >= 3 ? ', entry_id TEXT' : '';
  const historyExtra = version >= 3 ? ", event_id TEXT, status TEXT NOT NULL DEFAULT 'active'" : '';
  const companyExtra = version >= 4 ? ', inspections_36m INTEGER' : '';
  const vesselExtra =
    version >= 4 ? ', flag TEXT, ro_id TEXT, psc_type TEXT, dangerous_cargo INTEGER, max_persons INTEGER' : '';
  return `${version >= 4 ? pscTablesDdl(prefix) : ''}
    CREATE TABLE ${prefix}companies (id TEXT PRIMARY KEY, name TEXT NOT NULL, grade TEXT, score REAL, performance TEXT${companyExtra});
    CREATE TABLE ${prefix}vessels (mmsi INTEGER PRIMARY KEY, imo INTEGER, registration_no TEXT, name_zh TEXT, name TEXT, name_norm TEXT,
      ship_type INTEGER, build_year INTEGER, gross_tonnage INTEGER, max_draught_cm INTEGER, port_of_registry TEXT, company_id TEXT, grade TEXT${vesselExtra});
    CREATE TABLE ${prefix}vehicles (plate TEXT PRIMARY KEY, plate_colour TEXT, vehicle_type TEXT, hazmat_qualified INTEGER NOT NULL,
      permitted_gross_kg INTEGER, company_id TEXT, terminal_id TEXT, grade TEXT${vehicleExtra});
    CREATE TABLE ${prefix}drivers (id_hash BLOB PRIMARY KEY, qualification TEXT, valid_until_ms INTEGER, company_id TEXT);
    CREATE TABLE ${prefix}lists (subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, list TEXT NOT NULL, reason TEXT, from_ms INTEGER, until_ms INTEGER, status TEXT NOT NULL${listExtra});
    CREATE TABLE ${prefix}history (subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, kind TEXT NOT NULL, at_ms INTEGER NOT NULL,
      deficiencies INTEGER NOT NULL, detained INTEGER NOT NULL, note TEXT${historyExtra});
    CREATE TABLE ${prefix}permits (id TEXT PRIMARY KEY, plate TEXT, corridor TEXT, corridor_width_m INTEGER, valid_from_ms INTEGER, valid_until_ms INTEGER, max_gross_kg INTEGER);
    CREATE TABLE ${prefix}waybills (id TEXT PRIMARY KEY, plate TEXT, un_number TEXT, hazard_class TEXT, quantity_kg INTEGER, route TEXT,
      window_from_ms INTEGER, window_until_ms INTEGER, company_id TEXT);
  `;
}

/** The flag and recognised organisation performance lists (small: a few hundred rows each). */
export function pscTablesDdl(prefix: string): string {
  return `
    CREATE TABLE ${prefix}flags (code TEXT PRIMARY KEY, name TEXT, list TEXT, imo_audited INTEGER NOT NULL);
    CREATE TABLE ${prefix}ros (id TEXT PRIMARY KEY, name TEXT, performance TEXT, recognised INTEGER NOT NULL);`;
}

/**
 * Secondary indexes, built after a bulk load (faster than maintaining them row by row). Index
 * names carry a generation tag because SQLite index names are global to the database.
 */
export function indexesDdl(prefix: string, tag: string, version = SNAPSHOT_DDL_VERSION): string {
  return `${version >= 2 ? nameZhIndexDdl(prefix, tag) : ''}${version >= 3 ? entryIdIndexesDdl(prefix, tag) : ''}
    CREATE INDEX ix_${tag}_vessels_imo ON ${prefix}vessels (imo) WHERE imo > 0;
    CREATE INDEX ix_${tag}_vessels_reg ON ${prefix}vessels (registration_no);
    CREATE INDEX ix_${tag}_vessels_name ON ${prefix}vessels (name_norm);
    CREATE INDEX ix_${tag}_vehicles_terminal ON ${prefix}vehicles (terminal_id);
    CREATE INDEX ix_${tag}_lists_subject ON ${prefix}lists (subject_kind, subject_id);
    CREATE INDEX ix_${tag}_history_subject ON ${prefix}history (subject_kind, subject_id, at_ms);
    CREATE INDEX ix_${tag}_permits_plate ON ${prefix}permits (plate);
    CREATE INDEX ix_${tag}_waybills_plate ON ${prefix}waybills (plate);
  `;
}

/** A dispute names a list entry or history event by the platform's id. */
export function entryIdIndexesDdl(prefix: string, tag: string): string {
  return `CREATE INDEX ix_${tag}_lists_entry ON ${prefix}lists (entry_id);
    CREATE INDEX ix_${tag}_history_event ON ${prefix}history (event_id);`;
}

/** Hull-name cameras read the Chinese name painted on the hull. */
export function nameZhIndexDdl(prefix: string, tag: string): string {
  return `CREATE INDEX ix_${tag}_vessels_name_zh ON ${prefix}vessels (name_zh);`;
}

/** Names are compared without spaces, punctuation or case: "ZHE JIA XING HUO 0101" equals "ZHEJIAXINGHUO0101". */
export function normaliseName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9\u4e00-\u9fff]/g, '');
}
