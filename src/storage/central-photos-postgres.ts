import type pg from 'pg';
import type { CentralPhotoStore } from '../domain/central-store.js';

/** The photo keys of a node's inspection-photo records end in the photo's SHA-256. */
const citedKey = (nodeId: string, sha256: string) => `${nodeId}:inspection-photo:%:${sha256}`;

/**
 * Photos at the reference central in PostgreSQL. An append is one statement (a conditional UPDATE
 * of the bytes held, or the INSERT of the first chunk, and the part), so two instances receiving
 * chunks of one photo cannot interleave them.
 */
export class PostgresCentralPhotos implements CentralPhotoStore {
  constructor(private readonly db: pg.Pool | pg.PoolClient) {}

  async state(sha256: string) {
    const { rows } = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM photos WHERE sha256 = $1) AS stored,
        COALESCE((SELECT received FROM photo_uploads WHERE sha256 = $1), 0) AS received`,
      [sha256],
    );
    const r = rows[0] as { stored: boolean; received: string | number };
    return { stored: r.stored, received: r.stored ? 0 : Number(r.received) };
  }

  async append(sha256: string, offset: number, chunk: Buffer, total: number, contentType: string, nowMs: number) {
    const received = offset + chunk.length;
    // The guard (the bytes held are `offset`) and the part are written by one statement.
    const part = 'INSERT INTO photo_upload_parts (sha256, at_byte, data) SELECT $1, $2, $4 FROM up RETURNING at_byte';
    const { rows } =
      offset === 0
        ? await this.db.query(
            `WITH up AS (
               INSERT INTO photo_uploads (sha256, content_type, total, received, updated_at_ms)
               VALUES ($1, $5, $6, $3, $7) ON CONFLICT (sha256) DO NOTHING RETURNING received) ${part}`,
            [sha256, offset, received, chunk, contentType, total, nowMs],
          )
        : await this.db.query(
            `WITH up AS (
               UPDATE photo_uploads SET received = $3, updated_at_ms = $5
               WHERE sha256 = $1 AND received = $2 RETURNING received) ${part}`,
            [sha256, offset, received, chunk, nowMs],
          );
    if (rows.length === 0) return null;
    if (received < total) return { received, complete: null };
    const parts = await this.db.query('SELECT data FROM photo_upload_parts WHERE sha256 = $1 ORDER BY at_byte', [
      sha256,
    ]);
    return { received, complete: Buffer.concat(parts.rows.map((r) => r.data as Buffer)) };
  }

  async finish(sha256: string, contentType: string, data: Buffer | null, nowMs: number): Promise<void> {
    if (data)
      await this.db.query(
        `INSERT INTO photos (sha256, content_type, bytes, data, stored_at_ms) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (sha256) DO NOTHING`,
        [sha256, contentType, data.length, data, nowMs],
      );
    await this.db.query('DELETE FROM photo_upload_parts WHERE sha256 = $1', [sha256]);
    await this.db.query('DELETE FROM photo_uploads WHERE sha256 = $1', [sha256]);
  }

  async get(sha256: string) {
    const { rows } = await this.db.query('SELECT content_type, data FROM photos WHERE sha256 = $1', [sha256]);
    const r = rows[0] as { content_type: string; data: Buffer } | undefined;
    return r ? { contentType: r.content_type, data: r.data } : null;
  }

  async cited(nodeId: string, sha256: string): Promise<boolean> {
    const { rows } = await this.db.query(
      "SELECT 1 FROM records WHERE node_id = $1 AND kind = 'inspection-photo' AND idempotency_key LIKE $2 LIMIT 1",
      [nodeId, citedKey(nodeId, sha256)],
    );
    return rows.length > 0;
  }

  async counts(nodeId: string): Promise<{ cited: number; stored: number }> {
    const { rows } = await this.db.query(
      `SELECT COUNT(*) AS cited, COUNT(p.sha256) AS stored FROM
         (SELECT DISTINCT right(idempotency_key, 64) AS sha256 FROM records
          WHERE node_id = $1 AND kind = 'inspection-photo' AND NOT retired) c
       LEFT JOIN photos p ON p.sha256 = c.sha256`,
      [nodeId],
    );
    const r = rows[0] as { cited: string; stored: string };
    return { cited: Number(r.cited), stored: Number(r.stored) };
  }
}
