import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadProblem } from '../../src/central/validate-payload.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { truckAtGate } from '../support/messages.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
  cookie = await t.login('officer');
});
afterAll(async () => {
  await t?.close();
});

const report = (alarm: number) => t.app.ingest.accept(truckAtGate('013800000108', '浙F3A108', alarm));
const inject = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.web.app.inject({ method, url, headers: { cookie }, ...(payload && { payload }) });

describe('alarms and their handling', () => {
  it('records an alarm raised and cleared once each, and an officer acknowledging it with the handling; all go upstream', async () => {
    report(0);
    report(1); // an emergency alarm
    report(1); // still on: not raised again
    report(0); // cleared by the terminal
    const { alarms } = (await inject('GET', '/api/v1/alarms')).json<{
      alarms: Array<{ alarmId: string; alarm: string; critical: boolean; clearedAt: string | null }>;
    }>();
    // The device's alarm; the node's own alert on the truck's passage (must-inspect) may follow it.
    const devices = alarms.filter((a) => a.alarm !== 'must-inspect');
    expect(devices).toHaveLength(1);
    const [emergency] = devices;
    expect(emergency).toMatchObject({ targetId: 'vehicle:浙F3A108', alarm: 'emergency', critical: true });
    expect(emergency?.clearedAt).not.toBeNull();

    const ack = await inject('POST', `/api/v1/alarms/${emergency?.alarmId}/ack`, { note: '已电话联系驾驶员，误报' });
    expect(ack.statusCode).toBe(200);
    expect(ack.json().alarm.acknowledged).toMatchObject({ by: expect.any(String), note: '已电话联系驾驶员，误报' });
    const again = await inject('POST', `/api/v1/alarms/${emergency?.alarmId}/ack`, { note: 'again' });
    expect(again.json().error.code).toBe('KAKOU_E_ALARM_ACKNOWLEDGED');
    expect((await inject('POST', '/api/v1/alarms/nope/ack', { note: 'x' })).json().error.code).toBe(
      'KAKOU_E_ALARM_UNKNOWN',
    );

    const rows = t.app.storage.outbox.peek(1000).filter((r) => r.kind === 'alarm');
    const steps = rows.map((r) => JSON.parse(r.payload) as { alarm: string; event: string });
    expect(steps.filter((s) => s.alarm === 'emergency').map((s) => s.event)).toEqual([
      'raised',
      'cleared',
      'acknowledged',
    ]);
    for (const r of rows) {
      expect(r.lane).toBe(1);
      expect(payloadProblem('alarm', r.payload)).toBeNull();
    }
  });
});
