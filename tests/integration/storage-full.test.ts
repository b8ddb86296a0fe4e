import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { fillToCap } from '../support/storage-fill.js';
import { until } from '../support/until.js';
import { truckAtGate } from '../support/messages.js';

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
  await importDemoSnapshot(t.app);
  cookie = await t.login('officer');
});
afterAll(async () => {
  await t?.close();
});

const truck = (plate: string, terminal: string) => t.app.ingest.accept(truckAtGate(terminal, plate));
const inspect = (targetId: string) =>
  t.app.web.app.inject({
    method: 'POST',
    url: '/api/v1/inspections',
    headers: { cookie },
    payload: { targetId, result: 'no-defects', action: 'release', defects: [] },
  });

describe('a full disk', () => {
  it('refuses an inspection whole with a coded 507, keeps decisions in memory, shows it, and resumes when room is made', {
    timeout: 15_000,
  }, async () => {
    truck('浙F3A101', '013800000101');
    t.app.targets.flush();
    fillToCap(t.app, 'fill');
    const before = t.app.storage.outbox.count();
    const refused = await inspect('vehicle:浙F3A101');
    expect(refused.statusCode).toBe(507);
    expect(refused.json().error.code).toBe('KAKOU_E_STORAGE_FULL');
    expect(t.app.storage.outbox.count()).toBe(before); // nothing half-written
    // A new target's decision cannot be written: kept, and the node says why it is not ready.
    truck('浙F3A106', '013800000106');
    t.app.targets.flush();
    const ready = (await t.app.web.app.inject({ url: '/readyz' })).json() as {
      ready: boolean;
      checks: { database: { ok: boolean; detail: string } };
    };
    expect(ready.checks.database).toMatchObject({ ok: false });
    expect(ready.checks.database.detail).toMatch(/SQLITE_FULL.*1 decision/);
    // Room again (the administrator freed space): the kept decision lands, inspections are taken.
    t.app.storage.maintenance.setMaxBytes(0);
    const databaseOk = async () =>
      ((await t.app.web.app.inject({ url: '/readyz' })).json() as { checks: { database: { ok: boolean } } }).checks
        .database.ok;
    // The kept decisions are retried every 5 s.
    await until(async () => ((await databaseOk()) ? true : undefined), 8000);
    expect(
      t.app.storage.decisions.forShift(
        t.app.targets.get('vehicle:浙F3A106')?.draw?.passageId.split(':vehicle')[0] ?? '',
      ).length,
    ).toBeGreaterThan(0);
    expect((await inspect('vehicle:浙F3A101')).statusCode).toBe(201);
  });
});
