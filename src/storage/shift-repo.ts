import type { Sqlite } from './database.js';
import { appendToOutbox } from './outbox-repo.js';

export interface ShiftRow {
  id: string;
  startedAt: string;
  seed: string;
  commitment: string;
}

/** Shift seeds persist so a restart mid-shift keeps the committed draw. */
export class ShiftRepo {
  constructor(private readonly db: Sqlite) {}

  get(id: string): ShiftRow | null {
    return (
      (this.db.prepare('SELECT id, started_at AS startedAt, seed, commitment FROM shifts WHERE id = ?').get(id) as
        | ShiftRow
        | undefined) ?? null
    );
  }

  /**
   * Inserts unless the shift exists, returning whichever row is stored. A new shift's commitment
   * and the seeds of earlier shifts (now revealed) go upstream in the same transaction.
   */
  getOrCreate(row: ShiftRow, nodeId: string, now: number): ShiftRow {
    return this.db
      .transaction(() => {
        const created =
          this.db
            .prepare(
              'INSERT OR IGNORE INTO shifts (id, started_at, seed, commitment) VALUES (@id, @startedAt, @seed, @commitment)',
            )
            .run(row).changes === 1;
        if (created) {
          appendToOutbox(this.db, {
            kind: 'shift-commitment',
            idempotencyKey: `${nodeId}:shift-commitment:${row.id}`,
            lane: 1,
            createdAtMs: now,
            payload: JSON.stringify({ nodeId, shiftId: row.id, startedAt: row.startedAt, commitment: row.commitment }),
          });
          const ended = this.db
            .prepare('SELECT id, started_at AS startedAt, seed, commitment FROM shifts WHERE revealed = 0 AND id <> ?')
            .all(row.id) as ShiftRow[];
          for (const s of ended) {
            appendToOutbox(this.db, {
              kind: 'shift-reveal',
              idempotencyKey: `${nodeId}:shift-reveal:${s.id}`,
              lane: 1,
              createdAtMs: now,
              payload: JSON.stringify({
                nodeId,
                shiftId: s.id,
                startedAt: s.startedAt,
                commitment: s.commitment,
                seed: s.seed,
              }),
            });
            this.db.prepare('UPDATE shifts SET revealed = 1 WHERE id = ?').run(s.id);
          }
        }
        return this.get(row.id) as ShiftRow;
      })
      .immediate();
  }

  /** Past shifts, newest first: their seeds may be revealed. */
  past(currentId: string, limit: number): ShiftRow[] {
    return this.db
      .prepare(
        'SELECT id, started_at AS startedAt, seed, commitment FROM shifts WHERE id <> ? ORDER BY started_at DESC LIMIT ?',
      )
      .all(currentId, limit) as ShiftRow[];
  }
}
