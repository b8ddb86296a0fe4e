import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_DIR } from '../../src/paths.js';
import type { VehicleTrack } from '../../src/tracks/track.js';
import { until } from '../support/until.js';
import { startBroker, type TestBroker } from '../support/broker.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let broker: TestBroker;
let t: TestApp;
const profiles = mkdtempSync(join(tmpdir(), 'kakou-profiles-'));

// A camera model Kakou has never heard of: a vendor's own JSON, described by one file.
const NEW_MODEL = {
  $schema: './schema.json',
  id: 'acme-anpr-x9',
  name: 'ACME ANPR X9 车牌识别',
  description: 'A vendor camera publishing {"lp": {"text", "score"}, "ts": epoch seconds}.',
  target: 'vehicle',
  transport: { mqtt: { topic: 'site/lane/{laneId}/acme/result' } },
  payload: {
    kind: 'json',
    identity: { station: { topic: 'laneId' }, plate: { path: 'lp.text' } },
    fields: { observedAt: { path: 'ts', format: 'epoch-s' } },
  },
  livenessTimeoutS: 120,
};

beforeAll(async () => {
  broker = await startBroker();
  cpSync(DEFAULT_PROFILE_DIR, profiles, { recursive: true });
  writeFileSync(join(profiles, 'acme-anpr-x9.json'), JSON.stringify(NEW_MODEL, null, 2));
  t = await createTestApp({ mqtt: { url: broker.url, reconnectMs: 200 }, deviceProfiles: { dir: profiles } });
  await importDemoSnapshot(t.app);
  await t.app.start();
}, 30_000);
afterAll(async () => {
  await t?.close();
  await broker?.stop();
});

describe('onboarding a device model', () => {
  it("takes only a profile file: its messages reach the vehicle's track, its credit and the devices list", async () => {
    await until(() => t.app.web.app.server.listening, 10_000, 'the terminal listening');
    const client = await mqtt.connectAsync(broker.url);
    // The subscription is made on connect: retry publishing until the node has it.
    const deadline = Date.now() + 10_000;
    let track: VehicleTrack | undefined;
    while (!track && Date.now() < deadline) {
      await client.publishAsync(
        'site/lane/L2/acme/result',
        JSON.stringify({ lp: { text: '浙F3A106', score: 0.97 }, ts: Math.floor(Date.now() / 1000), laneDir: 'in' }),
        { qos: 1 },
      );
      await new Promise((r) => setTimeout(r, 200));
      track = t.app.tracks.get('vehicle:浙F3A106') as VehicleTrack | undefined;
    }
    await client.endAsync();
    expect(track).toMatchObject({ kind: 'vehicle', plate: '浙F3A106', terminalId: null });
    const status = (
      await t.app.web.app.inject({ url: '/api/v1/status', headers: { cookie: await t.login('officer') } })
    ).json<{
      devices: Array<{ profile: string; deviceId: string; validShare: number }>;
      profiles: Array<{ id: string }>;
    }>();
    expect(status.profiles.map((p) => p.id)).toContain('acme-anpr-x9');
    expect(status.devices).toContainEqual(
      expect.objectContaining({ profile: 'acme-anpr-x9', deviceId: 'L2', validShare: 1 }),
    );
    t.app.targets.flush();
    expect(t.app.targets.get('vehicle:浙F3A106')?.grade).toBe('AA');
  });
});
