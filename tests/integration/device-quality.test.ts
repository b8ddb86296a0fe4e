import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
const clock = new ManualClock(Date.parse('2026-12-03T02:00:00Z'));
beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } }, clock);
});
afterAll(async () => {
  await t?.close();
});

const send = (terminal: string, payload: string) =>
  t.app.ingest.accept({ form: 'message', topic: `kakou/hazmat/${terminal}/location`, payload: Buffer.from(payload) });
const report = (late = 0) =>
  JSON.stringify({
    plate: '浙F3A106',
    lat: 30752200,
    lon: 120758500,
    speed: 500,
    direction: 90,
    alarm: 0,
    time: new Date(clock.now() - late).toISOString(),
  });

describe('data quality per device', () => {
  it('counts a refused message against the device its topic names, and shows each share against its target', async () => {
    for (let i = 0; i < 9; i++) send('013800000106', report());
    send('013800000106', '{"plate": "浙F3A106", "lat": '); // cut off: not JSON
    for (let i = 0; i < 4; i++) send('013800000107', report(5 * 60_000)); // measured five minutes before it arrived
    const cookie = await t.login('officer');
    const { devices } = (await t.app.web.app.inject({ url: '/api/v1/status', headers: { cookie } })).json<{
      devices: Array<{
        profile: string;
        deviceId: string;
        messages: number;
        dropped: number;
        validShare: number;
        timelyShare: number;
        meetsTargets: { validShare: boolean; timelyShare: boolean };
      }>;
    }>();
    const first = devices.find((d) => d.deviceId === '013800000106');
    expect(first).toMatchObject({ profile: 'hazmat-terminal-json', messages: 10, dropped: 1, validShare: 0.9 });
    expect(first?.meetsTargets).toEqual({ validShare: false, timelyShare: true });
    const second = devices.find((d) => d.deviceId === '013800000107');
    expect(second).toMatchObject({ messages: 4, dropped: 0, validShare: 1, timelyShare: 0 });
    expect(second?.meetsTargets).toEqual({ validShare: true, timelyShare: false });
  });
});
