import type { CentralStore, Gap, NodeRow, RejectionRow, StoredRecord } from '../domain/central-store.js';
import type { Logger } from '../logger.js';
import { openDatabase, type Sqlite } from './database.js';
import { SqliteCentralPhotos } from './central-photos-sqlite.js';
import { SqliteCentralReviews } from './central-reviews.js';
import { CENTRAL_MIGRATIONS } from './central-schema.js';

type RecordRow = Omit<StoredRecord, 'clockSuspect' | 'evicted' | 'linkOk' | 'retired'> & {
  clockSuspect: number;
  evicted: number;
  linkOk: number | null;
  retired: number;
};
const fromRow = (r: RecordRow): StoredRecord => ({
  ...r,
  clockSuspect: r.clockSuspect === 1,
  evicted: r.evicted === 1,
  linkOk: r.linkOk === null ? null : r.linkOk === 1,
  retired: r.retired === 1,
});
const RECORD_COLUMNS = `node_id AS nodeId, seq, idempotency_key AS idempotencyKey, kind, lane, created_at_ms AS createdAtMs, received_at_ms AS receivedAtMs,
  payload, payload_sha256 AS payloadSha256, prev_hash AS prevHash, hash, clock_suspect AS clockSuspect, evicted, link_ok AS linkOk,
  retired, retired_reason AS retiredReason`;

/** Skips clearing rejections for a node that never had any: the common case, and a delete per record otherwise. */
function rejectedBefore(db: Sqlite, nodeId: string): boolean {
  return db.prepare('SELECT 1 FROM rejections WHERE node_id = ? LIMIT 1').get(nodeId) !== undefined;
}

/** The reference central's records in SQLite (the default for one site or a test). */
const NODE_COLUMNS = `node_id AS nodeId, public_key AS publicKey, name, registered_at_ms AS registeredAtMs, contiguous,
  utc_offset_minutes AS utcOffsetMinutes, revoked_at_ms AS revokedAtMs, revoked_reason AS revokedReason`;

export class SqliteCentralStore implements CentralStore {
  readonly kind = 'sqlite' as const;
  readonly photos: SqliteCentralPhotos;
  readonly reviews: SqliteCentralReviews;
  private readonly db: Sqlite;
  // One database connection in one process: a queue per node is the lock.
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(file: string, log: Logger) {
    this.db = openDatabase(file, { busyTimeoutMs: 5000, migrations: CENTRAL_MIGRATIONS }, log);
    this.photos = new SqliteCentralPhotos(this.db);
    this.reviews = new SqliteCentralReviews(this.db);
  }

  async init(): Promise<void> {}

  async exclusive<T>(nodeId: string, fn: (store: CentralStore) => Promise<T>): Promise<T> {
    const prior = this.queues.get(nodeId) ?? Promise.resolve();
    const run = prior.catch(() => undefined).then(() => fn(this));
    this.queues.set(nodeId, run);
    try {
      return await run;
    } finally {
      if (this.queues.get(nodeId) === run) this.queues.delete(nodeId);
    }
  }

  async replaceNodeKey(nodeId: string, publicKey: Buffer, atMs: number): Promise<void> {
    this.db
      .transaction(() => {
        this.db
          .prepare(
            'INSERT INTO node_keys (node_id, public_key, retired_at_ms) SELECT node_id, public_key, ? FROM nodes WHERE node_id = ?',
          )
          .run(atMs, nodeId);
        this.db.prepare('UPDATE nodes SET public_key = ? WHERE node_id = ?').run(publicKey, nodeId);
      })
      .immediate();
  }

  async addEnrolmentToken(
    nodeId: string,
    tokenSha256: Buffer,
    createdAtMs: number,
    expiresAtMs: number,
  ): Promise<void> {
    this.db
      .prepare('INSERT INTO enrolment_tokens (node_id, token_sha256, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)')
      .run(nodeId, tokenSha256, createdAtMs, expiresAtMs);
  }

  async useEnrolmentToken(nodeId: string, tokenSha256: Buffer, atMs: number): Promise<boolean> {
    return (
      this.db
        .prepare(
          'UPDATE enrolment_tokens SET used_at_ms = ? WHERE node_id = ? AND token_sha256 = ? AND used_at_ms IS NULL AND expires_at_ms > ?',
        )
        .run(atMs, nodeId, tokenSha256, atMs).changes === 1
    );
  }

  async retired(nodeId: string): Promise<Array<{ seq: number; kind: string; reason: string }>> {
    return this.db
      .prepare(
        "SELECT seq, kind, COALESCE(retired_reason, '') AS reason FROM records WHERE node_id = ? AND retired = 1 ORDER BY seq",
      )
      .all(nodeId) as Array<{ seq: number; kind: string; reason: string }>;
  }

  async node(nodeId: string): Promise<NodeRow | null> {
    return (
      (this.db.prepare(`SELECT ${NODE_COLUMNS} FROM nodes WHERE node_id = ?`).get(nodeId) as NodeRow | undefined) ??
      null
    );
  }

  async setNodeUtcOffset(nodeId: string, minutes: number): Promise<void> {
    this.db.prepare('UPDATE nodes SET utc_offset_minutes = ? WHERE node_id = ?').run(minutes, nodeId);
  }

  async setNodeRevoked(nodeId: string, revoked: { atMs: number; reason: string } | null): Promise<void> {
    this.db
      .prepare('UPDATE nodes SET revoked_at_ms = ?, revoked_reason = ? WHERE node_id = ?')
      .run(revoked?.atMs ?? null, revoked?.reason ?? null, nodeId);
  }

  async insertNode(
    n: Omit<NodeRow, 'contiguous' | 'utcOffsetMinutes' | 'revokedAtMs' | 'revokedReason'>,
  ): Promise<boolean> {
    return (
      this.db
        .prepare(
          'INSERT INTO nodes (node_id, public_key, name, registered_at_ms, contiguous) VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING',
        )
        .run(n.nodeId, n.publicKey, n.name, n.registeredAtMs).changes === 1
    );
  }

  async nodes(): Promise<NodeRow[]> {
    return this.db.prepare(`SELECT ${NODE_COLUMNS} FROM nodes ORDER BY node_id`).all() as NodeRow[];
  }

  async existing(nodeId: string, seqs: readonly number[]) {
    const out = new Map<number, { hash: Buffer; idempotencyKey: string; prevHash: Buffer }>();
    if (seqs.length === 0) return out;
    const rows = this.db
      .prepare(`SELECT seq, hash, idempotency_key AS idempotencyKey, prev_hash AS prevHash FROM records
      WHERE node_id = ? AND seq IN (SELECT value FROM json_each(?))`)
      .all(nodeId, JSON.stringify(seqs)) as Array<{
      seq: number;
      hash: Buffer;
      idempotencyKey: string;
      prevHash: Buffer;
    }>;
    for (const r of rows) out.set(r.seq, r);
    return out;
  }

  async seqsByKey(nodeId: string, keys: readonly string[]) {
    const rows = this.db
      .prepare(
        `SELECT idempotency_key AS k, seq FROM records WHERE node_id = ? AND idempotency_key IN (SELECT value FROM json_each(?))`,
      )
      .all(nodeId, JSON.stringify(keys)) as Array<{ k: string; seq: number }>;
    return new Map(rows.map((r) => [r.k, r.seq]));
  }

  async commit(
    nodeId: string,
    records: readonly StoredRecord[],
    rejections: readonly RejectionRow[],
    links: ReadonlyArray<{ seq: number; ok: boolean }>,
  ): Promise<number> {
    const ins =
      this.db.prepare(`INSERT INTO records (node_id, seq, idempotency_key, kind, lane, created_at_ms, received_at_ms, payload, payload_sha256, prev_hash, hash,
      clock_suspect, evicted, link_ok, retired, retired_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    const rej = this.db.prepare(
      'INSERT OR REPLACE INTO rejections (node_id, seq, code, reason, at_ms) VALUES (?, ?, ?, ?, ?)',
    );
    const unrej = this.db.prepare('DELETE FROM rejections WHERE node_id = ? AND seq = ?');
    const link = this.db.prepare('UPDATE records SET link_ok = ? WHERE node_id = ? AND seq = ?');
    const next = this.db.prepare('SELECT seq FROM records WHERE node_id = ? AND seq > ? ORDER BY seq LIMIT 2000');
    return this.db
      .transaction(() => {
        for (const r of records) {
          ins.run(
            r.nodeId,
            r.seq,
            r.idempotencyKey,
            r.kind,
            r.lane,
            r.createdAtMs,
            r.receivedAtMs,
            r.payload,
            r.payloadSha256,
            r.prevHash,
            r.hash,
            r.clockSuspect ? 1 : 0,
            r.evicted ? 1 : 0,
            r.linkOk === null ? null : r.linkOk ? 1 : 0,
            r.retired ? 1 : 0,
            r.retiredReason,
          );
        }
        if (rejectedBefore(this.db, nodeId)) for (const r of records) unrej.run(nodeId, r.seq);
        for (const x of rejections) rej.run(x.nodeId, x.seq, x.code, x.reason, x.atMs);
        for (const l of links) link.run(l.ok ? 1 : 0, nodeId, l.seq);
        let c = (
          this.db.prepare('SELECT contiguous FROM nodes WHERE node_id = ?').get(nodeId) as { contiguous: number }
        ).contiguous;
        for (;;) {
          const seqs = next.all(nodeId, c) as Array<{ seq: number }>;
          let advanced = 0;
          for (const { seq } of seqs) {
            if (seq !== c + 1) break;
            c = seq;
            advanced++;
          }
          if (advanced < seqs.length || seqs.length === 0) break;
        }
        this.db.prepare('UPDATE nodes SET contiguous = ? WHERE node_id = ?').run(c, nodeId);
        return c;
      })
      .immediate();
  }

  async gaps(nodeId: string): Promise<Gap[]> {
    const rows = this.db
      .prepare(`SELECT seq, LAG(seq, 1, 0) OVER (ORDER BY seq) AS prev FROM records WHERE node_id = ?`)
      .iterate(nodeId) as IterableIterator<{ seq: number; prev: number }>;
    const gaps: Gap[] = [];
    for (const r of rows) if (r.seq > r.prev + 1) gaps.push({ from: r.prev + 1, to: r.seq - 1 });
    return gaps;
  }

  async summary(nodeId: string) {
    const s = this.db
      .prepare(`SELECT COUNT(*) AS records, COALESCE(MAX(seq), 0) AS maxSeq,
        COALESCE(SUM(link_ok IS NULL AND seq > 1), 0) AS pendingLinks, COALESCE(SUM(link_ok = 0), 0) AS brokenLinks,
        COALESCE(SUM(clock_suspect), 0) AS clockSuspect, COALESCE(SUM(evicted), 0) AS evicted,
        COALESCE(SUM(retired), 0) AS retired FROM records WHERE node_id = ?`)
      .get(nodeId) as {
      records: number;
      maxSeq: number;
      pendingLinks: number;
      brokenLinks: number;
      clockSuspect: number;
      evicted: number;
      retired: number;
    };
    const rejected = (
      this.db.prepare('SELECT COUNT(*) AS n FROM rejections WHERE node_id = ?').get(nodeId) as { n: number }
    ).n;
    return { ...s, rejected };
  }

  async countsByKind(nodeId: string): Promise<Record<string, number>> {
    const rows = this.db
      .prepare('SELECT kind, COUNT(*) AS n FROM records WHERE node_id = ? GROUP BY kind ORDER BY kind')
      .all(nodeId) as Array<{ kind: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  }

  async lateCandidates(nodeId: string, minMs: number, limit: number) {
    return this.db
      .prepare(`SELECT seq, kind, idempotency_key AS idempotencyKey, created_at_ms AS createdAtMs, received_at_ms AS receivedAtMs
      FROM records WHERE node_id = ? AND received_at_ms - created_at_ms > ? ORDER BY seq LIMIT ?`)
      .all(nodeId, minMs, limit) as Array<
      Pick<StoredRecord, 'seq' | 'kind' | 'idempotencyKey' | 'createdAtMs' | 'receivedAtMs'>
    >;
  }

  async countByKey(nodeId: string): Promise<Map<string, number>> {
    const rows = this.db
      .prepare('SELECT idempotency_key AS k, COUNT(*) AS n FROM records WHERE node_id = ? GROUP BY idempotency_key')
      .all(nodeId) as Array<{ k: string; n: number }>;
    return new Map(rows.map((r) => [r.k, r.n]));
  }

  async record(nodeId: string, seq: number): Promise<StoredRecord | null> {
    const r = this.db.prepare(`SELECT ${RECORD_COLUMNS} FROM records WHERE node_id = ? AND seq = ?`).get(nodeId, seq) as
      | RecordRow
      | undefined;
    return r ? fromRow(r) : null;
  }

  async latestPayload(nodeId: string, kind: string): Promise<string | null> {
    const r = this.db
      .prepare(
        'SELECT payload FROM records WHERE node_id = ? AND kind = ? AND payload IS NOT NULL ORDER BY created_at_ms DESC, seq DESC LIMIT 1',
      )
      .pluck()
      .get(nodeId, kind) as string | Buffer | undefined;
    return r === undefined ? null : String(r);
  }

  async payloads(nodeId: string, kind: string, limit: number): Promise<string[]> {
    const rows = this.db
      .prepare(
        'SELECT payload FROM records WHERE node_id = ? AND kind = ? AND payload IS NOT NULL ORDER BY created_at_ms DESC, seq DESC LIMIT ?',
      )
      .pluck()
      .all(nodeId, kind, limit) as Array<string | Buffer>;
    return rows.map(String);
  }

  async page(
    nodeId: string,
    kind: string,
    afterSeq: number,
    limit: number,
  ): Promise<Array<{ seq: number; createdAtMs: number; payload: string }>> {
    const rows = this.db
      .prepare(
        `SELECT seq, created_at_ms AS createdAtMs, payload FROM records
         WHERE node_id = ? AND kind = ? AND seq > ? AND evicted = 0 AND retired = 0 ORDER BY seq LIMIT ?`,
      )
      .all(nodeId, kind, afterSeq, limit) as Array<{ seq: number; createdAtMs: number; payload: string | Buffer }>;
    return rows.map((r) => ({ seq: r.seq, createdAtMs: r.createdAtMs, payload: String(r.payload) }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
