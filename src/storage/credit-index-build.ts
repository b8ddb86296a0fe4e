import type { Company, CreditGrade, ListEntry } from '../domain/credit.js';
import { CreditIndex, gradeCode, listEntry, NONE, packHistory } from './credit-index.js';
import type { Sqlite } from './database.js';
import { hash32, KeyIndex, RecordPacker, U32Builder } from './packed-records.js';

const PAGE = 10_000;

/** Thrown inside a build when another snapshot came into force under it; the build is dropped. */
class Superseded extends Error {}

/**
 * Reads the snap_* tables into a CreditIndex page by page, yielding to the event loop between
 * pages so ingest and the terminal keep running while a million subjects load. Pages are keyset
 * reads, not one open cursor, because better-sqlite3 locks the connection while a cursor is open.
 * Returns null when `current()` turns false midway: a newer snapshot is in force.
 */
export async function buildCreditIndex(db: Sqlite, current: () => boolean): Promise<CreditIndex | null> {
  const versionNow = db.prepare('SELECT version FROM snapshot_meta WHERE id = 1').pluck();
  const version = (versionNow.get() as number | undefined) ?? 0;
  const strings: string[] = [];
  const interned = new Map<string, number>();
  const intern = (s: string | null): number => {
    if (s === null || s === '') return NONE;
    let i = interned.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      interned.set(s, i);
    }
    return i;
  };
  const rows = pager(db, () => current() && ((versionNow.get() as number | undefined) ?? 0) === version);
  try {
    const companies = new Map<string, Company>();
    await rows<[string, string, CreditGrade | null, number | null]>(
      'SELECT id, name, grade, score FROM snap_companies WHERE id > ? ORDER BY id LIMIT ?',
      '',
      (row) => {
        const [id, name, grade, score] = row;
        companies.set(id, { id, name, grade: grade ?? 'B', ...(score !== null ? { score } : {}) });
      },
    );

    const lists = new Map<string, ListEntry[]>();
    await rows<
      [number, ListEntry['subjectKind'], string, ListEntry['list'], string | null, number | null, number | null]
    >(
      "SELECT rowid, subject_kind, subject_id, list, reason, from_ms, until_ms FROM snap_lists WHERE rowid > ? AND status = 'active' ORDER BY rowid LIMIT ?",
      0,
      (row) => {
        const [, subjectKind, subjectId, list, reason, fromMs, untilMs] = row;
        const e = listEntry(subjectKind, subjectId, list, reason, fromMs, untilMs);
        const key = `${subjectKind}\u0000${subjectId}`;
        const at = lists.get(key);
        if (at) at.push(e);
        else lists.set(key, [e]);
      },
    );

    const vessels = new RecordPacker();
    const vesselKeys = { keys: new U32Builder(), records: new U32Builder() };
    await rows<
      [
        number,
        number | null,
        string | null,
        string | null,
        string | null,
        number | null,
        number | null,
        number | null,
        string | null,
        string | null,
        string | null,
      ]
    >(
      `SELECT mmsi, imo, registration_no, name_zh, name, ship_type, build_year, max_draught_cm, company_id, grade, ${historyOf('vessel', 'CAST(v.mmsi AS TEXT)')}
       FROM snap_vessels v WHERE mmsi > ? ORDER BY mmsi LIMIT ?`,
      -1,
      (row) => {
        const [mmsi, imo, reg, nameZh, name, shipType, buildYear, draughtCm, companyId, grade, history] = row;
        if (mmsi < 0 || mmsi > NONE) return; // not an MMSI; the SQLite path still answers for it
        const rec = vessels.begin();
        vessels.u32(imo && imo > 0 && imo <= NONE ? imo : 0);
        vessels.str(reg);
        vessels.str(nameZh);
        vessels.str(name);
        vessels.u16(shipType !== null && shipType >= 0 && shipType < 0xffff ? shipType : 0xffff);
        vessels.u16(buildYear && buildYear > 0 && buildYear < 0xffff ? buildYear : 0);
        vessels.u16(draughtCm && draughtCm > 0 && draughtCm < 0xffff ? draughtCm : 0);
        vessels.u32(intern(companyId));
        vessels.u8(gradeCode(grade));
        packHistory(vessels, history);
        vesselKeys.keys.push(mmsi);
        vesselKeys.records.push(rec);
      },
    );

    const vehicles = new RecordPacker();
    const plateKeys = { keys: new U32Builder(), records: new U32Builder() };
    const terminalKeys = { keys: new U32Builder(), records: new U32Builder() };
    await rows<
      [
        string,
        string | null,
        string | null,
        string | null,
        string | null,
        string | null,
        number,
        number | null,
        string | null,
      ]
    >(
      `SELECT plate, plate_colour, terminal_id, vehicle_type, company_id, grade, hazmat_qualified, permitted_gross_kg, ${historyOf('vehicle', 'v.plate')}
       FROM snap_vehicles v WHERE plate > ? ORDER BY plate LIMIT ?`,
      '',
      (row) => {
        const [plate, colour, terminal, type, companyId, grade, hazmat, grossKg, history] = row;
        const rec = vehicles.begin();
        vehicles.str(plate);
        vehicles.u32(intern(colour));
        vehicles.str(terminal);
        vehicles.u32(intern(type));
        vehicles.u32(intern(companyId));
        vehicles.u8(gradeCode(grade));
        vehicles.u8(hazmat === 1 ? 1 : 0);
        vehicles.u32(grossKg && grossKg > 0 && grossKg < NONE ? grossKg : 0);
        packHistory(vehicles, history);
        plateKeys.keys.push(hash32(plate));
        plateKeys.records.push(rec);
        if (terminal) {
          terminalKeys.keys.push(hash32(terminal));
          terminalKeys.records.push(rec);
        }
      },
    );

    return new CreditIndex({
      version,
      companies,
      strings,
      lists,
      vessels: vessels.finish(),
      vesselKeys: new KeyIndex(vesselKeys.keys, vesselKeys.records),
      vehicles: vehicles.finish(),
      plateKeys: new KeyIndex(plateKeys.keys, plateKeys.records),
      terminalKeys: new KeyIndex(terminalKeys.keys, terminalKeys.records),
    });
  } catch (err) {
    if (err instanceof Superseded) return null;
    throw err;
  }
}

/** One subject's history as `kind,at_ms,deficiencies,detained;...`, gathered inside SQLite by an indexed subquery. */
function historyOf(kind: 'vessel' | 'vehicle', idExpr: string): string {
  return `(SELECT group_concat(kind || ',' || at_ms || ',' || deficiencies || ',' || detained, ';') FROM snap_history h
    WHERE h.subject_kind = '${kind}' AND h.subject_id = ${idExpr})`;
}

/**
 * Keyset pagination over `sql` (which takes the last key and a limit, and selects the key first)
 * calling `each` for every row, checking between pages that the same snapshot is still in force.
 */
function pager(db: Sqlite, stillCurrent: () => boolean) {
  return async function rows<Row extends unknown[]>(
    sql: string,
    first: string | number,
    each: (row: Row) => void,
  ): Promise<void> {
    const stmt = db.prepare(sql).raw();
    let after: unknown = first;
    for (;;) {
      const rows = stmt.all(after, PAGE) as Row[];
      for (const row of rows) each(row);
      if (rows.length < PAGE) return;
      after = (rows[rows.length - 1] as Row)[0];
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!stillCurrent()) throw new Superseded();
    }
  };
}
