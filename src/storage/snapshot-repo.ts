import type { CreditSnapshot } from '../domain/credit.js';
import type { Sqlite } from './database.js';

export interface StoredSnapshot {
  snapshot: CreditSnapshot;
  importedAt: string;
  source: string;
}

/** Credit snapshots by version; the highest version in the table is the one in force. */
export class SnapshotRepo {
  constructor(private readonly db: Sqlite) {}

  currentVersion(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM snapshots').get() as { v: number }).v;
  }

  current(): StoredSnapshot | null {
    const r = this.db.prepare('SELECT body, imported_at, source FROM snapshots ORDER BY version DESC LIMIT 1').get() as
      { body: string; imported_at: string; source: string } | undefined;
    return r ? { snapshot: JSON.parse(r.body) as CreditSnapshot, importedAt: r.imported_at, source: r.source } : null;
  }

  /** Stores a snapshot in one transaction and drops versions older than the one it replaces. */
  save(s: CreditSnapshot, source: string, importedAt: string): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO snapshots (version, issued_at, valid_until, imported_at, source, body) VALUES (?, ?, ?, ?, ?, ?)')
        .run(s.version, s.issuedAt, s.validUntil, importedAt, source, JSON.stringify(s));
      // Keep the previous version as a fallback; older ones have no further use.
      this.db.prepare('DELETE FROM snapshots WHERE version < (SELECT MAX(version) FROM (SELECT version FROM snapshots ORDER BY version DESC LIMIT 2))').run();
    }).immediate();
  }
}
