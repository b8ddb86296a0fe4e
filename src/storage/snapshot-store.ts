import type { RawRecord, SnapHeader } from '../domain/snapshot-records.js';
import {
  GRADE_BY_NUMBER,
  HISTORY_BY_NUMBER,
  LIST_BY_NUMBER,
  STATUS_BY_NUMBER,
  SUBJECT_BY_NUMBER,
} from '../domain/snapshot-records.js';
import type { Sqlite } from './database.js';
import { indexesDdl, normaliseName, SNAPSHOT_TABLES, tablesDdl } from './snapshot-tables.js';

/** The header of the snapshot in force, and how it came to be in force. */
export interface SnapshotMeta extends Omit<SnapHeader, 'format'> {
  importedAtMs: number;
  source: string;
  recordCount: number;
  tag: string;
}

/** Rows per staging transaction: large enough that fsyncs do not dominate, small enough to yield often. */
const CHUNK = 50_000;
const grade = (n: number) => GRADE_BY_NUMBER[n] ?? null;
const json = (v: unknown) => JSON.stringify(v);
/** int64 fields of raw protobufjs messages arrive as Long objects once they pass 2^31. */
const ms = (v: number | { toNumber(): number } | null | undefined): number | null =>
  v == null ? null : typeof v === 'number' ? v || null : v.toNumber() || null;

/** An import in progress: rows go to stage_* tables, never touching the snapshot in force. */
export class Staging {
  private readonly ins;
  private pending = 0;
  rows = 0;

  constructor(
    private readonly db: Sqlite,
    readonly delta: boolean,
  ) {
    db.exec(
      `${dropStaging()}${tablesDdl('stage_')} CREATE TABLE stage_removals (subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL);`,
    );
    const p = (sql: string) => db.prepare(sql);
    this.ins = {
      company: p('INSERT OR REPLACE INTO stage_companies VALUES (?, ?, ?, ?, ?, ?)'),
      vessel: p('INSERT OR REPLACE INTO stage_vessels VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      flag: p('INSERT OR REPLACE INTO stage_flags VALUES (?, ?, ?, ?)'),
      ro: p('INSERT OR REPLACE INTO stage_ros VALUES (?, ?, ?, ?)'),
      vehicle: p('INSERT OR REPLACE INTO stage_vehicles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      driver: p('INSERT OR REPLACE INTO stage_drivers VALUES (?, ?, ?, ?)'),
      listEntry: p('INSERT INTO stage_lists VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      history: p('INSERT INTO stage_history VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      permit: p('INSERT OR REPLACE INTO stage_permits VALUES (?, ?, ?, ?, ?, ?, ?)'),
      waybill: p('INSERT OR REPLACE INTO stage_waybills VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      removal: p('INSERT INTO stage_removals VALUES (?, ?)'),
    };
    db.exec('BEGIN');
  }

  /** Stages one record; returns false for a record kind this version does not know. */
  add(r: RawRecord): boolean {
    switch (r.record) {
      case 'company': {
        const c = r.company;
        this.ins.company.run(
          c.id,
          c.name,
          grade(c.grade),
          c.score,
          c.performance || null,
          c.recentPscInspections ?? null,
        );
        break;
      }
      case 'vessel': {
        const v = r.vessel;
        this.ins.vessel.run(
          v.mmsi,
          v.imo || null,
          v.registrationNo || null,
          v.nameZh || null,
          v.name || null,
          normaliseName(v.name || ''),
          v.shipType || null,
          v.buildYear || null,
          v.grossTonnage || null,
          v.maxDraughtCm || null,
          v.portOfRegistry || null,
          v.companyId || null,
          grade(v.grade),
          v.flag || null,
          v.roId || null,
          v.pscType || null,
          v.dangerousCargo == null ? null : v.dangerousCargo ? 1 : 0,
          v.maxPersons || null,
        );
        break;
      }
      case 'flagState': {
        const f = r.flagState;
        this.ins.flag.run(f.code, f.name || null, f.list || null, f.imoAudited ? 1 : 0);
        break;
      }
      case 'recognisedOrganisation': {
        const o = r.recognisedOrganisation;
        this.ins.ro.run(o.id, o.name || null, o.performance || null, o.recognised ? 1 : 0);
        break;
      }
      case 'vehicle': {
        const v = r.vehicle;
        this.ins.vehicle.run(
          v.plate,
          v.plateColour || null,
          v.vehicleType || null,
          v.hazmatQualified ? 1 : 0,
          v.permittedGrossKg || null,
          v.companyId || null,
          v.terminalId || null,
          grade(v.grade),
          v.hazardClasses.length > 0 ? v.hazardClasses.join(',') : null,
        );
        break;
      }
      case 'driver': {
        const d = r.driver;
        this.ins.driver.run(Buffer.from(d.idHash), d.qualification || null, ms(d.validUntilMs), d.companyId || null);
        break;
      }
      case 'listEntry': {
        const l = r.listEntry;
        this.ins.listEntry.run(
          SUBJECT_BY_NUMBER[l.subjectKind] ?? 'unknown',
          l.subjectId,
          LIST_BY_NUMBER[l.list] ?? 'unknown',
          l.reason || null,
          ms(l.fromMs),
          ms(l.untilMs),
          STATUS_BY_NUMBER[l.status] ?? 'active',
          l.entryId || null,
        );
        break;
      }
      case 'history': {
        const h = r.history;
        this.ins.history.run(
          SUBJECT_BY_NUMBER[h.subjectKind] ?? 'unknown',
          h.subjectId,
          HISTORY_BY_NUMBER[h.kind] ?? 'unknown',
          ms(h.atMs) ?? 0,
          h.deficiencies,
          h.detained ? 1 : 0,
          h.note || null,
          h.eventId || null,
          STATUS_BY_NUMBER[h.status ?? 0] ?? 'active',
        );
        break;
      }
      case 'permit': {
        const p = r.permit;
        this.ins.permit.run(
          p.id,
          p.plate || null,
          json(p.corridor.map((x) => [x.lat, x.lon])),
          p.corridorWidthM || null,
          ms(p.validFromMs),
          ms(p.validUntilMs),
          p.maxGrossKg || null,
        );
        break;
      }
      case 'waybill': {
        const w = r.waybill;
        this.ins.waybill.run(
          w.id,
          w.plate || null,
          w.unNumber || null,
          w.hazardClass || null,
          w.quantityKg || null,
          json(w.route.map((x) => [x.lat, x.lon])),
          ms(w.windowFromMs),
          ms(w.windowUntilMs),
          w.companyId || null,
        );
        break;
      }
      case 'removal':
        this.ins.removal.run(SUBJECT_BY_NUMBER[r.removal.subjectKind] ?? 'unknown', r.removal.subjectId);
        break;
      default:
        return false;
    }
    this.rows++;
    if (++this.pending >= CHUNK) this.flush();
    return true;
  }

  /** Commits the rows staged so far (the caller yields to the event loop between chunks). */
  flush(): void {
    this.db.exec('COMMIT; BEGIN');
    this.pending = 0;
  }

  /** Makes the staged snapshot the one in force, in one transaction. */
  apply(meta: SnapshotMeta): void {
    this.db.exec('COMMIT');
    if (!this.delta) this.db.exec(indexesDdl('stage_', meta.tag));
    this.db
      .transaction(() => {
        if (this.delta) this.applyDelta();
        else
          for (const t of SNAPSHOT_TABLES)
            this.db.exec(`DROP TABLE snap_${t}; ALTER TABLE stage_${t} RENAME TO snap_${t};`);
        this.db.exec(dropStaging());
        this.db
          .prepare(`INSERT OR REPLACE INTO snapshot_meta (id, version, base_version, issued_at_ms, valid_until_ms,
            issuer_key_id, issuer, imported_at_ms, source, record_count, tag, driver_id_key_id)
          VALUES (1, @version, @baseVersion, @issuedAtMs, @validUntilMs, @issuerKeyId, @issuer, @importedAtMs, @source,
            @recordCount, @tag, @driverIdKeyId)`)
          .run(meta);
      })
      .immediate();
  }

  abort(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.db.exec(dropStaging());
  }

  /**
   * Delta semantics: subjects, permits and waybills are replaced by key; the list entries and
   * history of every subject named in the delta replace that subject's; removals withdraw a
   * subject with everything keyed to it.
   */
  private applyDelta(): void {
    for (const t of ['companies', 'vessels', 'vehicles', 'drivers', 'permits', 'waybills', 'flags', 'ros'])
      this.db.exec(`INSERT OR REPLACE INTO snap_${t} SELECT * FROM stage_${t}`);
    for (const t of ['lists', 'history']) {
      this.db.exec(`DELETE FROM snap_${t} WHERE (subject_kind, subject_id) IN (SELECT subject_kind, subject_id FROM stage_${t});
        INSERT INTO snap_${t} SELECT * FROM stage_${t};`);
    }
    this.db.exec(`
      DELETE FROM snap_companies WHERE id IN (SELECT subject_id FROM stage_removals WHERE subject_kind = 'company');
      DELETE FROM snap_vessels WHERE CAST(mmsi AS TEXT) IN (SELECT subject_id FROM stage_removals WHERE subject_kind = 'vessel');
      DELETE FROM snap_vehicles WHERE plate IN (SELECT subject_id FROM stage_removals WHERE subject_kind = 'vehicle');
      DELETE FROM snap_drivers WHERE lower(hex(id_hash)) IN (SELECT lower(subject_id) FROM stage_removals WHERE subject_kind = 'driver');
      DELETE FROM snap_lists WHERE (subject_kind, subject_id) IN (SELECT subject_kind, subject_id FROM stage_removals);
      DELETE FROM snap_history WHERE (subject_kind, subject_id) IN (SELECT subject_kind, subject_id FROM stage_removals);
    `);
  }
}

function dropStaging(): string {
  return [...SNAPSHOT_TABLES, 'removals'].map((t) => `DROP TABLE IF EXISTS stage_${t};`).join(' ');
}

/** The snapshot in force: its header, staging of new ones, and figures for `snapshot inspect`. */
export class SnapshotStore {
  constructor(private readonly db: Sqlite) {
    // A crash mid-import leaves staging tables behind; they are never read, only dropped.
    db.exec(dropStaging());
  }

  meta(): SnapshotMeta | null {
    return (
      (this.db
        .prepare(`SELECT version, base_version AS baseVersion, issued_at_ms AS issuedAtMs, valid_until_ms AS validUntilMs, issuer_key_id AS issuerKeyId,
      issuer, imported_at_ms AS importedAtMs, source, record_count AS recordCount, tag, driver_id_key_id AS driverIdKeyId FROM snapshot_meta WHERE id = 1`)
        .get() as SnapshotMeta | undefined) ?? null
    );
  }

  stage(delta: boolean): Staging {
    return new Staging(this.db, delta);
  }

  figures(): Record<string, unknown> {
    const count = (t: string) => (this.db.prepare(`SELECT COUNT(*) AS n FROM snap_${t}`).get() as { n: number }).n;
    const grades = this.db
      .prepare(`SELECT 'company' AS kind, grade, COUNT(*) AS n FROM snap_companies GROUP BY grade
      UNION ALL SELECT 'vessel', grade, COUNT(*) FROM snap_vessels GROUP BY grade
      UNION ALL SELECT 'vehicle', grade, COUNT(*) FROM snap_vehicles GROUP BY grade`)
      .all();
    const lists = this.db
      .prepare('SELECT list, status, COUNT(*) AS n FROM snap_lists GROUP BY list, status ORDER BY list, status')
      .all();
    return { counts: Object.fromEntries(SNAPSHOT_TABLES.map((t) => [t, count(t)])), grades, lists };
  }
}
