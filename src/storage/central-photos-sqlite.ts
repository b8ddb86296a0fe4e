import type { CentralPhotoStore } from '../domain/central-store.js';
import type { Sqlite } from './database.js';

/** The photo keys of a node's inspection-photo records end in the photo's SHA-256. */
const citedKey = (nodeId: string, sha256: string) => `${nodeId}:inspection-photo:%:${sha256}`;

/** Photos at the reference central in SQLite: finished ones in `photos`, unfinished ones as their parts. */
export class SqliteCentralPhotos implements CentralPhotoStore {
  constructor(private readonly db: Sqlite) {}

  async state(sha256: string) {
    const stored = this.db.prepare('SELECT 1 FROM photos WHERE sha256 = ?').get(sha256) !== undefined;
    const held = this.db.prepare('SELECT received FROM photo_uploads WHERE sha256 = ?').pluck().get(sha256) as
      | number
      | undefined;
    return { stored, received: stored ? 0 : (held ?? 0) };
  }

  async append(sha256: string, offset: number, chunk: Buffer, total: number, contentType: string, nowMs: number) {
    return this.db
      .transaction(() => {
        const held = this.db.prepare('SELECT received FROM photo_uploads WHERE sha256 = ?').pluck().get(sha256) as
          | number
          | undefined;
        if ((held ?? 0) !== offset) return null;
        const received = offset + chunk.length;
        this.db
          .prepare(
            `INSERT INTO photo_uploads (sha256, content_type, total, received, updated_at_ms) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (sha256) DO UPDATE SET received = excluded.received, updated_at_ms = excluded.updated_at_ms`,
          )
          .run(sha256, contentType, total, received, nowMs);
        this.db
          .prepare('INSERT INTO photo_upload_parts (sha256, at_byte, data) VALUES (?, ?, ?)')
          .run(sha256, offset, chunk);
        const parts = () =>
          this.db.prepare('SELECT data FROM photo_upload_parts WHERE sha256 = ? ORDER BY at_byte').pluck().all(sha256);
        return { received, complete: received >= total ? Buffer.concat(parts() as Buffer[]) : null };
      })
      .immediate();
  }

  async finish(sha256: string, contentType: string, data: Buffer | null, nowMs: number): Promise<void> {
    this.db
      .transaction(() => {
        if (data)
          this.db
            .prepare(
              'INSERT OR IGNORE INTO photos (sha256, content_type, bytes, data, stored_at_ms) VALUES (?, ?, ?, ?, ?)',
            )
            .run(sha256, contentType, data.length, data, nowMs);
        this.db.prepare('DELETE FROM photo_upload_parts WHERE sha256 = ?').run(sha256);
        this.db.prepare('DELETE FROM photo_uploads WHERE sha256 = ?').run(sha256);
      })
      .immediate();
  }

  async get(sha256: string) {
    const row = this.db.prepare('SELECT content_type AS contentType, data FROM photos WHERE sha256 = ?').get(sha256) as
      | { contentType: string; data: Buffer }
      | undefined;
    return row ?? null;
  }

  async cited(nodeId: string, sha256: string): Promise<boolean> {
    return (
      this.db
        .prepare("SELECT 1 FROM records WHERE node_id = ? AND kind = 'inspection-photo' AND idempotency_key LIKE ?")
        .get(nodeId, citedKey(nodeId, sha256)) !== undefined
    );
  }

  async counts(nodeId: string): Promise<{ cited: number; stored: number }> {
    return this.db
      .prepare(
        `SELECT COUNT(*) AS cited, COUNT(p.sha256) AS stored FROM
           (SELECT DISTINCT substr(idempotency_key, -64) AS sha256 FROM records
            WHERE node_id = ? AND kind = 'inspection-photo' AND retired = 0) c
         LEFT JOIN photos p ON p.sha256 = c.sha256`,
      )
      .get(nodeId) as { cited: number; stored: number };
  }
}
