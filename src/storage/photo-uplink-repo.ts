import type { Sqlite } from './database.js';

/** Which inspection photos still have to reach the central, and which it holds. */
export class PhotoUplinkRepo {
  private readonly pendingStmt;
  private readonly sentStmt;

  constructor(
    db: Sqlite,
    private readonly nodeId: string,
  ) {
    // A photo is due once the central acknowledged a record citing it (its outbox row is gone).
    this.pendingStmt = db.prepare(
      `SELECT p.sha256, MIN(p.inspection_id) AS inspectionId FROM inspection_photos p
       WHERE NOT EXISTS (SELECT 1 FROM photo_uplink u WHERE u.sha256 = p.sha256)
         AND EXISTS (SELECT 1 FROM inspection_photos q WHERE q.sha256 = p.sha256 AND NOT EXISTS (
           SELECT 1 FROM outbox o WHERE o.idempotency_key = ? || ':inspection-photo:' || q.inspection_id || ':' || q.sha256))
       GROUP BY p.sha256 ORDER BY MIN(p.added_at_ms) LIMIT ?`,
    );
    this.sentStmt = db.prepare('INSERT OR IGNORE INTO photo_uplink (sha256, sent_at_ms) VALUES (?, ?)');
  }

  pending(limit: number): Array<{ sha256: string; inspectionId: string }> {
    return this.pendingStmt.all(this.nodeId, limit) as Array<{ sha256: string; inspectionId: string }>;
  }

  sent(sha256: string, atMs: number): void {
    this.sentStmt.run(sha256, atMs);
  }
}
