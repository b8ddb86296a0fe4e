import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSparkplug, encodeSparkplug } from '../../src/normalize/sparkplug.js';
import type { VehicleTrack } from '../../src/tracks/track.js';
import { startBroker, type TestBroker } from '../support/broker.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

let broker: TestBroker;
let t: TestApp;
let gw: MqttClient;
const rebirths: string[] = [];
const NODE = 'spBv1.0/jx-bay/{type}/gw-01';
const DEVICE = `${NODE}/TRUCK-7`;
const topic = (pattern: string, type: string) => pattern.replace('{type}', type);
const DOUBLE = 10;
const STRING = 12;

const send = (pattern: string, type: string, seq: number, metrics: Parameters<typeof encodeSparkplug>[0]['metrics']) =>
  gw.publishAsync(topic(pattern, type), encodeSparkplug({ timestamp: Date.now(), seq, metrics }), { qos: 1 });
const truck = () => t.app.tracks.get('vehicle:浙F3A106') as VehicleTrack | undefined;

async function births(firstSeq: number): Promise<void> {
  await send(NODE, 'NBIRTH', firstSeq, [
    { name: 'bdSeq', datatype: 8, long_value: 1 },
    { name: 'Node Control/Rebirth', datatype: 11, boolean_value: false },
  ]);
  await send(DEVICE, 'DBIRTH', (firstSeq + 1) % 256, [
    { name: 'Vehicle/Plate', alias: 1, datatype: STRING, string_value: '浙F3A106' },
    { name: 'Position/Latitude', alias: 2, datatype: DOUBLE, double_value: 30.7522 },
    { name: 'Position/Longitude', alias: 3, datatype: DOUBLE, double_value: 120.7585 },
    { name: 'Position/Speed', alias: 4, datatype: DOUBLE, double_value: 48 },
    { name: 'Tank/LeakPpm', alias: 5, datatype: DOUBLE, double_value: 0 },
  ]);
}

beforeAll(async () => {
  broker = await startBroker();
  t = await createTestApp({ mqtt: { url: broker.url, reconnectMs: 200 } });
  await importDemoSnapshot(t.app);
  await t.app.start();
  gw = await mqtt.connectAsync(broker.url);
  await gw.subscribeAsync('spBv1.0/jx-bay/NCMD/gw-01', { qos: 0 });
  gw.on('message', (_topic, payload) => {
    const m = decodeSparkplug(payload).metrics?.find((x) => x.name === 'Node Control/Rebirth');
    if (m) rebirths.push(String(m.boolean_value));
  });
  // The node subscribes on connect: repeat the births until the truck appears.
  await until(() => (truck() ? true : (void births(0), undefined)));
}, 30_000);
afterAll(async () => {
  await gw?.endAsync();
  await t?.close();
  await broker?.stop();
});

describe('Sparkplug B', () => {
  it("binds aliases at birth and reads data by alias into the vehicle's track", async () => {
    expect(truck()).toMatchObject({ plate: '浙F3A106', terminalId: 'TRUCK-7', speed: 48 });
    await send(DEVICE, 'DDATA', 2, [
      { alias: 4, datatype: DOUBLE, double_value: 61 },
      { alias: 5, datatype: DOUBLE, double_value: 95 },
    ]);
    await until(() => (truck()?.speed === 61 ? true : undefined));
    expect(truck()?.activeAlarms).toEqual(['tank-leak']);
    expect(truck()?.lat).toBeCloseTo(30.7522, 6); // unchanged metrics keep their last value
  });

  it('asks the gateway to rebirth on a sequence gap, once, and resumes after the new birth', async () => {
    await send(DEVICE, 'DDATA', 7, [{ alias: 4, datatype: DOUBLE, double_value: 70 }]);
    await send(DEVICE, 'DDATA', 8, [{ alias: 4, datatype: DOUBLE, double_value: 71 }]);
    await until(() => (rebirths.length >= 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 200));
    expect(rebirths).toEqual(['true']);
    expect(truck()?.speed).toBe(61); // data after a gap is not trusted
    await births(0);
    await send(DEVICE, 'DDATA', 2, [
      { alias: 4, datatype: DOUBLE, double_value: 55 },
      { alias: 5, datatype: DOUBLE, double_value: 5 },
    ]);
    await until(() => (truck()?.speed === 55 ? true : undefined));
    expect(truck()?.activeAlarms).toEqual([]); // the leak cleared below its clear level
  });

  it('after a death certificate, wants a birth before it reads data again', async () => {
    await send(NODE, 'NDEATH', 0, [{ name: 'bdSeq', datatype: 8, long_value: 1 }]);
    const cookie = await t.login('officer');
    const online = async () =>
      (await t.app.web.app.inject({ url: '/api/v1/status', headers: { cookie } }))
        .json<{ devices: Array<{ profile: string; deviceId: string; online: boolean }> }>()
        .devices.filter((d) => d.profile === 'tank-gateway-sparkplug' && d.deviceId === 'TRUCK-7')
        .map((d) => d.online);
    await until(async () => ((await online()).join() === 'false' ? true : undefined));
    const before = rebirths.length;
    await send(DEVICE, 'DDATA', 3, [{ alias: 4, datatype: DOUBLE, double_value: 90 }]);
    await until(() => (rebirths.length > before ? true : undefined));
    expect(truck()?.speed).toBe(55);
    const drops = (await t.app.web.app.inject({ url: '/metrics' })).body;
    expect(drops).toMatch(
      /kakou_ingest_drops_total\{profile="tank-gateway-sparkplug",reason="KAKOU_E_INGEST_PAYLOAD"\} \d+/,
    );
  });
});
