import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KakouError } from '../errors.js';

const LOCK_FILE = 'kakou.lock';

/**
 * The running node's hold on its data folder: an exclusive SQLite lock on a small file beside the
 * database. The operating system drops it when the process ends however it ends, so a crashed node
 * never leaves a stale lock, and `kakou restore` can tell a running node from a stopped one.
 */
export class DataLock {
  private constructor(private readonly db: Database.Database) {}

  static hold(dataDir: string): DataLock {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, LOCK_FILE));
    try {
      db.pragma('busy_timeout = 0');
      db.pragma('locking_mode = EXCLUSIVE');
      // The first write takes the exclusive lock; in this mode it is kept until the file is closed.
      db.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY, since TEXT NOT NULL)');
      db.prepare('INSERT OR REPLACE INTO holder (id, since) VALUES (1, ?)').run(new Date().toISOString());
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY')
        throw new KakouError('KAKOU_E_DATA_DIR_IN_USE', undefined, [
          `storage.dataDir: ${dataDir} is held by another node`,
        ]);
      throw err;
    }
    return new DataLock(db);
  }

  /** Whether a running node holds the folder; the check takes no lock that outlives it. */
  static held(dataDir: string): boolean {
    const file = join(dataDir, LOCK_FILE);
    if (!existsSync(file)) return false;
    const db = new Database(file);
    try {
      db.pragma('busy_timeout = 0');
      db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
      return false;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
      throw err;
    } finally {
      db.close();
    }
  }

  release(): void {
    if (this.db.open) this.db.close();
  }
}
