import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { DEFAULT_PROFILE_DIR } from '../../src/paths.js';
import type { VehicleTrack } from '../../src/tracks/track.js';
import { startBroker, type TestBroker } from '../support/broker.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

const T0 = Date.parse('2026-11-25T08:00:00Z');
const Position = new protobuf.Root()
  .loadSync(join(DEFAULT_PROFILE_DIR, 'proto', 'hazmat-terminal.proto'), { keepCase: true })
  .lookupType('kakou.devices.HazmatPosition');
const Tank = new protobuf.Root()
  .loadSync(join(DEFAULT_PROFILE_DIR, 'proto', 'tank-sensor.proto'), { keepCase: true })
  .lookupType('kakou.devices.TankReading');

let broker: TestBroker;
let t: TestApp;
let client: MqttClient;
const clock = new ManualClock(T0);
const TERMINAL = '013800000106';
const ID = 'vehicle:浙F3A106';

const vehicle = () => t.app.tracks.get(ID) as VehicleTrack | undefined;
const position = (atMs: number) =>
  client.publishAsync(
    `kakou/hazmat-pb/${TERMINAL}/location`,
    Buffer.from(
      Position.encode(
        Position.create({
          plate: '浙F3A106',
          time_ms: atMs,
          lat_e6: 30752200,
          lon_e6: 120758500,
          speed_dkmh: 520,
          direction: 102,
          alarm: 0,
          dsm: [],
        }),
      ).finish(),
    ),
    { qos: 1 },
  );
const tank = (atMs: number, r: { pressure_kpa?: number; leak_ppm?: number; valve?: number }) =>
  client.publishAsync(
    `kakou/tank/${TERMINAL}/reading`,
    Buffer.from(
      Tank.encode(
        Tank.create({
          time_ms: atMs,
          pressure_kpa: 420,
          temperature_c: 18,
          level_pct: 80,
          leak_ppm: 0,
          valve: 1,
          plate: '浙F3A106',
          ...r,
        }),
      ).finish(),
    ),
    { qos: 1 },
  );

beforeAll(async () => {
  broker = await startBroker();
  t = await createTestApp({ mqtt: { url: broker.url, reconnectMs: 200 } }, clock);
  await importDemoSnapshot(t.app, T0);
  await t.app.start();
  client = await mqtt.connectAsync(broker.url);
}, 30_000);
afterAll(async () => {
  await client?.endAsync();
  await t?.close();
  await broker?.stop();
});

describe('protobuf devices over a real broker', () => {
  it('reads a protobuf terminal position and tank readings into one vehicle track', async () => {
    // The node subscribes when it connects: publish until the first message lands.
    await until(() => (vehicle() ? true : (void position(T0), undefined)));
    await tank(T0, {});
    await until(() => (Object.keys(vehicle()?.sensors ?? {}).length === 2 ? true : undefined));
    expect(vehicle()).toMatchObject({ terminalId: TERMINAL, plate: '浙F3A106', speed: 52, activeAlarms: [] });
    expect(vehicle()?.lat).toBeCloseTo(30.7522, 6);
  });

  it('raises overpressure only after it persists, holds it above the clear level, and makes a leak must-inspect at once', async () => {
    await tank(T0 + 1000, { pressure_kpa: 720 });
    await tank(T0 + 6000, { pressure_kpa: 730 });
    await new Promise((r) => setTimeout(r, 300));
    expect(vehicle()?.alarmsSeen['tank-overpressure']).toBeUndefined();
    await tank(T0 + 12_000, { pressure_kpa: 710 });
    await until(() => (vehicle()?.activeAlarms.includes('tank-overpressure') ? true : undefined));
    await tank(T0 + 14_000, { pressure_kpa: 680 });
    await until(() =>
      vehicle()?.alarmsSeen['tank-overpressure'] !== undefined && vehicle()?.activeAlarms.includes('tank-overpressure')
        ? true
        : undefined,
    );
    await tank(T0 + 16_000, { pressure_kpa: 600, leak_ppm: 85 });
    await until(() => (vehicle()?.activeAlarms.join() === 'tank-leak' ? true : undefined));
    t.app.targets.flush();
    const target = t.app.targets.get(ID);
    expect(target).toMatchObject({ tier: 'must-inspect', selection: 'overriding' });
    expect(target?.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['ALARM_TANK_LEAK', 'ALARM_TANK_OVERPRESSURE']),
    );
  });

  it('flags a tank sensor that falls silent while the terminal still reports', async () => {
    clock.advance(120_000);
    await position(T0 + 120_000);
    await until(() => (vehicle()?.lastSeen === T0 + 120_000 ? true : undefined));
    t.app.targets.flush();
    const stale = t.app.targets.get(ID)?.reasons.find((r) => r.code === 'SENSOR_STALE');
    expect(stale?.evidence).toMatch(/^tank-sensor-pb\/013800000106 1\d\d s$/);
  });

  it('knows the driver by the card the terminal read, shown and scored by masked ID only', async () => {
    const idNumber = '11010119900101123X';
    await client.publishAsync(
      `kakou/hazmat-pb/${TERMINAL}/location`,
      Buffer.from(
        Position.encode(
          Position.create({
            plate: '浙F3A106',
            time_ms: T0 + 121_000,
            lat_e6: 30752200,
            lon_e6: 120758500,
            speed_dkmh: 500,
            direction: 102,
            alarm: 0,
            dsm: [],
            driver_id: idNumber,
          }),
        ).finish(),
      ),
      { qos: 1 },
    );
    await until(() => vehicle()?.driver ?? undefined);
    expect(vehicle()?.driver?.masked).toBe('110***********123X');
    t.app.targets.flush();
    expect(t.app.targets.get(ID)?.reasons.find((r) => r.code === 'DRIVER_UNQUALIFIED')?.evidence).toBe(
      '110***********123X: not on record',
    );
    const res = await t.app.web.app.inject({
      url: `/api/v1/targets/${encodeURIComponent(ID)}`,
      headers: { cookie: await t.login() },
    });
    expect(res.json().observed.driver).toMatchObject({ masked: '110***********123X', onRecord: null });
    // Neither the number nor its hash (as good as the number to anyone who tries them all) leaves the node.
    expect(res.body).not.toContain('19900101');
    expect(res.body).not.toContain(vehicle()?.driver?.idHash);
  });

  it('joins a hull-name camera read (JSON) to the vessel on record by its Chinese name', async () => {
    await client.publishAsync(
      'kakou/hull/cam-gate1/read',
      JSON.stringify({
        hullName: '浙嘉兴货0101',
        confidence: 0.94,
        lane: 1,
        time: new Date(T0 + 122_000).toISOString(),
      }),
      { qos: 1 },
    );
    const vessel = () => t.app.tracks.get('vessel:413800101');
    await until(() => vessel());
    expect(vessel()).toMatchObject({
      aisHeard: false,
      sighting: { station: 'cam-gate1', hullName: '浙嘉兴货0101', at: T0 + 122_000 },
    });
    t.app.targets.flush();
    expect(t.app.targets.get('vessel:413800101')?.reasons.map((r) => r.code)).toContain('AIS_NOT_SEEN');
  });
});
