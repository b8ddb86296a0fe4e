import pg from 'pg';
import type { CentralStore, Gap, NodeRow, RejectionRow, StoredRecord } from '../domain/central-store.js';
import { PostgresCentralPhotos } from './central-photos-postgres.js';
import { PostgresCentralReviews } from './central-reviews.js';
import { CENTRAL_POSTGRES_SCHEMA } from './central-postgres-schema.js';

/** First key of the two-key advisory locks this store takes: one lock per node id, in Kakou's own class. */
const LOCK_CLASS = 0x4b4b4f55;

// BIGINT arrives as a string from pg; every value here is below 2^53, so Number is exact.
const n = (v: unknown): number => Number(v);

type Queryable = pg.Pool | pg.PoolClient;

/**
 * The reference central's records in PostgreSQL, for a province with hundreds of checkpoints and
 * the central run as several instances behind a load balancer on one database.
 */
export class PostgresCentralStore implements CentralStore {
  readonly kind = 'postgres' as const;
  readonly photos: PostgresCentralPhotos;
  readonly reviews: PostgresCentralReviews;
  private readonly pool: pg.Pool;
  /** A locked connection when this instance is the view `exclusive` hands out; else the pool. */
  private readonly db: Queryable;

  /** `schema` isolates a test run; production uses the connection's default search path. */
  constructor(
    url: string,
    private readonly schema?: string,
    bound?: { pool: pg.Pool; client: pg.PoolClient },
  ) {
    this.pool =
      bound?.pool ??
      new pg.Pool({ connectionString: url, max: 8, ...(schema && { options: `-c search_path=${schema}` }) });
    this.db = bound?.client ?? this.pool;
    this.photos = new PostgresCentralPhotos(this.db);
    this.reviews = new PostgresCentralReviews(this.db);
  }

  async init(): Promise<void> {
    // Two instances starting at once must not race on CREATE TABLE: the first creates, the second waits.
    await this.withClient(async (c) => {
      await c.query('SELECT pg_advisory_lock($1, 0)', [LOCK_CLASS]);
      try {
        if (this.schema) await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
        await c.query(CENTRAL_POSTGRES_SCHEMA);
      } finally {
        await c.query('SELECT pg_advisory_unlock($1, 0)', [LOCK_CLASS]);
      }
    });
  }

  async exclusive<T>(nodeId: string, fn: (store: CentralStore) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      // A session lock, held across the reads and the commit; a dropped connection releases it.
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_CLASS, nodeId]);
      try {
        return await fn(new PostgresCentralStore('', this.schema, { pool: this.pool, client }));
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, nodeId]);
      }
    });
  }

  private async withClient<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      return await fn(client);
    } catch (err) {
      broken = err as Error;
      throw err;
    } finally {
      // A connection that failed mid-lock is discarded, never handed to the next caller still locked.
      client.release(broken);
    }
  }

  private toNode(r: Record<string, unknown>): NodeRow {
    return {
      nodeId: r.node_id as string,
      publicKey: r.public_key as Buffer,
      name: r.name as string,
      registeredAtMs: n(r.registered_at_ms),
      contiguous: n(r.contiguous),
      utcOffsetMinutes:
        r.utc_offset_minutes === null || r.utc_offset_minutes === undefined ? null : n(r.utc_offset_minutes),
      revokedAtMs: r.revoked_at_ms === null || r.revoked_at_ms === undefined ? null : n(r.revoked_at_ms),
      revokedReason: (r.revoked_reason as string | null) ?? null,
    };
  }

  async node(nodeId: string): Promise<NodeRow | null> {
    const { rows } = await this.db.query('SELECT * FROM nodes WHERE node_id = $1', [nodeId]);
    return rows[0] ? this.toNode(rows[0]) : null;
  }

  async setNodeUtcOffset(nodeId: string, minutes: number): Promise<void> {
    await this.db.query('UPDATE nodes SET utc_offset_minutes = $2 WHERE node_id = $1', [nodeId, minutes]);
  }

  async setNodeRevoked(nodeId: string, revoked: { atMs: number; reason: string } | null): Promise<void> {
    await this.db.query('UPDATE nodes SET revoked_at_ms = $2, revoked_reason = $3 WHERE node_id = $1', [
      nodeId,
      revoked?.atMs ?? null,
      revoked?.reason ?? null,
    ]);
  }

  async insertNode(
    x: Omit<NodeRow, 'contiguous' | 'utcOffsetMinutes' | 'revokedAtMs' | 'revokedReason'>,
  ): Promise<boolean> {
    const res = await this.db.query(
      'INSERT INTO nodes (node_id, public_key, name, registered_at_ms) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [x.nodeId, x.publicKey, x.name, x.registeredAtMs],
    );
    return res.rowCount === 1;
  }

  async replaceNodeKey(nodeId: string, publicKey: Buffer, atMs: number): Promise<void> {
    await this.db.query(
      `WITH old AS (INSERT INTO node_keys (node_id, public_key, retired_at_ms) SELECT node_id, public_key, $3 FROM nodes WHERE node_id = $1)
      UPDATE nodes SET public_key = $2 WHERE node_id = $1`,
      [nodeId, publicKey, atMs],
    );
  }

  async nodes(): Promise<NodeRow[]> {
    return (await this.db.query('SELECT * FROM nodes ORDER BY node_id')).rows.map((r) => this.toNode(r));
  }

  async addEnrolmentToken(
    nodeId: string,
    tokenSha256: Buffer,
    createdAtMs: number,
    expiresAtMs: number,
  ): Promise<void> {
    await this.db.query(
      'INSERT INTO enrolment_tokens (node_id, token_sha256, created_at_ms, expires_at_ms) VALUES ($1, $2, $3, $4)',
      [nodeId, tokenSha256, createdAtMs, expiresAtMs],
    );
  }

  async useEnrolmentToken(nodeId: string, tokenSha256: Buffer, atMs: number): Promise<boolean> {
    const res = await this.db.query(
      'UPDATE enrolment_tokens SET used_at_ms = $3 WHERE node_id = $1 AND token_sha256 = $2 AND used_at_ms IS NULL AND expires_at_ms > $3',
      [nodeId, tokenSha256, atMs],
    );
    return res.rowCount === 1;
  }

  async existing(nodeId: string, seqs: readonly number[]) {
    const out = new Map<number, { hash: Buffer; idempotencyKey: string; prevHash: Buffer }>();
    if (seqs.length === 0) return out;
    const { rows } = await this.db.query(
      'SELECT seq, hash, idempotency_key, prev_hash FROM records WHERE node_id = $1 AND seq = ANY($2::bigint[])',
      [nodeId, seqs],
    );
    for (const r of rows) out.set(n(r.seq), { hash: r.hash, idempotencyKey: r.idempotency_key, prevHash: r.prev_hash });
    return out;
  }

  async seqsByKey(nodeId: string, keys: readonly string[]) {
    const { rows } = await this.db.query(
      'SELECT idempotency_key, seq FROM records WHERE node_id = $1 AND idempotency_key = ANY($2::text[])',
      [nodeId, keys],
    );
    return new Map(rows.map((r) => [r.idempotency_key as string, n(r.seq)]));
  }

  async commit(
    nodeId: string,
    records: readonly StoredRecord[],
    rejections: readonly RejectionRow[],
    links: ReadonlyArray<{ seq: number; ok: boolean }>,
  ): Promise<number> {
    const run = async (client: pg.PoolClient) => {
      await client.query('BEGIN');
      try {
        const c = await this.commitIn(client, nodeId, records, rejections, links);
        await client.query('COMMIT');
        return c;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    };
    return this.db instanceof pg.Pool ? this.withClient(run) : run(this.db as pg.PoolClient);
  }

  private async commitIn(
    client: pg.PoolClient,
    nodeId: string,
    records: readonly StoredRecord[],
    rejections: readonly RejectionRow[],
    links: ReadonlyArray<{ seq: number; ok: boolean }>,
  ): Promise<number> {
    const c0 = n(
      (await client.query('SELECT contiguous FROM nodes WHERE node_id = $1 FOR UPDATE', [nodeId])).rows[0]?.contiguous,
    );
    if (records.length > 0) {
      // One multi-row insert per batch via unnest: a round trip per record would cap throughput.
      await client.query(
        `INSERT INTO records (node_id, seq, idempotency_key, kind, lane, created_at_ms, received_at_ms, payload, payload_sha256, prev_hash, hash,
          clock_suspect, evicted, link_ok, retired, retired_reason)
        SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::bigint[],
          $8::text[], $9::bytea[], $10::bytea[], $11::bytea[],
          $12::bool[], $13::bool[], $14::bool[], $15::bool[], $16::text[])
        ON CONFLICT DO NOTHING`,
        [
          nodeId,
          records.map((r) => r.seq),
          records.map((r) => r.idempotencyKey),
          records.map((r) => r.kind),
          records.map((r) => r.lane),
          records.map((r) => r.createdAtMs),
          records.map((r) => r.receivedAtMs),
          records.map((r) => r.payload),
          records.map((r) => r.payloadSha256),
          records.map((r) => r.prevHash),
          records.map((r) => r.hash),
          records.map((r) => r.clockSuspect),
          records.map((r) => r.evicted),
          records.map((r) => r.linkOk),
          records.map((r) => r.retired),
          records.map((r) => r.retiredReason),
        ],
      );
      await client.query('DELETE FROM rejections WHERE node_id = $1 AND seq = ANY($2::bigint[])', [
        nodeId,
        records.map((r) => r.seq),
      ]);
    }
    for (const x of rejections) {
      await client.query(
        `INSERT INTO rejections (node_id, seq, code, reason, at_ms) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (node_id, seq) DO UPDATE SET code = excluded.code, reason = excluded.reason, at_ms = excluded.at_ms`,
        [x.nodeId, x.seq, x.code, x.reason, x.atMs],
      );
    }
    for (const l of links)
      await client.query('UPDATE records SET link_ok = $1 WHERE node_id = $2 AND seq = $3', [l.ok, nodeId, l.seq]);
    let c = c0;
    for (;;) {
      const { rows } = await client.query(
        'SELECT seq FROM records WHERE node_id = $1 AND seq > $2 ORDER BY seq LIMIT 2000',
        [nodeId, c],
      );
      let advanced = 0;
      for (const r of rows) {
        if (n(r.seq) !== c + 1) break;
        c++;
        advanced++;
      }
      if (advanced < rows.length || rows.length === 0) break;
    }
    await client.query('UPDATE nodes SET contiguous = $1 WHERE node_id = $2', [c, nodeId]);
    return c;
  }

  async gaps(nodeId: string): Promise<Gap[]> {
    const { rows } = await this.db.query(
      `SELECT prev + 1 AS from, seq - 1 AS to FROM
      (SELECT seq, LAG(seq, 1, 0::bigint) OVER (ORDER BY seq) AS prev FROM records WHERE node_id = $1) t WHERE seq > prev + 1 ORDER BY seq`,
      [nodeId],
    );
    return rows.map((r) => ({ from: n(r.from), to: n(r.to) }));
  }

  async summary(nodeId: string) {
    const { rows } = await this.db.query(
      `SELECT COUNT(*) AS records, COALESCE(MAX(seq), 0) AS max_seq,
      COUNT(*) FILTER (WHERE link_ok IS NULL AND seq > 1) AS pending, COUNT(*) FILTER (WHERE link_ok = false) AS broken,
      COUNT(*) FILTER (WHERE clock_suspect) AS suspect, COUNT(*) FILTER (WHERE evicted) AS evicted, COUNT(*) FILTER (WHERE retired) AS retired
      FROM records WHERE node_id = $1`,
      [nodeId],
    );
    const r = rows[0];
    const rejected = n(
      (await this.db.query('SELECT COUNT(*) AS c FROM rejections WHERE node_id = $1', [nodeId])).rows[0]?.c,
    );
    return {
      records: n(r.records),
      maxSeq: n(r.max_seq),
      pendingLinks: n(r.pending),
      brokenLinks: n(r.broken),
      clockSuspect: n(r.suspect),
      evicted: n(r.evicted),
      rejected,
      retired: n(r.retired),
    };
  }

  async countsByKind(nodeId: string): Promise<Record<string, number>> {
    const { rows } = await this.db.query(
      'SELECT kind, COUNT(*) AS c FROM records WHERE node_id = $1 GROUP BY kind ORDER BY kind',
      [nodeId],
    );
    return Object.fromEntries(rows.map((r) => [r.kind as string, n(r.c)]));
  }

  async retired(nodeId: string): Promise<Array<{ seq: number; kind: string; reason: string }>> {
    const { rows } = await this.db.query(
      "SELECT seq, kind, COALESCE(retired_reason, '') AS reason FROM records WHERE node_id = $1 AND retired ORDER BY seq",
      [nodeId],
    );
    return rows.map((r) => ({ seq: n(r.seq), kind: r.kind as string, reason: r.reason as string }));
  }

  async lateCandidates(nodeId: string, minMs: number, limit: number) {
    const { rows } = await this.db.query(
      `SELECT seq, kind, idempotency_key, created_at_ms, received_at_ms FROM records
      WHERE node_id = $1 AND received_at_ms - created_at_ms > $2 ORDER BY seq LIMIT $3`,
      [nodeId, minMs, limit],
    );
    return rows.map((r) => ({
      seq: n(r.seq),
      kind: r.kind as string,
      idempotencyKey: r.idempotency_key as string,
      createdAtMs: n(r.created_at_ms),
      receivedAtMs: n(r.received_at_ms),
    }));
  }

  async countByKey(nodeId: string): Promise<Map<string, number>> {
    const { rows } = await this.db.query(
      'SELECT idempotency_key, COUNT(*) AS c FROM records WHERE node_id = $1 GROUP BY idempotency_key',
      [nodeId],
    );
    return new Map(rows.map((r) => [r.idempotency_key as string, n(r.c)]));
  }

  async latestPayload(nodeId: string, kind: string): Promise<string | null> {
    const { rows } = await this.db.query(
      'SELECT payload FROM records WHERE node_id = $1 AND kind = $2 AND payload IS NOT NULL ORDER BY created_at_ms DESC, seq DESC LIMIT 1',
      [nodeId, kind],
    );
    return rows[0] ? String(rows[0].payload) : null;
  }

  async payloads(nodeId: string, kind: string, limit: number): Promise<string[]> {
    const { rows } = await this.db.query(
      'SELECT payload FROM records WHERE node_id = $1 AND kind = $2 AND payload IS NOT NULL ORDER BY created_at_ms DESC, seq DESC LIMIT $3',
      [nodeId, kind, limit],
    );
    return rows.map((r) => String(r.payload));
  }

  async page(
    nodeId: string,
    kind: string,
    afterSeq: number,
    limit: number,
  ): Promise<Array<{ seq: number; createdAtMs: number; payload: string }>> {
    const { rows } = await this.db.query(
      `SELECT seq, created_at_ms, payload FROM records
       WHERE node_id = $1 AND kind = $2 AND seq > $3 AND NOT evicted AND NOT retired ORDER BY seq LIMIT $4`,
      [nodeId, kind, afterSeq, limit],
    );
    return rows.map((r) => ({ seq: n(r.seq), createdAtMs: n(r.created_at_ms), payload: String(r.payload) }));
  }

  async record(nodeId: string, seq: number): Promise<StoredRecord | null> {
    const { rows } = await this.db.query('SELECT * FROM records WHERE node_id = $1 AND seq = $2', [nodeId, seq]);
    const r = rows[0];
    if (!r) return null;
    return {
      nodeId: r.node_id,
      seq: n(r.seq),
      idempotencyKey: r.idempotency_key,
      kind: r.kind,
      lane: r.lane,
      createdAtMs: n(r.created_at_ms),
      receivedAtMs: n(r.received_at_ms),
      payload: r.payload,
      payloadSha256: r.payload_sha256,
      prevHash: r.prev_hash,
      hash: r.hash,
      clockSuspect: r.clock_suspect,
      evicted: r.evicted,
      linkOk: r.link_ok,
      retired: r.retired,
      retiredReason: r.retired_reason,
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
