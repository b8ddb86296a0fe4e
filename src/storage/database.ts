import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Sqlite = Database.Database;

export interface OpenOptions {
  busyTimeoutMs: number;
  migrations?: readonly Migration[];
}

/**
 * Opens the node database: WAL so the terminal can read while ingest writes, synchronous=FULL
 * because an inspection record acknowledged to an officer must survive a power cut.
 */
export function openDatabase(file: string, opts: OpenOptions, log: Logger): Sqlite {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs)}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  migrate(db, opts.migrations ?? MIGRATIONS, log);
  return db;
}

export function migrate(db: Sqlite, migrations: readonly Migration[], log: Logger): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const current = (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    db.close();
    throw new KakouError('KAKOU_E_CONFIG_INVALID', 'database is newer than this Kakou', [
      `storage.dataDir: database schema version ${current} is newer than the ${latest} this version knows; use the newer Kakou or restore a backup`,
    ]);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
    log.info({ version: m.version, name: m.name }, 'migration applied');
  }
}
