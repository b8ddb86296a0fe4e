import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, DataValue, OPCUACertificateManager, OPCUAServer, Variant } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { leafCertificate } from '../../src/ingest/opcua-adapter.js';
import { DEFAULT_PROFILE_DIR } from '../../src/paths.js';
import type { VehicleTrack } from '../../src/tracks/track.js';
import { freePort } from '../support/ports.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

/** A bay PLC: the truck on the scale, its gross weight and the gas detector, as OPC UA variables. */
const bay = { plate: '浙F3A106', grossKg: 47_500, gasPpm: 0 };
let port: number;
let server: OPCUAServer | null = null;
let t: TestApp;
const profiles = mkdtempSync(join(tmpdir(), 'kakou-profiles-'));

// One PKI folder for every start: the server keeps its certificate across restarts, as a PLC does.
const pki = mkdtempSync(join(tmpdir(), 'kakou-opcua-pki-'));

async function startServer(): Promise<void> {
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: pki,
    automaticallyAcceptUnknownCertificate: true,
  });
  server = new OPCUAServer({
    port,
    resourcePath: '/UA/Bay',
    serverCertificateManager,
    buildInfo: { productName: 'test bay PLC' },
  });
  await server.initialize();
  const ns = server.engine.addressSpace?.getOwnNamespace();
  if (!ns) throw new Error('no address space');
  const device = ns.addObject({ organizedBy: server.engine.addressSpace?.rootFolder.objects, browseName: 'Bay1' });
  const variable = (name: string, dataType: DataType, get: () => unknown) =>
    ns.addVariable({
      componentOf: device,
      browseName: name,
      nodeId: `s=${name}`,
      dataType,
      minimumSamplingInterval: 100,
      value: { get: () => new Variant({ dataType, value: get() }) },
    });
  variable('Plate', DataType.String, () => bay.plate);
  variable('GrossKg', DataType.Double, () => bay.grossKg);
  // The gas detector stamps its readings itself (a clock an hour behind): the node keeps that source time.
  ns.addVariable({
    componentOf: device,
    browseName: 'GasPpm',
    nodeId: 's=GasPpm',
    dataType: DataType.Double,
    minimumSamplingInterval: 100,
    value: {
      timestamped_get: () =>
        new DataValue({
          value: new Variant({ dataType: DataType.Double, value: bay.gasPpm }),
          sourceTimestamp: new Date(Date.now() - 3_600_000),
        }),
    },
  });
  await server.start();
}

beforeAll(async () => {
  port = await freePort();
  await startServer();
  cpSync(DEFAULT_PROFILE_DIR, profiles, { recursive: true });
  writeFileSync(
    join(profiles, 'bay-plc-opcua.json'),
    JSON.stringify({
      id: 'bay-plc-opcua',
      name: '装卸区PLC（OPC UA）',
      target: 'vehicle',
      transport: {
        opcua: {
          endpoint: `opc.tcp://127.0.0.1:${port}/UA/Bay`,
          nodes: {
            Plate: 'ns=1;s=Plate',
            GrossKg: 'ns=1;s=GrossKg',
            GasPpm: 'ns=1;s=GasPpm',
            Spare: 'ns=1;s=NoSuchTag',
          },
          samplingIntervalMs: 100,
          publishingIntervalMs: 100,
          stallTimeoutS: 3,
          // Signed and encrypted (the default), with the PLC's certificate pinned.
          serverCertificateSha256: createHash('sha256')
            .update(leafCertificate((server as OPCUAServer).getCertificate()))
            .digest('hex'),
        },
      },
      payload: {
        kind: 'opcua',
        identity: { station: { value: 'bay-1' }, plate: { path: 'Plate' } },
        fields: {
          grossKg: { path: 'GrossKg', unit: 'kg' },
          observedAt: { path: 'sourceTimestamp', format: 'epoch-ms' },
        },
        rules: [{ alarm: 'tank-leak', path: 'GasPpm', above: 50, clearAt: 20, severity: 'critical' }],
      },
      livenessTimeoutS: 60,
    }),
  );
  t = await createTestApp({
    mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 60_000 },
    deviceProfiles: { dir: profiles },
  });
  await importDemoSnapshot(t.app);
  await t.app.start();
}, 60_000);
afterAll(async () => {
  await t?.close();
  await server?.shutdown();
}, 30_000);

const truck = () => t.app.tracks.get('vehicle:浙F3A106') as VehicleTrack | undefined;
const adapter = () => t.app.inputs.statuses().find((s) => s.name === 'bay-plc-opcua');

describe('OPC UA installation', () => {
  it("subscribes to the profile's nodes and maps their values; an unknown node id is a tag status", async () => {
    await until(() => (truck()?.weighing?.grossKg === 47_500 ? true : undefined), 20_000);
    expect(truck()?.weighing).toMatchObject({ station: 'bay-1' });
    expect(adapter()).toMatchObject({ kind: 'opcua', state: 'connected' });
    await until(() => (adapter()?.tags?.Spare === 'BadNodeIdUnknown' ? true : undefined));
    expect(adapter()?.tags).toMatchObject({ Plate: 'Good', GrossKg: 'Good' });
    bay.gasPpm = 80;
    await until(() => (truck()?.alarmsSeen['tank-leak'] !== undefined ? true : undefined));
    // Raised at the detector's own (source) time, an hour behind, not at arrival.
    expect(Date.now() - (truck()?.alarmsSeen['tank-leak'] as number)).toBeGreaterThan(3_500_000);
  }, 30_000);

  it('resumes by itself after the server restarts', async () => {
    await server?.shutdown();
    bay.grossKg = 52_000;
    await startServer();
    await until(() => (truck()?.weighing?.grossKg === 52_000 ? true : undefined), 30_000);
    expect(adapter()?.state).toBe('connected');
    t.app.targets.flush();
    expect(t.app.targets.get('vehicle:浙F3A106')?.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['OVERLOAD_GROSS', 'ALARM_TANK_LEAK']),
    );
  }, 45_000);
});
