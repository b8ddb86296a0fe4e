import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  Variant,
  type Namespace,
  type UAObject,
} from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafCertificate } from '../../src/ingest/opcua-adapter.js';
import type { VehicleTrack, VesselTrack } from '../../src/tracks/track.js';
import { freePort } from '../support/ports.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

/**
 * The shipped OPC UA device models, unchanged, read from installations the config names: a laser
 * draught gauge and a tank farm's loading bay, served by one node-opcua server under the vendor
 * namespaces the profiles name (ns=2 and ns=3).
 */
const gauge = { mmsi: '413800101', name: 'ZHEJIAXINGHUO0101', max: 3.3, measuredAt: Date.now() - 5_000 };
const bayState = { plate: '', lel: 0, overfill: false, esd: false };
let server: OPCUAServer;
let t: TestApp;
let endpoint: string;
let certificate: Buffer;
const sessionModes: MessageSecurityMode[] = [];
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function variables(
  ns: Namespace,
  parent: UAObject,
  prefix: string,
  vars: Record<string, [DataType, () => unknown]>,
): void {
  for (const [name, [dataType, get]] of Object.entries(vars)) {
    ns.addVariable({
      componentOf: parent,
      browseName: name,
      nodeId: `s=${prefix}.${name}`,
      dataType,
      minimumSamplingInterval: 100,
      value: { get: () => new Variant({ dataType, value: get() }) },
    });
  }
}

beforeAll(async () => {
  const port = await freePort();
  const pki = mkdtempSync(join(tmpdir(), 'kakou-opcua-pki-'));
  server = new OPCUAServer({
    port,
    resourcePath: '/UA/Site',
    serverCertificateManager: new OPCUACertificateManager({
      rootFolder: pki,
      automaticallyAcceptUnknownCertificate: true,
    }),
  });
  await server.initialize();
  const space = server.engine.addressSpace;
  if (!space) throw new Error('no address space');
  const gaugeNs = space.registerNamespace('urn:vendor:draught-gauge');
  const bayNs = space.registerNamespace('urn:vendor:tank-farm');
  expect([gaugeNs.index, bayNs.index]).toEqual([2, 3]);
  const g = gaugeNs.addObject({ organizedBy: space.rootFolder.objects, browseName: 'DraughtGauge' });
  variables(gaugeNs, g, 'DraughtGauge.LastPass', {
    MMSI: [DataType.String, () => gauge.mmsi],
    ShipName: [DataType.String, () => gauge.name],
    DraughtMax: [DataType.Double, () => gauge.max],
    DraughtFore: [DataType.Double, () => gauge.max - 0.2],
    DraughtMid: [DataType.Double, () => gauge.max - 0.1],
    DraughtAft: [DataType.Double, () => gauge.max],
    MeasuredAt: [DataType.Double, () => gauge.measuredAt],
  });
  const b = bayNs.addObject({ organizedBy: space.rootFolder.objects, browseName: 'LoadingBay' });
  variables(bayNs, b, 'LoadingBay.Vehicle', { Plate: [DataType.String, () => bayState.plate] });
  variables(bayNs, b, 'LoadingBay.Meter', { LoadedKg: [DataType.Double, () => (bayState.plate ? 21_400 : 0)] });
  variables(bayNs, b, 'LoadingBay.GasDetector', { PercentLEL: [DataType.Double, () => bayState.lel] });
  variables(bayNs, b, 'LoadingBay.OverfillProbe', { Tripped: [DataType.Boolean, () => bayState.overfill] });
  variables(bayNs, b, 'LoadingBay.ESD', { Active: [DataType.Boolean, () => bayState.esd] });
  variables(bayNs, b, 'LoadingBay.Product', { UNNumber: [DataType.String, () => 'UN1203'] });
  server.on('session_activated', (session) =>
    sessionModes.push(session.channel?.securityMode ?? MessageSecurityMode.Invalid),
  );
  await server.start();
  endpoint = `opc.tcp://127.0.0.1:${port}/UA/Site`;
  certificate = leafCertificate(server.getCertificate());
  // The gauge by a pin of the server's certificate; the bay through the node's trust list, where a site administrator puts it.
  t = await createTestApp({
    mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 60_000 },
    inputs: {
      opcua: [
        { id: 'gauge-north', profile: 'draught-gauge-opcua', endpoint, serverCertificateSha256: sha256(certificate) },
        { id: 'bay-3', profile: 'tank-farm-plc-opcua', endpoint },
      ],
    },
  });
  mkdirSync(join(t.dataDir, 'pki', 'trusted', 'certs'), { recursive: true });
  writeFileSync(join(t.dataDir, 'pki', 'trusted', 'certs', 'site-plc.der'), certificate);
  await importDemoSnapshot(t.app);
  await t.app.start();
}, 60_000);
afterAll(async () => {
  await t?.close();
  await server?.shutdown();
}, 30_000);

const status = (id: string) => t.app.inputs.statuses().find((s) => s.name === id);
const reasons = (id: string) => {
  t.app.targets.flush();
  return t.app.targets.get(id)?.reasons.map((r) => r.code) ?? [];
};

describe('shipped OPC UA device models at configured installations', () => {
  it('opens signed and encrypted sessions, the server known by pin or by the trust list', async () => {
    await until(() => t.app.inputs.statuses().every((x) => x.state === 'connected'), 20_000, 'both sessions open');
    const security = Object.fromEntries(t.app.inputs.statuses().map((x) => [x.name, x.security]));
    expect(security).toEqual({
      'gauge-north': { mode: 'SignAndEncrypt', policy: 'Basic256Sha256', serverCertificate: 'pinned' },
      'bay-3': { mode: 'SignAndEncrypt', policy: 'Basic256Sha256', serverCertificate: 'trust list' },
    });
    // The server saw the sessions' channels secured too, not only the node's settings.
    expect(new Set(sessionModes)).toEqual(new Set([MessageSecurityMode.SignAndEncrypt]));
  });

  it('reads the draught gauge: the vessel it matched, its measured draught, judged against the maximum on record', async () => {
    const vessel = () => t.app.tracks.get('vessel:413800101') as VesselTrack | undefined;
    await until(() => vessel()?.sighting?.draughtM ?? undefined, 20_000);
    expect(vessel()?.sighting).toMatchObject({
      station: 'gauge-north',
      draughtM: 3.3,
      draughtAt: gauge.measuredAt,
      profile: 'draught-gauge-opcua',
    });
    expect(status('gauge-north')).toMatchObject({ kind: 'opcua', state: 'connected' });
    expect(Object.values(status('gauge-north')?.tags ?? {}).every((s) => s === 'Good')).toBe(true);
    // 3.3 m measured against the 2.8 m on record; and the gauge saw a vessel AIS has not been heard from here.
    expect(reasons('vessel:413800101')).toEqual(expect.arrayContaining(['DRAUGHT_OVER_MAX', 'AIS_NOT_SEEN']));
  }, 30_000);

  it('reads the loading bay: an empty bay is no fault; a gas leak held 3 s is raised against the truck being loaded', async () => {
    await until(
      () => (status('bay-3')?.state === 'connected' && (status('bay-3')?.messages ?? 0) > 0 ? true : undefined),
      20_000,
    );
    expect(t.app.ingest.dropCounts().filter((d) => d.profile === 'tank-farm-plc-opcua')).toEqual([]);
    bayState.plate = '浙F3A106';
    const truck = () => t.app.tracks.get('vehicle:浙F3A106') as VehicleTrack | undefined;
    await until(() => truck(), 10_000);
    expect(reasons('vehicle:浙F3A106')).not.toContain('ALARM_BAY_GAS_LEAK');
    bayState.lel = 40;
    await until(() => truck()?.alarmsSeen['bay-gas-leak'], 15_000);
    bayState.overfill = true;
    await until(() => truck()?.alarmsSeen['tank-overfill'], 10_000);
    expect(reasons('vehicle:浙F3A106')).toEqual(expect.arrayContaining(['ALARM_BAY_GAS_LEAK', 'ALARM_TANK_OVERFILL']));
    t.app.targets.flush();
    expect(t.app.targets.get('vehicle:浙F3A106')?.tier).toBe('must-inspect');
  }, 45_000);

  it('refuses a server whose certificate is neither pinned nor trusted, or pinned otherwise, and reads nothing from it', async () => {
    const other = await createTestApp({
      mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 60_000 },
      inputs: {
        opcua: [
          { id: 'unknown-plc', profile: 'draught-gauge-opcua', endpoint },
          { id: 'wrong-pin', profile: 'tank-farm-plc-opcua', endpoint, serverCertificateSha256: 'ab'.repeat(32) },
        ],
      },
    });
    try {
      await other.app.start();
      const state = (id: string) => other.app.inputs.statuses().find((x) => x.name === id);
      await until(
        () => ['unknown-plc', 'wrong-pin'].every((id) => /certificate/i.test(state(id)?.lastError ?? '')),
        20_000,
        'both refused for their certificate',
      );
      expect(['unknown-plc', 'wrong-pin'].map((id) => state(id)?.state)).not.toContain('connected');
      expect(state('unknown-plc')?.messages).toBe(0);
    } finally {
      await other.close();
    }
  }, 30_000);
});
