import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { payloadProblem } from '../../src/central/validate-payload.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// 23:50 at the site (UTC+8): the day ends ten minutes into the test.
const clock = new ManualClock(Date.parse('2026-12-03T15:50:00Z'));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 600_000 } }, clock);
  await t.app.start();
});
afterAll(async () => {
  await t?.close();
});

const send = (terminal: string, payload: string) =>
  t.app.ingest.accept({ form: 'message', topic: `kakou/hazmat/${terminal}/location`, payload: Buffer.from(payload) });
const report = () =>
  JSON.stringify({ plate: '浙F3A106', lat: 30752200, lon: 120758500, speed: 500, direction: 90, alarm: 0 });

describe('the daily data-quality record', () => {
  it("goes upstream at the site's midnight with each device's day: shares against their targets and silences", async () => {
    for (let i = 0; i < 9; i++) send('013800000106', report());
    send('013800000106', '{"plate": '); // refused: counts against the device
    send('013800000107', report());
    clock.advance(5 * 60_000);
    send('013800000107', report()); // after five silent minutes, past its liveness
    expect(t.app.storage.outbox.peek(1000).some((r) => r.kind === 'data-quality')).toBe(false);

    clock.advance(6 * 60_000); // past midnight: the next check writes the day
    const rows = t.app.storage.outbox.peek(1000).filter((r) => r.kind === 'data-quality');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ lane: 1 });
    expect(payloadProblem('data-quality', rows[0]?.payload ?? '')).toBeNull();
    const record = JSON.parse(rows[0]?.payload ?? '{}');
    expect(record).toMatchObject({ day: '2026-12-03', targets: { validShare: 0.98, timelyShare: 0.8 } });
    const byDevice = Object.fromEntries(record.devices.map((d: { deviceId: string }) => [d.deviceId, d]));
    expect(byDevice['013800000106']).toMatchObject({
      messages: 10,
      validShare: 0.9,
      meetsTargets: { validShare: false, timelyShare: true },
    });
    expect(byDevice['013800000107']).toMatchObject({ messages: 2, validShare: 1, silences: 1, silentMinutes: 5 });

    // The next day starts from nothing: a quiet day writes a record without devices.
    clock.advance(24 * 3_600_000);
    const next = t.app.storage.outbox.peek(1000).filter((r) => r.kind === 'data-quality');
    expect(next).toHaveLength(2);
    expect(JSON.parse(next[1]?.payload ?? '{}')).toMatchObject({ day: '2026-12-04', devices: [] });
  });
});
