import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { truckAtGate } from '../support/messages.js';

let t: TestApp;
const clock = new ManualClock(Date.parse('2026-12-02T02:00:00Z'));

beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 60_000 } }, clock);
  await importDemoSnapshot(t.app);
});
afterAll(async () => {
  await t.close();
});

describe('who attaches photos, and when', () => {
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );
  const png = (n: number) => ({
    contentType: 'image/png',
    dataBase64: Buffer.concat([PNG, Buffer.from([n])]).toString('base64'),
  });

  it("takes its officer's photos while the record is open, a supervisor's later, nobody else's, at most 12; each is a chained record", async () => {
    const officer = { cookie: await t.login('officer') };
    t.app.ingest.accept(truckAtGate('013800000107', '浙F3A107'));
    t.app.targets.flush();
    const rec = await t.app.web.app.inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: officer,
      payload: { targetId: 'vehicle:浙F3A107', result: 'no-defects', action: 'release', defects: [] },
    });
    const id = rec.json<{ inspection: { id: string } }>().inspection.id;
    const post = (cookie: string, n: number) =>
      t.app.web.app.inject({
        method: 'POST',
        url: `/api/v1/inspections/${id}/photos`,
        headers: { cookie },
        payload: png(n),
      });
    const before = t.app.storage.outbox.chainHead().seq;
    expect((await post(officer.cookie, 1)).statusCode).toBe(201);
    expect((await post(officer.cookie, 1)).statusCode).toBe(201); // the same photo again: attached once
    const other = await t.login('officer');
    expect((await post(other, 2)).json().error.code).toBe('KAKOU_E_AUTH_FORBIDDEN');
    for (let i = 0; i < 7; i++) {
      clock.advance(9 * 60_000); // the officer stays at the terminal: the session lives on
      await t.app.web.app.inject({ url: '/api/v1/session', headers: officer });
    }
    expect((await post(officer.cookie, 3)).json().error.code).toBe('KAKOU_E_INSPECTION_CLOSED');
    const supervisor = await t.login('supervisor');
    for (let n = 4; n < 15; n++) expect((await post(supervisor, n)).statusCode).toBe(201);
    expect((await post(supervisor, 15)).json().error.code).toBe('KAKOU_E_PHOTO_LIMIT');
    const photos = (await t.app.web.app.inject({ url: `/api/v1/inspections/${id}/photos`, headers: officer })).json<{
      photos: Array<{ sha256: string; addedBy: string }>;
    }>().photos;
    expect(photos).toHaveLength(12);
    // Every attached photo's SHA-256 is in its own record of the hash chain.
    const rows = t.app.storage.outbox.peek(10_000).filter((r) => r.seq > before && r.kind === 'inspection-photo');
    expect(rows.map((r) => (JSON.parse(r.payload) as { sha256: string }).sha256).sort()).toEqual(
      photos.map((p) => p.sha256).sort(),
    );
  });
});
