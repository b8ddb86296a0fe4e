import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { InspectionRecord } from '../../src/domain/inspection.js';
import { Storage } from '../../src/storage/storage.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';

const log = pino({ level: 'silent' });
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kakou-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const record = (id: string): InspectionRecord => ({
  id,
  nodeId: 'n1',
  targetId: 'vessel:1',
  targetKind: 'vessel',
  targetName: 'A',
  officer: 'o1',
  result: 'defects-found',
  action: 'correction-order',
  defects: [{ code: '0710' }],
  tierAtDecision: 'must-inspect',
  scoreAtDecision: 80,
  createdAt: '2026-11-25T08:00:00.000Z',
});

describe('storage', () => {
  it('opens a WAL database with synchronous=FULL and applies every migration once', () => {
    const dir = tempDir();
    new Storage(dir, 1000, log).close();
    const s = new Storage(dir, 1000, log); // second open: nothing to apply, nothing breaks
    s.close();
    const db = new Database(join(dir, 'kakou.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>;
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
    const s2 = new Storage(dir, 1000, log);
    // better-sqlite3 reports synchronous as a number: 2 = FULL.
    expect((s2 as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(2);
    s2.close();
  });

  it('writes an inspection and its outbox row together, or neither', () => {
    const s = new Storage(tempDir(), 1000, log);
    const { seq } = s.inspections.insertWithOutbox(record('r1'), 0);
    expect(seq).toBe(1);
    expect(s.outbox.peek(10)).toMatchObject([
      { seq: 1, kind: 'inspection', idempotencyKey: 'n1:inspection:r1', lane: 0 },
    ]);
    // Same id again: the inspection insert fails, and the transaction leaves no orphan outbox row.
    expect(() => s.inspections.insertWithOutbox(record('r1'), 0)).toThrow();
    expect(s.outbox.peek(10)).toHaveLength(1);
    expect(s.inspections.recent()).toHaveLength(1);
    expect(s.inspections.get('r1')).toEqual(record('r1'));
    s.close();
  });

  it('refuses a database from a newer Kakou', () => {
    const dir = tempDir();
    new Storage(dir, 1000, log).close();
    const db = new Database(join(dir, 'kakou.db'));
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, ?)').run('future', 'x');
    db.close();
    expect(() => new Storage(dir, 1000, log)).toThrow(expect.objectContaining({ code: 'KAKOU_E_CONFIG_INVALID' }));
  });
});
