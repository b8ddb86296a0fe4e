import { recordHash, sha256 } from '../domain/record-chain.js';
import { RECORD_KINDS, type RecordKind } from '../domain/record-kinds.js';
import type { Sqlite } from './database.js';

/** Lane 0 is drained first: inspection records and disputes, then decisions and alarms, then telemetry. */
export type OutboxLane = 0 | 1 | 2;

/** sync_state key: the highest watermark the central has acknowledged (delivered-repo.ts reads it too). */
export const CENTRAL_ACKED = 'central_acked';

/** The columns a delivered record keeps: all of its outbox row but the attempts. */
const KEPT = `seq, kind, idempotency_key, lane, payload, payload_sha256, created_at_ms, clock_suspect, evicted, prev_hash,
  hash, retired, retired_reason`;

/** A wall clock more than this far behind the previous record's is a backward jump. */
const BACKWARD_JUMP_MS = 60_000;

export interface NewOutboxRow {
  kind: string;
  idempotencyKey: string;
  lane: OutboxLane;
  /** The record as JSON. */
  payload: string;
  createdAtMs: number;
  /** Set by the caller when its monotonic clock disagrees with the wall clock. */
  clockSuspect?: boolean;
}

export interface OutboxRow {
  seq: number;
  kind: string;
  idempotencyKey: string;
  lane: OutboxLane;
  payload: string;
  payloadSha256: Buffer;
  createdAtMs: number;
  clockSuspect: boolean;
  evicted: boolean;
  prevHash: Buffer;
  hash: Buffer;
  attempts: number;
  /** A tombstone standing for a record the central refused for good, with the refusal. */
  retired: boolean;
  retiredReason: string | null;
}

export interface DeadLetter extends OutboxRow {
  code: string;
  reason: string;
  failedAtMs: number;
  /** When its tombstone was queued; null while it waits for an administrator. */
  retiredAtMs: number | null;
}

const COLUMNS = `seq, kind, idempotency_key AS idempotencyKey, lane, payload, payload_sha256 AS payloadSha256,
  created_at_ms AS createdAtMs, clock_suspect AS clockSuspect, evicted, prev_hash AS prevHash, hash`;

type RawRow = Omit<OutboxRow, 'clockSuspect' | 'evicted' | 'retired'> & {
  clockSuspect: number;
  evicted: number;
  retired: number;
};
const fromRaw = <T extends RawRow>(r: T) => ({
  ...r,
  clockSuspect: r.clockSuspect === 1,
  evicted: r.evicted === 1,
  retired: r.retired === 1,
});

/**
 * Appends a record to the outbox within the caller's transaction: the next sequence number, the
 * payload digest and the chain link are fixed here, once, whatever order delivery happens in.
 */
const statements = new WeakMap<Sqlite, ReturnType<typeof prepareAppend>>();

function prepareAppend(db: Sqlite) {
  return {
    head: db.prepare('SELECT seq, hash, wall_ms AS wallMs FROM chain_head WHERE id = 1'),
    insert:
      db.prepare(`INSERT INTO outbox (seq, kind, idempotency_key, lane, payload, payload_sha256, created_at_ms, clock_suspect, prev_hash, hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    advance: db.prepare('UPDATE chain_head SET seq = ?, hash = ?, wall_ms = MAX(wall_ms, ?) WHERE id = 1'),
  };
}

export function appendToOutbox(db: Sqlite, row: NewOutboxRow): { seq: number; hash: Buffer } {
  let st = statements.get(db);
  if (!st) {
    st = prepareAppend(db);
    statements.set(db, st);
  }
  const known = RECORD_KINDS[row.kind as RecordKind] as { lane: number } | undefined;
  if (known && known.lane !== row.lane)
    throw new Error(`a ${row.kind} record goes in lane ${known.lane}, not ${row.lane} (src/domain/record-kinds.ts)`);
  const head = st.head.get() as { seq: number; hash: Buffer; wallMs: number };
  const seq = head.seq + 1;
  // The hash must cover exactly the bytes that go on the wire: protobuf and Buffer encode a lone
  // surrogate differently, so text is made well-formed before it is hashed, stored or sent.
  const idempotencyKey = row.idempotencyKey.toWellFormed();
  const kind = row.kind.toWellFormed();
  const payload = row.payload.toWellFormed();
  const payloadSha256 = sha256(payload);
  const clockSuspect = row.clockSuspect === true || row.createdAtMs < head.wallMs - BACKWARD_JUMP_MS;
  const hash = recordHash({
    seq,
    idempotencyKey,
    kind,
    createdAtMs: row.createdAtMs,
    clockSuspect,
    payloadSha256,
    prevHash: head.hash,
  });
  st.insert.run(
    seq,
    kind,
    idempotencyKey,
    row.lane,
    payload,
    payloadSha256,
    row.createdAtMs,
    clockSuspect ? 1 : 0,
    head.hash,
    hash,
  );
  st.advance.run(seq, hash, row.createdAtMs);
  return { seq, hash };
}

export interface OutboxStats {
  lane: number;
  count: number;
  oldestMs: number | null;
  bytes: number;
}

/** The outbox as the sync worker sees it: peek in priority order, delete on acknowledgement, dead-letter on rejection. */
export class OutboxRepo {
  constructor(private readonly db: Sqlite) {}

  append(row: NewOutboxRow): { seq: number; hash: Buffer } {
    return this.db.transaction(() => appendToOutbox(this.db, row)).immediate();
  }

  /** Appends many rows in one transaction (bulk loads, benchmarks). */
  appendMany(rows: Iterable<NewOutboxRow>): number {
    return this.db
      .transaction(() => {
        let n = 0;
        for (const row of rows) {
          appendToOutbox(this.db, row);
          n++;
        }
        return n;
      })
      .immediate();
  }

  stats(): OutboxStats[] {
    return this.db
      .prepare(
        'SELECT lane, COUNT(*) AS count, MIN(created_at_ms) AS oldestMs, SUM(LENGTH(payload)) AS bytes FROM outbox GROUP BY lane ORDER BY lane',
      )
      .all() as OutboxStats[];
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  }

  /** Up to `limit` rows, highest-priority lane first, oldest first within a lane, skipping `exclude` (rows in flight). */
  peek(limit: number, exclude: readonly number[] = []): OutboxRow[] {
    const rows =
      exclude.length === 0
        ? this.db
            .prepare(
              `SELECT ${COLUMNS}, attempts, retired, retired_reason AS retiredReason FROM outbox ORDER BY lane, seq LIMIT ?`,
            )
            .all(limit)
        : this.db
            .prepare(
              `SELECT ${COLUMNS}, attempts, retired, retired_reason AS retiredReason FROM outbox WHERE seq NOT IN (SELECT value FROM json_each(?)) ORDER BY lane, seq LIMIT ?`,
            )
            .all(JSON.stringify(exclude), limit);
    return (rows as RawRow[]).map(fromRaw);
  }

  /**
   * Moves acknowledged rows to the delivered archive (telemetry excepted) and records the batch
   * counter and the central's watermark, in one transaction. `regressedFrom` is the watermark the
   * central acknowledged before when this one is lower: the central lost records it had stored.
   */
  acknowledge(
    seqs: readonly number[],
    ack: { batchSeq: number; centralContiguous: number; nowMs: number },
  ): { removed: number; regressedFrom: number | null } {
    return this.db
      .transaction(() => {
        const list = JSON.stringify(seqs);
        this.db
          .prepare(`INSERT OR REPLACE INTO delivered (${KEPT}, acked_at_ms)
            SELECT ${KEPT}, ? FROM outbox WHERE lane < 2 AND seq IN (SELECT value FROM json_each(?))`)
          .run(ack.nowMs, list);
        const removed = this.db
          .prepare('DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))')
          .run(list).changes;
        this.setState('batch_seq', String(ack.batchSeq));
        const before = Number(this.getState(CENTRAL_ACKED) ?? '0');
        if (ack.centralContiguous > before) this.setState(CENTRAL_ACKED, String(ack.centralContiguous));
        return { removed, regressedFrom: ack.centralContiguous < before ? before : null };
      })
      .immediate();
  }

  noteAttempt(seqs: readonly number[], error: string | null): void {
    const upd = this.db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?');
    this.db
      .transaction(() => {
        for (const s of seqs) upd.run(error, s);
      })
      .immediate();
  }

  /** Moves a rejected row to the dead-letter list with the central's reason. */
  deadLetter(seq: number, code: string, reason: string, now: number): void {
    this.db
      .transaction(() => {
        this.db
          .prepare(`INSERT OR REPLACE INTO dead_letters (seq, kind, idempotency_key, lane, payload, payload_sha256, created_at_ms, clock_suspect, evicted, prev_hash, hash, code, reason, failed_at_ms)
        SELECT seq, kind, idempotency_key, lane, payload, payload_sha256, created_at_ms, clock_suspect, evicted, prev_hash, hash, ?, ?, ? FROM outbox WHERE seq = ?`)
          .run(code, reason, now, seq);
        this.db.prepare('DELETE FROM outbox WHERE seq = ?').run(seq);
      })
      .immediate();
  }

  /** Dead letters, oldest first; `waiting` only those no tombstone has retired yet. */
  deadLetters(limit = 200, waiting = false): DeadLetter[] {
    return (
      this.db
        .prepare(`SELECT ${COLUMNS}, 0 AS attempts, 0 AS retired, NULL AS retiredReason, code, reason, failed_at_ms AS failedAtMs, retired_at_ms AS retiredAtMs
      FROM dead_letters ${waiting ? 'WHERE retired_at_ms IS NULL' : ''} ORDER BY seq LIMIT ?`)
        .all(limit) as Array<RawRow & { code: string; reason: string; failedAtMs: number; retiredAtMs: number | null }>
    ).map(fromRaw);
  }

  /** Puts a dead letter back in the outbox, unchanged (same seq, same chain link); not one already retired. */
  retryDeadLetter(seq: number): boolean {
    return this.db
      .transaction(() => {
        const moved = this.db
          .prepare(`INSERT INTO outbox (seq, kind, idempotency_key, lane, payload, payload_sha256, created_at_ms, clock_suspect, evicted, prev_hash, hash)
        SELECT seq, kind, idempotency_key, lane, payload, payload_sha256, created_at_ms, clock_suspect, evicted, prev_hash, hash FROM dead_letters
        WHERE seq = ? AND retired_at_ms IS NULL`)
          .run(seq).changes;
        if (moved === 1) this.db.prepare('DELETE FROM dead_letters WHERE seq = ?').run(seq);
        return moved === 1;
      })
      .immediate();
  }

  /**
   * Retires a dead letter that can never be delivered: a tombstone with its chain fields (and no
   * payload) goes up in its place, so the chain at the central runs on and shows the gap with its
   * reason. The record itself stays in the dead-letter list, never deleted.
   */
  retireDeadLetter(seq: number, reason: string, now: number): boolean {
    return this.db
      .transaction(() => {
        const moved = this.db
          .prepare(`INSERT INTO outbox (seq, kind, idempotency_key, lane, payload, payload_sha256, created_at_ms, clock_suspect, evicted, prev_hash, hash, retired, retired_reason)
        SELECT seq, kind, idempotency_key, lane, '', payload_sha256, created_at_ms, clock_suspect, evicted, prev_hash, hash, 1, ? FROM dead_letters
        WHERE seq = ? AND retired_at_ms IS NULL`)
          .run(reason.slice(0, 500), seq).changes;
        if (moved === 1) this.db.prepare('UPDATE dead_letters SET retired_at_ms = ? WHERE seq = ?').run(now, seq);
        return moved === 1;
      })
      .immediate();
  }

  /** The central refused a tombstone too: it leaves the outbox and its dead letter waits for an administrator again, with the refusal. */
  tombstoneRefused(seq: number, code: string, reason: string, now: number): void {
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM outbox WHERE seq = ? AND retired = 1').run(seq);
        this.db
          .prepare('UPDATE dead_letters SET retired_at_ms = NULL, code = ?, reason = ?, failed_at_ms = ? WHERE seq = ?')
          .run(code, `tombstone refused: ${reason}`, now, seq);
      })
      .immediate();
  }

  /**
   * Keeps telemetry payloads within a byte budget by evicting the oldest ones. The row stays (its
   * seq, digest and chain link still go upstream), so the central sees an eviction, not a gap.
   * Lanes 0 and 1 are never touched.
   */
  evictTelemetry(budgetBytes: number): number {
    const used = (
      this.db
        .prepare('SELECT COALESCE(SUM(LENGTH(payload)), 0) AS b FROM outbox WHERE lane = 2 AND evicted = 0')
        .get() as { b: number }
    ).b;
    if (used <= budgetBytes) return 0;
    let excess = used - budgetBytes;
    const rows = this.db
      .prepare('SELECT seq, LENGTH(payload) AS len FROM outbox WHERE lane = 2 AND evicted = 0 ORDER BY seq')
      .iterate() as IterableIterator<{ seq: number; len: number }>;
    const victims: number[] = [];
    for (const r of rows) {
      if (excess <= 0) break;
      victims.push(r.seq);
      excess -= r.len;
    }
    const upd = this.db.prepare("UPDATE outbox SET payload = '', evicted = 1 WHERE seq = ? AND lane = 2");
    this.db
      .transaction(() => {
        for (const s of victims) upd.run(s);
      })
      .immediate();
    return victims.length;
  }

  chainHead(): { seq: number; hash: Buffer } {
    return this.db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as { seq: number; hash: Buffer };
  }

  getState(key: string): string | null {
    return (
      (this.db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined)
        ?.value ?? null
    );
  }

  setState(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }
}
