import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-snapshot.js';
import type { SnapRecord } from '../../src/snapshot/format.js';
import { buildSnapshot } from '../../src/snapshot/writer.js';
import { openDatabase } from '../../src/storage/database.js';
import { appendToOutbox } from '../../src/storage/outbox-repo.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import { header, TEST_ISSUER } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const NOW = Date.now();
const silent = pino({ level: 'silent' });
let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/**
 * A data folder as the previous release (schema version 2) left it: a snapshot in force, an
 * inspection record waiting in the outbox. Written with that release's table shapes.
 */
function previousRelease(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'kakou-upgrade-'));
  const db = openDatabase(
    join(dataDir, 'kakou.db'),
    { busyTimeoutMs: 1000, migrations: MIGRATIONS.filter((m) => m.version <= 2) },
    silent,
  );
  db.prepare(`INSERT INTO snapshot_meta (id, version, base_version, issued_at_ms, valid_until_ms, issuer_key_id, issuer, imported_at_ms, source, record_count, tag)
    VALUES (1, 100, 0, ?, ?, 'test', 'test platform', ?, 'usb', 2, 'g1')`).run(
    NOW - 3_600_000,
    NOW + 7 * 86_400_000,
    NOW - 3_000_000,
  );
  db.prepare(
    "INSERT INTO snap_vehicles VALUES ('浙F3A109', '黄', '危险货物运输罐式车', 1, 49000, 'C330200005', '013800000109', 'A')",
  ).run();
  db.prepare(
    "INSERT INTO snap_vessels (mmsi, name_zh, name, name_norm, grade) VALUES (413800109, '浙嘉兴货0109', 'ZHEJIAXINGHUO0109', 'ZHEJIAXINGHUO0109', 'B')",
  ).run();
  // As the release before wrote it: the inspection row of its schema, and its outbox row.
  const record = {
    id: '0193a0c2-0000-7000-8000-000000000001',
    nodeId: 'kakou-node',
    targetId: 'vehicle:浙F3A109',
    targetKind: 'vehicle',
    targetName: '浙F3A109',
    officer: 'wang',
    result: 'no-defects',
    defects: [],
    action: 'release',
    tierAtDecision: 'random-sample',
    scoreAtDecision: 12,
    createdAt: new Date(NOW - 60_000).toISOString(),
  };
  db.prepare(`INSERT INTO inspections (id, node_id, target_id, target_kind, target_name, officer, result, action, defects, notes, tier_at_decision, score_at_decision, created_at)
    VALUES (@id, @nodeId, @targetId, @targetKind, @targetName, @officer, @result, @action, '[]', NULL, @tierAtDecision, @scoreAtDecision, @createdAt)`).run(
    record,
  );
  appendToOutbox(db, {
    kind: 'inspection',
    idempotencyKey: `${record.nodeId}:inspection:${record.id}`,
    lane: 0,
    payload: JSON.stringify(record),
    createdAtMs: Date.parse(record.createdAt),
  });
  db.close();
  return dataDir;
}

describe('upgrade from the previous schema version', () => {
  it('migrates in place: the snapshot stays in force, the queued record stays queued, and the new columns fill with the next snapshot', async () => {
    const dataDir = previousRelease();
    t = await createTestApp({ storage: { dataDir } });
    const { app } = t;
    expect(app.snapshots.meta()).toMatchObject({ version: 100 });
    expect(app.credit.vehicle('浙F3A109', '', NOW)).toMatchObject({
      known: true,
      subjectGrade: 'A',
      documents: { hazardClasses: [] },
    });
    // The Chinese-name index came with the migration: a hull-name read finds the vessel.
    expect(app.credit.vesselMmsiBy({ name: '浙嘉兴货0109' })).toBe(413800109);
    expect(app.storage.inspections.get('0193a0c2-0000-7000-8000-000000000001')).toMatchObject({ officer: 'wang' });
    expect(app.storage.outbox.count()).toBe(1);

    // A delta on the upgraded tables: the vehicle's certificate now states its classes.
    const delta: SnapRecord[] = [
      {
        vehicle: {
          plate: '浙F3A109',
          plateColour: '黄',
          vehicleType: '危险货物运输罐式车',
          hazmatQualified: true,
          permittedGrossKg: 49_000,
          companyId: 'C330200005',
          terminalId: '013800000109',
          grade: 'A',
          hazardClasses: ['8'],
        },
      },
    ];
    await app.snapshots.importStream(
      [buildSnapshot(header(demoSnapshot(NOW), { version: 101, baseVersion: 100 }), TEST_ISSUER, delta)],
      'delta',
    );
    expect(app.credit.vehicle('浙F3A109', '', NOW).documents?.hazardClasses).toEqual(['8']);
    // And a full snapshot replaces the tables whole, in the new shape.
    const full = demoSnapshot(NOW);
    await app.snapshots.importStream([buildSnapshot(header(full, { version: 102 }), TEST_ISSUER, [])], 'full');
    expect(app.snapshots.meta()).toMatchObject({ version: 102 });
  });
});
