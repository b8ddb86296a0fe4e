import { createHash } from 'node:crypto';
import type { Sqlite } from './database.js';

export interface AuditEntry {
  atMs: number;
  /** Username, or "anonymous" for a refused login, or "system". */
  actor: string;
  role: string | null;
  /** What was done: "POST /api/v1/inspections", "login", ... */
  action: string;
  /** The object acted on (a target, a record, a user), when there is one. */
  target: string | null;
  detail: Record<string, unknown>;
}

export interface AuditRow extends AuditEntry {
  seq: number;
  hash: string;
}

const GENESIS: Buffer = Buffer.alloc(32);

function field(s: string | null): Buffer {
  const b = Buffer.from(s ?? '', 'utf8');
  const len = Buffer.alloc(5);
  len.writeUInt8(s === null ? 0 : 1, 0);
  len.writeUInt32BE(b.length, 1);
  return Buffer.concat([len, b]);
}

/**
 * hash = SHA-256("KAKOU-AUDIT-1" || u64be seq || i64be at_ms || actor || role || action || target ||
 * detail || prev_hash), each text field as a presence byte, a u32be length and UTF-8 bytes.
 */
export function auditHash(seq: number, e: AuditEntry, detailJson: string, prev: Buffer): Buffer {
  const head = Buffer.alloc(16);
  head.writeBigUInt64BE(BigInt(seq), 0);
  head.writeBigInt64BE(BigInt(e.atMs), 8);
  return createHash('sha256')
    .update(
      Buffer.concat([
        Buffer.from('KAKOU-AUDIT-1', 'ascii'),
        head,
        field(e.actor),
        field(e.role),
        field(e.action),
        field(e.target),
        field(detailJson),
        prev,
      ]),
    )
    .digest();
}

interface Row {
  seq: number;
  at_ms: number;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  detail: string;
  prev_hash: Buffer;
  hash: Buffer;
}

/** The append-only, hash-chained audit log: every state-changing action of every user. */
export class AuditRepo {
  private readonly q;

  constructor(private readonly db: Sqlite) {
    this.q = {
      last: db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare(
        'INSERT INTO audit (seq, at_ms, actor, role, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      page: db.prepare('SELECT * FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT ?'),
      all: db.prepare('SELECT * FROM audit ORDER BY seq'),
    };
  }

  append(e: AuditEntry): number {
    return this.db
      .transaction(() => {
        const last = this.q.last.get() as { seq: number; hash: Buffer } | undefined;
        const seq = (last?.seq ?? 0) + 1;
        const detail = JSON.stringify(e.detail);
        const prev = last?.hash ?? GENESIS;
        this.q.insert.run(
          seq,
          e.atMs,
          e.actor,
          e.role,
          e.action,
          e.target,
          detail,
          prev,
          auditHash(seq, e, detail, prev),
        );
        return seq;
      })
      .immediate();
  }

  /** Newest first, `limit` entries before sequence number `before`. */
  page(limit: number, before = Number.MAX_SAFE_INTEGER): AuditRow[] {
    return (this.q.page.all(before, limit) as Row[]).map((r) => ({
      seq: r.seq,
      atMs: r.at_ms,
      actor: r.actor,
      role: r.role,
      action: r.action,
      target: r.target,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      hash: r.hash.toString('hex'),
    }));
  }

  /**
   * Walks the whole chain: each row must link to the one before and hash to what it says, and the
   * sequence must have no gap. Returns the first break, if any.
   */
  verify(): { ok: boolean; checked: number; brokenAt: number | null; problem: string | null } {
    let prev: Buffer = GENESIS;
    let expected = 1;
    let checked = 0;
    for (const r of this.q.all.iterate() as IterableIterator<Row>) {
      const fail = (problem: string) => ({ ok: false, checked, brokenAt: r.seq, problem });
      if (r.seq !== expected) return fail(`entry ${expected} is missing`);
      if (!r.prev_hash.equals(prev)) return fail('does not link to the entry before it');
      const e: AuditEntry = {
        atMs: r.at_ms,
        actor: r.actor,
        role: r.role,
        action: r.action,
        target: r.target,
        detail: {},
      };
      if (!auditHash(r.seq, e, r.detail, r.prev_hash).equals(r.hash))
        return fail('its content does not match its hash');
      prev = r.hash;
      expected++;
      checked++;
    }
    return { ok: true, checked, brokenAt: null, problem: null };
  }
}
