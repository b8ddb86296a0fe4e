import { existsSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Sqlite } from './database.js';

export interface CheckpointResult {
  /** passive: folded what it could; truncate: the WAL was emptied; busy: a reader held it back. */
  mode: 'passive' | 'truncate' | 'busy';
  walBytes: number;
}

const DAY_MS = 86_400_000;

/**
 * Keeps the database bounded on a node that runs for months: the write-ahead log folded back and
 * emptied on a schedule (SQLite's own checkpoints never shrink it, and a long reader can keep it
 * growing), and decisions past their retention removed. Inspection records are never removed.
 */
export class StorageMaintenance {
  constructor(
    private readonly db: Sqlite,
    private readonly file: string,
  ) {}

  /**
   * Caps the database file (0: no cap, beyond the disk itself). Past it every write fails with
   * SQLITE_FULL, atomically, as on a full disk: nothing is half-written, and writes resume when
   * room is made. Sites set it below the disk so the system itself never runs out.
   */
  setMaxBytes(bytes: number): void {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    // SQLite's largest page count stands for no cap; a cap below the current size holds it there.
    this.db.pragma(`max_page_count = ${bytes > 0 ? Math.max(1, Math.floor(bytes / pageSize)) : 4294967294}`);
  }

  /** Free and total bytes of the filesystem holding the database (null in memory, or if it cannot be read). */
  diskSpace(): { freeBytes: number; sizeBytes: number } | null {
    if (this.file === ':memory:') return null;
    try {
      const s = statfsSync(dirname(this.file));
      return { freeBytes: s.bavail * s.bsize, sizeBytes: s.blocks * s.bsize };
    } catch {
      return null;
    }
  }

  walBytes(): number {
    const wal = `${this.file}-wal`;
    return this.file !== ':memory:' && existsSync(wal) ? statSync(wal).size : 0;
  }

  /**
   * A passive checkpoint never waits; only when it has folded every frame is the log truncated,
   * which then costs nothing, so the event loop is never held by a reader elsewhere (a backup).
   */
  checkpoint(): CheckpointResult {
    const [row] = this.db.pragma('wal_checkpoint(PASSIVE)') as Array<{
      busy: number;
      log: number;
      checkpointed: number;
    }>;
    if (!row || row.busy !== 0 || row.log !== row.checkpointed)
      return { mode: row?.busy ? 'busy' : 'passive', walBytes: this.walBytes() };
    const [t] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    return { mode: t?.busy ? 'busy' : 'truncate', walBytes: this.walBytes() };
  }

  /**
   * Removes decisions older than the retention. Upstream loses nothing: each decision travels in
   * its own outbox row, written with it, which only the central's acknowledgement removes.
   */
  pruneDecisions(now: number, keepDays: number): number {
    return this.db.prepare('DELETE FROM decisions WHERE decided_at_ms < ?').run(now - keepDays * DAY_MS).changes;
  }
}
