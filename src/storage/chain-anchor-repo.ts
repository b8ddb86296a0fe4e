import Database from 'better-sqlite3';
import { recordHash, sha256 } from '../domain/record-chain.js';
import type { Sqlite } from './database.js';
import type { NewOutboxRow } from './outbox-repo.js';

/** The sync_state key under which a restored database waits to be re-anchored at the central. */
export const RESTORE_KEY = 'restored_from_backup';

/** What a restore leaves for the uplink: where the backup's chain ended, and when it was taken and put back. */
export interface RestoreMark {
  restoredAtMs: number;
  backupCreatedAt: string;
  /** The chain head of the backup: records after it are the restored node's own, provisional until re-anchored. */
  backupHeadSeq: number;
  backupHeadHash: string;
}

/** Where the chain goes on after a restore, decided from the central's watermark (sync/restore-anchor.ts). */
export interface AnchorPlan {
  /** Backup records at or below the backup's head that the central already holds: not sent again. */
  held: (seq: number) => boolean;
  anchorSeq: number;
  anchorHash: Buffer;
  marker: NewOutboxRow;
}

interface Row {
  seq: number;
  kind: string;
  idempotencyKey: string;
  lane: number;
  payload: string;
  payloadSha256: Buffer;
  createdAtMs: number;
  clockSuspect: number;
  evicted: number;
  hash: Buffer;
}

/**
 * Marks a restored database copy (before it is put in place) as waiting to be re-anchored. A copy
 * that was itself still waiting keeps its earlier mark: records after that head are provisional too.
 */
export function markRestored(file: string, restoredAtMs: number, backupCreatedAt: string): RestoreMark {
  const db = new Database(file, { fileMustExist: true });
  try {
    const earlier = db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(RESTORE_KEY) as
      | string
      | undefined;
    const head = db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as { seq: number; hash: Buffer };
    const prior = earlier ? (JSON.parse(earlier) as RestoreMark) : null;
    const mark: RestoreMark = {
      restoredAtMs,
      backupCreatedAt,
      backupHeadSeq: prior?.backupHeadSeq ?? head.seq,
      backupHeadHash: prior?.backupHeadHash ?? head.hash.toString('hex'),
    };
    db.prepare(
      'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(RESTORE_KEY, JSON.stringify(mark));
    db.pragma('wal_checkpoint(TRUNCATE)');
    return mark;
  } finally {
    db.close();
  }
}

/**
 * Continues a restored node's chain after what the central holds: backup records the central
 * already has leave the outbox, a restore marker links to the anchor, and the records the restored
 * node made since are renumbered after the marker (their payloads unchanged, their links and
 * hashes recomputed, the inspection's stored hash with them). One transaction: all or nothing.
 */
export class ChainAnchorRepo {
  constructor(private readonly db: Sqlite) {}

  pending(): RestoreMark | null {
    const v = this.db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(RESTORE_KEY) as
      | string
      | undefined;
    return v ? (JSON.parse(v) as RestoreMark) : null;
  }

  reanchor(mark: RestoreMark, plan: AnchorPlan): { markerSeq: number; dropped: number; renumbered: number } {
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT seq, kind, idempotency_key AS idempotencyKey, lane, payload, payload_sha256 AS payloadSha256,
              created_at_ms AS createdAtMs, clock_suspect AS clockSuspect, evicted, hash FROM outbox ORDER BY seq`,
          )
          .all() as Row[];
        const del = this.db.prepare('DELETE FROM outbox WHERE seq = ?');
        let dropped = 0;
        const provisional: Row[] = [];
        for (const r of rows) {
          if (r.seq > mark.backupHeadSeq) provisional.push(r);
          else if (plan.held(r.seq)) dropped++;
          else continue;
          del.run(r.seq);
        }
        let head = { seq: plan.anchorSeq, hash: plan.anchorHash };
        const append = (r: Omit<Row, 'seq' | 'hash'>) => {
          const seq = head.seq + 1;
          const hash = recordHash({
            seq,
            idempotencyKey: r.idempotencyKey,
            kind: r.kind,
            createdAtMs: r.createdAtMs,
            clockSuspect: r.clockSuspect === 1,
            payloadSha256: r.payloadSha256,
            prevHash: head.hash,
          });
          this.db
            .prepare(`INSERT INTO outbox (seq, kind, idempotency_key, lane, payload, payload_sha256, created_at_ms,
              clock_suspect, evicted, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
            .run(
              seq,
              r.kind,
              r.idempotencyKey,
              r.lane,
              r.payload,
              r.payloadSha256,
              r.createdAtMs,
              r.clockSuspect,
              r.evicted,
              head.hash,
              hash,
            );
          head = { seq, hash };
          return hash;
        };
        const m = plan.marker;
        const payload = m.payload.toWellFormed();
        append({
          kind: m.kind,
          idempotencyKey: m.idempotencyKey.toWellFormed(),
          lane: m.lane,
          payload,
          payloadSha256: sha256(payload),
          createdAtMs: m.createdAtMs,
          clockSuspect: m.clockSuspect ? 1 : 0,
          evicted: 0,
        });
        const markerSeq = head.seq;
        const rehash = this.db.prepare('UPDATE inspections SET record_hash = ? WHERE record_hash = ?');
        for (const r of provisional) {
          const hash = append(r);
          if (r.kind === 'inspection') rehash.run(hash.toString('hex'), r.hash.toString('hex'));
        }
        this.db.prepare('UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1').run(head.seq, head.hash);
        this.db.prepare('DELETE FROM sync_state WHERE key = ?').run(RESTORE_KEY);
        return { markerSeq, dropped, renumbered: provisional.length };
      })
      .immediate();
  }
}
