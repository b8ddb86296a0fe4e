import type { Sqlite } from './database.js';

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
    return (this.db.prepare('SELECT id, started_at AS startedAt, seed, commitment FROM shifts WHERE id = ?').get(id) as ShiftRow | undefined) ?? null;
  }

  /** Inserts unless the shift exists, returning whichever row is stored. */
  getOrCreate(row: ShiftRow): ShiftRow {
    this.db.prepare('INSERT OR IGNORE INTO shifts (id, started_at, seed, commitment) VALUES (@id, @startedAt, @seed, @commitment)').run(row);
    return this.get(row.id) as ShiftRow;
  }

  /** Past shifts, newest first: their seeds may be revealed. */
  past(currentId: string, limit: number): ShiftRow[] {
    return this.db.prepare('SELECT id, started_at AS startedAt, seed, commitment FROM shifts WHERE id <> ? ORDER BY started_at DESC LIMIT ?')
      .all(currentId, limit) as ShiftRow[];
  }
}
