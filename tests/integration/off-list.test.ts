import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadProblem } from '../../src/central/validate-payload.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

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

const record = (targetId: string) =>
  t.app.web.app.inject({
    method: 'POST',
    url: '/api/v1/inspections',
    headers: { cookie },
    payload: { targetId, result: 'no-defects', action: 'release', defects: [] },
  });

describe('records of subjects not on the live list', () => {
  it('records a vessel by MMSI or by name and a vehicle by plate, looked up in the snapshot, unknown ones too', async () => {
    expect(t.app.targets.list()).toHaveLength(0); // nothing live: every subject below is off the list
    const onRecord = t.app.credit.vessel(413800102, Date.now()).vessel;
    expect(onRecord).not.toBeNull();

    const byMmsi = await record('vessel:413800102');
    expect(byMmsi.statusCode).toBe(201);
    expect(byMmsi.json().inspection).toMatchObject({
      targetId: 'vessel:413800102',
      targetKind: 'vessel',
      targetName: onRecord?.nameZh || onRecord?.name,
      offList: 'on-record',
      tierAtDecision: null,
      scoreAtDecision: null,
    });
    // A ship named as the hull reads: recorded under its MMSI, so its history joins.
    const byName = await record(`vessel:name:${onRecord?.nameZh || onRecord?.name}`);
    expect(byName.json().inspection).toMatchObject({ targetId: 'vessel:413800102', offList: 'on-record' });
    const unknownShip = await record('vessel:name:无名船');
    expect(unknownShip.json().inspection).toMatchObject({ targetId: 'vessel:name:无名船', offList: 'unknown' });
    const unknownTruck = await record('vehicle:浙Z99999');
    expect(unknownTruck.statusCode).toBe(201);
    expect(unknownTruck.json().inspection).toMatchObject({
      targetKind: 'vehicle',
      targetName: '浙Z99999',
      offList: 'unknown',
    });
    const knownTruck = await record('vehicle:浙F3A103');
    expect(knownTruck.json().inspection).toMatchObject({ offList: 'on-record' });

    // A malformed subject is refused with its code; no record is written for it. (The rescores the
    // records asked for may meanwhile write the shift's commitment: only inspections are counted.)
    const inspections = () => t.app.storage.outbox.peek(1000).filter((r) => r.kind === 'inspection').length;
    const before = inspections();
    expect((await record('boat:1')).json().error.code).toBe('KAKOU_E_TARGET_UNKNOWN');
    expect(inspections()).toBe(before);

    // Each went upstream as an inspection record the central accepts, and reads back as recorded.
    const rows = t.app.storage.outbox.peek(1000).filter((r) => r.kind === 'inspection');
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(payloadProblem('inspection', r.payload)).toBeNull();
    expect(t.app.storage.inspections.get(byMmsi.json().inspection.id)).toMatchObject({ offList: 'on-record' });
  });
});
