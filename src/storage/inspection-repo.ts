import type { InspectionRecord } from '../domain/inspection.js';
import type { Sqlite } from './database.js';
import { appendToOutbox, type OutboxLane } from './outbox-repo.js';

interface Row {
  id: string;
  node_id: string;
  target_id: string;
  target_kind: 'vessel' | 'vehicle';
  target_name: string;
  officer: string;
  result: InspectionRecord['result'];
  action: InspectionRecord['action'];
  defects: string;
  notes: string | null;
  tier_at_decision: string | null;
  score_at_decision: number | null;
  created_at: string;
  off_list: InspectionRecord['offList'] | null;
  passage_id: string | null;
  called_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  amends: string | null;
  amendment: InspectionRecord['amendment'] | null;
  reason: string | null;
  reasons_at_decision: string | null;
}

/** The optional columns, each present on the record only when set. */
const OPTIONAL = [
  ['passage_id', 'passageId'],
  ['called_at', 'calledAt'],
  ['started_at', 'startedAt'],
  ['finished_at', 'finishedAt'],
  ['amends', 'amends'],
  ['amendment', 'amendment'],
  ['reason', 'reason'],
] as const;

const fromRow = (r: Row): InspectionRecord => {
  const record = baseOf(r);
  for (const [column, field] of OPTIONAL) if (r[column] !== null) Object.assign(record, { [field]: r[column] });
  if (r.reasons_at_decision !== null) record.reasonsAtDecision = JSON.parse(r.reasons_at_decision) as string[];
  return record;
};

const baseOf = (r: Row): InspectionRecord => ({
  id: r.id,
  nodeId: r.node_id,
  targetId: r.target_id,
  targetKind: r.target_kind,
  targetName: r.target_name,
  officer: r.officer,
  result: r.result,
  action: r.action,
  defects: JSON.parse(r.defects) as InspectionRecord['defects'],
  ...(r.notes !== null && { notes: r.notes }),
  tierAtDecision: r.tier_at_decision,
  scoreAtDecision: r.score_at_decision,
  createdAt: r.created_at,
  ...(r.off_list && { offList: r.off_list }),
});

/** Inspection records: written together with their outbox row, never updated in place, never evicted. */
export class InspectionRepo {
  private readonly insertStmt;
  private readonly byTargetStmt;
  private readonly recentStmt;
  private readonly getStmt;

  constructor(private readonly db: Sqlite) {
    this.insertStmt =
      db.prepare(`INSERT INTO inspections (id, node_id, target_id, target_kind, target_name, officer, result, action, defects, notes, tier_at_decision, score_at_decision, created_at, off_list,
        passage_id, called_at, started_at, finished_at, amends, amendment, reason, reasons_at_decision, record_hash)
      VALUES (@id, @nodeId, @targetId, @targetKind, @targetName, @officer, @result, @action, @defects, @notes, @tierAtDecision, @scoreAtDecision, @createdAt, @offList,
        @passageId, @calledAt, @startedAt, @finishedAt, @amends, @amendment, @reason, @reasonsAtDecision, @recordHash)`);
    this.byTargetStmt = db.prepare('SELECT * FROM inspections WHERE target_id = ? ORDER BY created_at DESC LIMIT ?');
    this.recentStmt = db.prepare('SELECT * FROM inspections ORDER BY created_at DESC LIMIT ?');
    this.getStmt = db.prepare('SELECT * FROM inspections WHERE id = ?');
  }

  /** Stores the record and its outbox row atomically: both or neither. */
  insertWithOutbox(record: InspectionRecord, lane: OutboxLane, clockSuspect = false): { seq: number } {
    return this.db
      .transaction(() => {
        const { seq, hash } = appendToOutbox(this.db, {
          kind: 'inspection',
          idempotencyKey: `${record.nodeId}:inspection:${record.id}`,
          lane,
          payload: JSON.stringify(record),
          createdAtMs: Date.parse(record.createdAt),
          clockSuspect,
        });
        const optional = Object.fromEntries(OPTIONAL.map(([, field]) => [field, record[field] ?? null]));
        this.insertStmt.run({
          ...record,
          ...optional,
          defects: JSON.stringify(record.defects),
          notes: record.notes ?? null,
          offList: record.offList ?? null,
          reasonsAtDecision: record.reasonsAtDecision ? JSON.stringify(record.reasonsAtDecision) : null,
          recordHash: hash.toString('hex'),
        });
        return { seq };
      })
      .immediate();
  }

  /**
   * Records a photo attached to an inspection, with its outbox row, in one transaction: its
   * SHA-256 joins the hash chain. Idempotent for the same photo; null when the record already
   * holds `max` photos.
   */
  attachPhoto(
    p: {
      inspectionId: string;
      nodeId: string;
      sha256: string;
      contentType: string;
      bytes: number;
      addedBy: string;
      addedAtMs: number;
    },
    max: number,
  ): 'attached' | 'already' | null {
    return this.db
      .transaction(() => {
        if (
          this.db
            .prepare('SELECT 1 FROM inspection_photos WHERE inspection_id = ? AND sha256 = ?')
            .get(p.inspectionId, p.sha256)
        )
          return 'already';
        const n = this.db
          .prepare('SELECT COUNT(*) FROM inspection_photos WHERE inspection_id = ?')
          .pluck()
          .get(p.inspectionId) as number;
        if (n >= max) return null;
        this.db
          .prepare(
            'INSERT INTO inspection_photos (inspection_id, sha256, content_type, bytes, added_by, added_at_ms) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(p.inspectionId, p.sha256, p.contentType, p.bytes, p.addedBy, p.addedAtMs);
        appendToOutbox(this.db, {
          kind: 'inspection-photo',
          idempotencyKey: `${p.nodeId}:inspection-photo:${p.inspectionId}:${p.sha256}`,
          lane: 0,
          payload: JSON.stringify({
            inspectionId: p.inspectionId,
            sha256: p.sha256,
            contentType: p.contentType,
            bytes: p.bytes,
            addedBy: p.addedBy,
            addedAt: new Date(p.addedAtMs).toISOString(),
          }),
          createdAtMs: p.addedAtMs,
        });
        return 'attached';
      })
      .immediate();
  }

  /** The photos attached to a record, in the order they were attached. */
  photos(inspectionId: string): Array<{ sha256: string; contentType: string; bytes: number; addedBy: string }> {
    return this.db
      .prepare(
        'SELECT sha256, content_type AS contentType, bytes, added_by AS addedBy FROM inspection_photos WHERE inspection_id = ? ORDER BY added_at_ms, rowid',
      )
      .all(inspectionId) as Array<{ sha256: string; contentType: string; bytes: number; addedBy: string }>;
  }

  /** The record's hash in the uplink chain (hex), as the central recomputes it; null for records from before it was kept. */
  recordHash(id: string): string | null {
    return (
      (this.db.prepare('SELECT record_hash FROM inspections WHERE id = ?').pluck().get(id) as string | null) ?? null
    );
  }

  get(id: string): InspectionRecord | null {
    const r = this.getStmt.get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  /** Every target this node has inspected at least once (inspection records are never removed). */
  inspectedTargetIds(): Set<string> {
    return new Set(this.db.prepare('SELECT DISTINCT target_id FROM inspections').pluck().all() as string[]);
  }

  byTarget(targetId: string, limit = 20): InspectionRecord[] {
    return (this.byTargetStmt.all(targetId, limit) as Row[]).map(fromRow);
  }

  /** The records amending one record, oldest first. */
  amendments(id: string): InspectionRecord[] {
    return (
      this.db.prepare('SELECT * FROM inspections WHERE amends = ? ORDER BY created_at, rowid').all(id) as Row[]
    ).map(fromRow);
  }

  recent(limit = 50): InspectionRecord[] {
    return (this.recentStmt.all(limit) as Row[]).map(fromRow);
  }
}
