import pg from 'pg';
import type { CentralStore, Gap, NodeRow, RejectionRow, StoredRecord } from '../central/central-store.js';

const SCHEMA_SQL = `
  CREATE TABLE IF NOT EXISTS nodes (
    node_id TEXT PRIMARY KEY, public_key BYTEA NOT NULL, name TEXT NOT NULL,
    registered_at_ms BIGINT NOT NULL, contiguous BIGINT NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS records (
    node_id TEXT NOT NULL REFERENCES nodes (node_id), seq BIGINT NOT NULL, idempotency_key TEXT NOT NULL,
    kind TEXT NOT NULL, lane INTEGER NOT NULL, created_at_ms BIGINT NOT NULL, received_at_ms BIGINT NOT NULL,
    payload TEXT NOT NULL, payload_sha256 BYTEA NOT NULL, prev_hash BYTEA NOT NULL, hash BYTEA NOT NULL,
    clock_suspect BOOLEAN NOT NULL, evicted BOOLEAN NOT NULL, link_ok BOOLEAN,
    PRIMARY KEY (node_id, seq), UNIQUE (node_id, idempotency_key));
  CREATE TABLE IF NOT EXISTS rejections (
    node_id TEXT NOT NULL, seq BIGINT NOT NULL, code TEXT NOT NULL, reason TEXT NOT NULL, at_ms BIGINT NOT NULL,
    PRIMARY KEY (node_id, seq));
`;

// BIGINT arrives as a string from pg; every value here is below 2^53, so Number is exact.
const n = (v: unknown): number => Number(v);

/** The reference central's records in PostgreSQL, for a province with hundreds of checkpoints. */
export class PostgresCentralStore implements CentralStore {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;

  /** `schema` isolates a test run; production uses the connection's default search path. */
  constructor(url: string, private readonly schema?: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, ...(schema && { options: `-c search_path=${schema}` }) });
  }

  async init(): Promise<void> {
    if (this.schema) await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
    await this.pool.query(SCHEMA_SQL);
  }

  private toNode(r: Record<string, unknown>): NodeRow {
    return { nodeId: r.node_id as string, publicKey: r.public_key as Buffer, name: r.name as string, registeredAtMs: n(r.registered_at_ms), contiguous: n(r.contiguous) };
  }

  async node(nodeId: string): Promise<NodeRow | null> {
    const { rows } = await this.pool.query('SELECT * FROM nodes WHERE node_id = $1', [nodeId]);
    return rows[0] ? this.toNode(rows[0]) : null;
  }

  async insertNode(x: Omit<NodeRow, 'contiguous'>): Promise<void> {
    await this.pool.query('INSERT INTO nodes (node_id, public_key, name, registered_at_ms) VALUES ($1, $2, $3, $4)', [x.nodeId, x.publicKey, x.name, x.registeredAtMs]);
  }

  async nodes(): Promise<NodeRow[]> {
    return (await this.pool.query('SELECT * FROM nodes ORDER BY node_id')).rows.map((r) => this.toNode(r));
  }

  async existing(nodeId: string, seqs: readonly number[]) {
    const out = new Map<number, { hash: Buffer; idempotencyKey: string; prevHash: Buffer }>();
    if (seqs.length === 0) return out;
    const { rows } = await this.pool.query('SELECT seq, hash, idempotency_key, prev_hash FROM records WHERE node_id = $1 AND seq = ANY($2::bigint[])', [nodeId, seqs]);
    for (const r of rows) out.set(n(r.seq), { hash: r.hash, idempotencyKey: r.idempotency_key, prevHash: r.prev_hash });
    return out;
  }

  async seqsByKey(nodeId: string, keys: readonly string[]) {
    const { rows } = await this.pool.query('SELECT idempotency_key, seq FROM records WHERE node_id = $1 AND idempotency_key = ANY($2::text[])', [nodeId, keys]);
    return new Map(rows.map((r) => [r.idempotency_key as string, n(r.seq)]));
  }

  async commit(nodeId: string, records: readonly StoredRecord[], rejections: readonly RejectionRow[], links: ReadonlyArray<{ seq: number; ok: boolean }>): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const c0 = n((await client.query('SELECT contiguous FROM nodes WHERE node_id = $1 FOR UPDATE', [nodeId])).rows[0]?.contiguous);
      if (records.length > 0) {
        // One multi-row insert per batch via unnest: a round trip per record would cap throughput.
        await client.query(`INSERT INTO records (node_id, seq, idempotency_key, kind, lane, created_at_ms, received_at_ms, payload, payload_sha256, prev_hash, hash, clock_suspect, evicted, link_ok)
          SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::bigint[], $8::text[], $9::bytea[], $10::bytea[], $11::bytea[], $12::bool[], $13::bool[], $14::bool[])
          ON CONFLICT DO NOTHING`, [nodeId,
          records.map((r) => r.seq), records.map((r) => r.idempotencyKey), records.map((r) => r.kind), records.map((r) => r.lane),
          records.map((r) => r.createdAtMs), records.map((r) => r.receivedAtMs), records.map((r) => r.payload), records.map((r) => r.payloadSha256),
          records.map((r) => r.prevHash), records.map((r) => r.hash), records.map((r) => r.clockSuspect), records.map((r) => r.evicted), records.map((r) => r.linkOk)]);
        await client.query('DELETE FROM rejections WHERE node_id = $1 AND seq = ANY($2::bigint[])', [nodeId, records.map((r) => r.seq)]);
      }
      for (const x of rejections) {
        await client.query(`INSERT INTO rejections (node_id, seq, code, reason, at_ms) VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT (node_id, seq) DO UPDATE SET code = excluded.code, reason = excluded.reason, at_ms = excluded.at_ms`, [x.nodeId, x.seq, x.code, x.reason, x.atMs]);
      }
      for (const l of links) await client.query('UPDATE records SET link_ok = $1 WHERE node_id = $2 AND seq = $3', [l.ok, nodeId, l.seq]);
      let c = c0;
      for (;;) {
        const { rows } = await client.query('SELECT seq FROM records WHERE node_id = $1 AND seq > $2 ORDER BY seq LIMIT 2000', [nodeId, c]);
        let advanced = 0;
        for (const r of rows) {
          if (n(r.seq) !== c + 1) break;
          c++;
          advanced++;
        }
        if (advanced < rows.length || rows.length === 0) break;
      }
      await client.query('UPDATE nodes SET contiguous = $1 WHERE node_id = $2', [c, nodeId]);
      await client.query('COMMIT');
      return c;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async gaps(nodeId: string): Promise<Gap[]> {
    const { rows } = await this.pool.query(`SELECT prev + 1 AS from, seq - 1 AS to FROM
      (SELECT seq, LAG(seq, 1, 0::bigint) OVER (ORDER BY seq) AS prev FROM records WHERE node_id = $1) t WHERE seq > prev + 1 ORDER BY seq`, [nodeId]);
    return rows.map((r) => ({ from: n(r.from), to: n(r.to) }));
  }

  async summary(nodeId: string) {
    const { rows } = await this.pool.query(`SELECT COUNT(*) AS records, COALESCE(MAX(seq), 0) AS max_seq,
      COUNT(*) FILTER (WHERE link_ok IS NULL AND seq > 1) AS pending, COUNT(*) FILTER (WHERE link_ok = false) AS broken,
      COUNT(*) FILTER (WHERE clock_suspect) AS suspect, COUNT(*) FILTER (WHERE evicted) AS evicted FROM records WHERE node_id = $1`, [nodeId]);
    const r = rows[0];
    const rejected = n((await this.pool.query('SELECT COUNT(*) AS c FROM rejections WHERE node_id = $1', [nodeId])).rows[0]?.c);
    return { records: n(r.records), maxSeq: n(r.max_seq), pendingLinks: n(r.pending), brokenLinks: n(r.broken), clockSuspect: n(r.suspect), evicted: n(r.evicted), rejected };
  }

  async lateCandidates(nodeId: string, minMs: number, limit: number) {
    const { rows } = await this.pool.query(`SELECT seq, kind, idempotency_key, created_at_ms, received_at_ms FROM records
      WHERE node_id = $1 AND received_at_ms - created_at_ms > $2 ORDER BY seq LIMIT $3`, [nodeId, minMs, limit]);
    return rows.map((r) => ({ seq: n(r.seq), kind: r.kind as string, idempotencyKey: r.idempotency_key as string, createdAtMs: n(r.created_at_ms), receivedAtMs: n(r.received_at_ms) }));
  }

  async countByKey(nodeId: string): Promise<Map<string, number>> {
    const { rows } = await this.pool.query('SELECT idempotency_key, COUNT(*) AS c FROM records WHERE node_id = $1 GROUP BY idempotency_key', [nodeId]);
    return new Map(rows.map((r) => [r.idempotency_key as string, n(r.c)]));
  }

  async record(nodeId: string, seq: number): Promise<StoredRecord | null> {
    const { rows } = await this.pool.query('SELECT * FROM records WHERE node_id = $1 AND seq = $2', [nodeId, seq]);
    const r = rows[0];
    if (!r) return null;
    return {
      nodeId: r.node_id, seq: n(r.seq), idempotencyKey: r.idempotency_key, kind: r.kind, lane: r.lane, createdAtMs: n(r.created_at_ms),
      receivedAtMs: n(r.received_at_ms), payload: r.payload, payloadSha256: r.payload_sha256, prevHash: r.prev_hash, hash: r.hash,
      clockSuspect: r.clock_suspect, evicted: r.evicted, linkOk: r.link_ok,
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
