import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, test } from 'vitest';
import { JOB_TIMEOUT_MS, ONCE } from './once.js';
import type { SnapRecord } from '../../src/snapshot/format.js';
import { seedFrom, syntheticRecords } from '../../src/snapshot/synthetic.js';
import { SnapshotWriter } from '../../src/snapshot/writer.js';
import { indexesDdl, normaliseName, tablesDdl } from '../../src/storage/snapshot-tables.js';
import { TEST_ISSUER, TEST_ISSUER_PUBLIC } from '../support/snapshots.js';

/**
 * Imports a synthetic snapshot of N subjects (default 1,000,000) in a child process running the
 * built node code, and compares its time with a bare better-sqlite3 insert of the same rows into
 * the same tables and indexes, measured in the same run. Also reports the child's peak RSS and the
 * latency of full credit-profile lookups by MMSI afterwards.
 */
const N = Number(process.env.SNAPSHOT_SUBJECTS ?? 1_000_000);
const DIST = join(import.meta.dirname, '..', '..', 'dist');

function rawInsert(file: string, records: Iterable<SnapRecord>): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(tablesDdl('raw_'));
  const p = (sql: string) => db.prepare(sql);
  const ins = {
    company: p('INSERT INTO raw_companies VALUES (?, ?, ?, ?, ?, ?)'),
    vessel: p('INSERT INTO raw_vessels VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    flag: p('INSERT INTO raw_flags VALUES (?, ?, ?, ?)'),
    ro: p('INSERT INTO raw_ros VALUES (?, ?, ?, ?)'),
    vehicle: p('INSERT INTO raw_vehicles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    list: p('INSERT INTO raw_lists VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    history: p('INSERT INTO raw_history VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
  };
  const t0 = performance.now();
  let n = 0;
  db.exec('BEGIN');
  for (const r of records) {
    if ('company' in r) {
      const c = r.company;
      ins.company.run(c.id, c.name, c.grade, c.score, c.performance, c.recentPscInspections ?? null);
    } else if ('vessel' in r) {
      const v = r.vessel;
      ins.vessel.run(
        v.mmsi,
        v.imo || null,
        v.registrationNo,
        v.nameZh,
        v.name,
        normaliseName(v.name),
        v.shipType,
        v.buildYear,
        v.grossTonnage,
        v.maxDraughtCm,
        v.portOfRegistry,
        v.companyId,
        null,
        v.flag || null,
        v.roId || null,
        v.pscType || null,
        v.dangerousCargo == null ? null : v.dangerousCargo ? 1 : 0,
        v.maxPersons || null,
      );
    } else if ('flagState' in r) {
      const f = r.flagState;
      ins.flag.run(f.code, f.name, f.list, f.imoAudited ? 1 : 0);
    } else if ('recognisedOrganisation' in r) {
      const o = r.recognisedOrganisation;
      ins.ro.run(o.id, o.name, o.performance, o.recognised ? 1 : 0);
    } else if ('vehicle' in r) {
      const v = r.vehicle;
      ins.vehicle.run(
        v.plate,
        v.plateColour,
        v.vehicleType,
        v.hazmatQualified ? 1 : 0,
        v.permittedGrossKg,
        v.companyId,
        v.terminalId,
        null,
        v.hazardClasses.length > 0 ? v.hazardClasses.join(',') : null,
      );
    } else if ('listEntry' in r) {
      const l = r.listEntry;
      ins.list.run(l.subjectKind, l.subjectId, l.list, l.reason, l.fromMs, l.untilMs, l.status, l.entryId ?? null);
    } else if ('history' in r) {
      const h = r.history;
      ins.history.run(
        ...[h.subjectKind, h.subjectId, h.kind, h.atMs, h.deficiencies, h.detained ? 1 : 0, h.note],
        ...[h.eventId ?? null, h.status ?? 'ACTIVE'],
      );
    }
    if (++n % 50_000 === 0) db.exec('COMMIT; BEGIN');
  }
  db.exec('COMMIT');
  db.exec(indexesDdl('raw_', 'raw'));
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

const CHILD = `
import { Storage } from '${DIST}/storage/storage.js';
import { SnapshotService, trustedKeyMap } from '${DIST}/snapshot/snapshot-service.js';
import { systemClock } from '${DIST}/clock.js';
import { IndexedCreditLookup } from '${DIST}/credit/credit-lookup.js';
import { pino } from 'pino';
const [dataDir, file, key, n] = process.argv.slice(1);
const log = pino({ level: 'silent' });
const storage = new Storage(dataDir, 5000, log);
const credit = new IndexedCreditLookup(storage.creditSql, storage.creditRows);
const service = new SnapshotService(storage.snapshots, credit, trustedKeyMap([key]), systemClock, 3.6e6, log, { emit() {} });
const t0 = performance.now();
await service.importFile(file);
const importMs = performance.now() - t0;
const importRssMiB = process.resourceUsage().maxRSS / 1024;
const t1 = performance.now();
const indexBytes = await credit.index();
const indexMs = performance.now() - t1;
const lat = [];
// The first 10,000 lookups warm the JIT and are not counted: the node answers lookups for hours.
const warm = 10000;
const vessels = Math.ceil((Number(n) - Math.max(1, Math.round(Number(n) / 10))) / 2);
const now = Date.now();
for (let i = 0; i < warm + 100000; i++) {
  const mmsi = 412000000 + 2 * Math.floor(Math.random() * vessels);
  const s = process.hrtime.bigint();
  credit.vessel(mmsi, now);
  if (i >= warm) lat.push(Number(process.hrtime.bigint() - s) / 1000);
}
lat.sort((a, b) => a - b);
storage.close();
console.log(JSON.stringify({ importMs, importRssMiB, indexMs, indexMiB: indexBytes / 2 ** 20, maxRssMiB: process.resourceUsage().maxRSS / 1024, p50us: lat[50000], p99us: lat[99000] }));
`;

describe(`import a ${N.toLocaleString('en')}-subject signed snapshot`, () => {
  test(
    'import',
    async ({ bench }) => {
      await bench('import', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'kakou-snapbench-'));
        try {
          const issued = Date.now();
          const file = join(dir, 'synthetic.ksnap');
          const out = createWriteStream(file);
          const w = new SnapshotWriter(
            { version: 1, baseVersion: 0, issuedAtMs: issued, validUntilMs: issued + 86_400_000, issuer: 'bench' },
            TEST_ISSUER,
            (c) => {
              out.write(c);
            },
          );
          let i = 0;
          for (const r of syntheticRecords(N, seedFrom('bench'), issued)) {
            w.add(r);
            if (++i % 20_000 === 0 && out.writableNeedDrain)
              await new Promise<void>((res) => out.once('drain', () => res()));
          }
          const { records } = w.finish();
          await new Promise<void>((res) => out.end(() => res()));

          const rawMs = rawInsert(join(dir, 'raw.db'), syntheticRecords(N, seedFrom('bench'), issued));
          const child = spawnSync(
            process.execPath,
            ['--input-type=module', '-e', CHILD, join(dir, 'node'), file, TEST_ISSUER_PUBLIC, String(N)],
            { encoding: 'utf8', cwd: join(import.meta.dirname, '..', '..'), maxBuffer: 1 << 20 },
          );
          if (child.status !== 0) throw new Error(child.stderr);
          const r = JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as {
            importMs: number;
            importRssMiB: number;
            indexMs: number;
            indexMiB: number;
            maxRssMiB: number;
            p50us: number;
            p99us: number;
          };
          process.stdout.write(
            `\nsnapshot import: ${N.toLocaleString('en')} subjects, ${records.toLocaleString('en')} records, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB file\n` +
              `  import ${(r.importMs / 1000).toFixed(1)} s; bare better-sqlite3 insert of the same rows and indexes ${(rawMs / 1000).toFixed(1)} s; ratio ${(r.importMs / rawMs).toFixed(2)} (target at most 1.5)\n` +
              `  peak RSS of the importing process ${r.importRssMiB.toFixed(0)} MiB (target at most 256)\n` +
              `  then packed in memory for lookups in ${(r.indexMs / 1000).toFixed(1)} s (${r.indexMiB.toFixed(0)} MiB; lookups read SQLite meanwhile); peak RSS with the index ${r.maxRssMiB.toFixed(0)} MiB\n` +
              `  credit profile lookup by MMSI: p50 ${r.p50us.toFixed(1)} us, p99 ${r.p99us.toFixed(1)} us (target p99 at most 20)\n`,
          );
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }).run(ONCE);
    },
    JOB_TIMEOUT_MS,
  );
});
