import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spkiPin } from '../../src/config/tls-files.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { requireMosquitto, spawnMosquitto } from '../support/broker.js';
import { startCentral } from '../support/central.js';
import { freePort } from '../support/ports.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { TestCa } from '../support/tls.js';
import { until } from '../support/until.js';
import { inspectionRecord } from '../support/inspection-record.js';

/**
 * The shipped Mosquitto configuration and ACL (deploy/mosquitto/), with only paths and ports
 * changed, in front of a node that speaks TLS to it, serves its terminal over HTTPS, and sends
 * its records to a central whose key it pins.
 */
const NODE_PW = 'node-secret-1';
const DEVICE_PW = 'device-secret-6';
let passwordPort: number;
let certPort: number;
let stopBroker: () => Promise<void>;
let t: TestApp;

const available = requireMosquitto('the secure transport tests', ['mosquitto_passwd', 'openssl']);
const ca = available ? new TestCa() : (null as unknown as TestCa); // never touched when skipped
const broker = available ? ca.issue('broker', 'localhost', 'server') : { cert: '', key: '' };
const web = available ? ca.issue('terminal', 'localhost', 'server') : { cert: '', key: '' };

beforeAll(async () => {
  if (!available) return;
  const dir = mkdtempSync(join(tmpdir(), 'kakou-mosq-tls-'));
  [passwordPort, certPort] = [await freePort(), await freePort()];
  const shipped = join(PACKAGE_ROOT, 'deploy', 'mosquitto');
  copyFileSync(join(shipped, 'kakou.acl'), join(dir, 'kakou.acl'));
  execFileSync('mosquitto_passwd', ['-b', '-c', join(dir, 'kakou.passwd'), 'kakou', NODE_PW]);
  execFileSync('mosquitto_passwd', ['-b', join(dir, 'kakou.passwd'), '013800000106', DEVICE_PW]);
  const conf = readFileSync(join(shipped, 'mosquitto.conf'), 'utf8')
    .replaceAll('/etc/mosquitto/certs/ca.pem', ca.cert)
    .replaceAll('/etc/mosquitto/certs/broker.pem', broker.cert)
    .replaceAll('/etc/mosquitto/certs/broker-key.pem', broker.key)
    .replaceAll('/etc/mosquitto/', `${dir}/`)
    .replace('listener 8883', `listener ${passwordPort} 127.0.0.1`)
    .replace('listener 8884', `listener ${certPort} 127.0.0.1`)
    .replace('persistence true', 'persistence false')
    .replace(/^persistence_location .*$/m, '');
  // Started as root, mosquitto drops to its own user before it reads these: let it read them.
  for (const d of [dir, ca.dir]) {
    chmodSync(d, 0o755);
    for (const f of readdirSync(d)) chmodSync(join(d, f), 0o644);
  }
  stopBroker = await spawnMosquitto(dir, conf, [passwordPort, certPort]);
  t = await createTestApp({
    mqtt: {
      url: `mqtts://localhost:${passwordPort}`,
      username: 'kakou',
      password: NODE_PW,
      caFile: ca.cert,
      reconnectMs: 200,
    },
    http: { certFile: web.cert, keyFile: web.key },
  });
  await importDemoSnapshot(t.app);
  await t.app.start();
}, 60_000);
afterAll(async () => {
  await t?.close();
  await stopBroker?.();
});

const report = (plate: string) =>
  JSON.stringify({
    plate,
    time: new Date().toISOString(),
    lat: 30752200,
    lon: 120758500,
    speed: 520,
    direction: 102,
    alarm: 0,
  });
const device = (opts: mqtt.IClientOptions & { port?: number }) =>
  mqtt.connectAsync(`mqtts://localhost:${opts.port ?? passwordPort}`, {
    ca: ca.read(ca.cert),
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...opts,
  });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'connected',
    (err: Error & { code?: number }) => err.code ?? err.message,
  );

describe.skipIf(!available)('MQTT over TLS with the shipped broker configuration', () => {
  it('lets a device with its own credentials reach the node over TLS', async () => {
    const d = await device({ username: '013800000106', password: DEVICE_PW, clientId: 'dev-106' });
    try {
      await until(
        async () =>
          t.app.tracks.get('vehicle:浙F3A106')
            ? true
            : (await d.publishAsync('kakou/hazmat/013800000106/location', report('浙F3A106'), { qos: 1 }), undefined),
        15_000,
      );
    } finally {
      await d.endAsync();
    }
  }, 20_000);

  it('refuses a wrong password, a client without a password, and a broker certificate nobody vouches for', async () => {
    expect(await refusal(device({ username: '013800000106', password: 'wrong', clientId: 'dev-x' }))).toBe(5);
    expect(await refusal(device({ clientId: 'dev-anon' }))).toBe(5);
    expect(
      await refusal(
        mqtt.connectAsync(`mqtts://localhost:${passwordPort}`, {
          username: '013800000106',
          password: DEVICE_PW,
          reconnectPeriod: 0,
          connectTimeout: 5000,
        }),
      ),
    ).toMatch(/self.signed|unable to verify|certificate/i);
  });

  it('drops what a device publishes outside its own topics: the node never sees it', async () => {
    const d = await device({ username: '013800000106', password: DEVICE_PW, clientId: 'dev-106b', protocolVersion: 5 });
    try {
      const denied = await d.publishAsync('kakou/hazmat/013800000107/location', report('沪D5B107'), { qos: 1 }).then(
        () => 0,
        (err: { code?: number }) => err.code,
      );
      expect(denied).toBe(135); // MQTT 5: not authorized
      await d.publishAsync('kakou/weigh/013800000106/axle', JSON.stringify({ plate: '浙F3A106', gross: 30_000 }), {
        qos: 1,
      });
      await until(() =>
        t.app.tracks.get('vehicle:浙F3A106')?.kind === 'vehicle' &&
        (t.app.tracks.get('vehicle:浙F3A106') as { weighing: unknown }).weighing
          ? true
          : undefined,
      );
      expect(t.app.tracks.get('vehicle:沪D5B107')).toBeUndefined();
    } finally {
      await d.endAsync();
    }
  });

  it('takes a client certificate instead of a password on the certificate listener', async () => {
    const cert = ca.issue('device-105', '013800000105', 'client');
    const d = await device({ port: certPort, cert: ca.read(cert.cert), key: ca.read(cert.key), clientId: 'dev-105' });
    try {
      await until(
        async () =>
          t.app.tracks.get('vehicle:浙F3A105')
            ? true
            : (await d.publishAsync('kakou/hazmat/013800000105/location', report('浙F3A105'), { qos: 1 }), undefined),
        15_000,
      );
    } finally {
      await d.endAsync();
    }
    expect(await refusal(device({ port: certPort, clientId: 'dev-nocert' }))).not.toBe('connected');
  });
});

describe.skipIf(!available)('the terminal over HTTPS', () => {
  it('serves the terminal with the configured certificate, and marks its session cookie Secure', async () => {
    const address = t.app.web.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const { status, hsts } = await new Promise<{ status: number; hsts: unknown }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/healthz', servername: 'localhost', ca: ca.read(ca.cert) }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'] });
      })
        .once('error', reject)
        .end();
    });
    expect(status).toBe(200);
    // Browsers that reached it over HTTPS keep to HTTPS.
    expect(hsts).toMatch(/^max-age=\d{7,}/);
    const plain = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(plain).toBe('refused');
    await t.app.accounts.createUser('tls-officer', 'correct-horse-9', 'officer');
    const res = await t.app.web.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'tls-officer', password: 'correct-horse-9' },
    });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
  });
});

const record = (n: number) => inspectionRecord('node-tls', n, { tierAtDecision: 'pass', scoreAtDecision: 0 });

describe.skipIf(!available)('the uplink over HTTPS', () => {
  it('delivers to a central whose key it pins, and to none other, keeping records queued meanwhile', async () => {
    const good = ca.issue('central', 'localhost', 'server');
    const central = await startCentral(0, undefined, { cert: ca.read(good.cert), key: ca.read(good.key) });
    const url = central.url.replace('127.0.0.1', 'localhost');
    const sync = { centralUrl: url, caFile: ca.cert, minBackoffMs: 20, maxBackoffMs: 200, probeMs: 20 };
    const wrong = await createTestApp({
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      node: { id: 'node-tls' },
      sync: { ...sync, pinSha256: spkiPin(ca.read(web.cert)) },
    });
    const right = await createTestApp({
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      node: { id: 'node-tls2' },
      sync: { ...sync, pinSha256: spkiPin(ca.read(good.cert)) },
    });
    try {
      wrong.app.storage.inspections.insertWithOutbox(record(1), 0);
      right.app.storage.inspections.insertWithOutbox({ ...record(2), nodeId: 'node-tls2' }, 0);
      await wrong.app.start();
      await right.app.start();
      await until(() => (right.app.storage.outbox.count() === 0 ? true : undefined), 15_000);
      expect([...(await central.store.countByKey('node-tls2')).keys()].some((k) => k.includes(':inspection:'))).toBe(
        true,
      );
      // Same CA, same host name, another key: refused, retried, and the record waits.
      await new Promise((r) => setTimeout(r, 500));
      expect(wrong.app.storage.outbox.count()).toBeGreaterThan(0);
      expect(await central.store.countByKey('node-tls')).toHaveProperty('size', 0);
      const status = (
        await wrong.app.web.app.inject({ url: '/api/v1/status', headers: { cookie: await wrong.login('admin') } })
      ).json() as { sync: { lastError?: string } };
      expect(JSON.stringify(status.sync)).toMatch(/pinned sync\.pinSha256/);
    } finally {
      await wrong.close();
      await right.close();
      await central.close();
    }
  }, 30_000);

  it('presents a client certificate to a central that requires mutual TLS', async () => {
    const server = ca.issue('central-mtls', 'localhost', 'server');
    const client = ca.issue('node-client', 'node-mtls', 'client');
    const central = await startCentral(0, undefined, {
      cert: ca.read(server.cert),
      key: ca.read(server.key),
      ca: ca.read(ca.cert),
    });
    const url = central.url.replace('127.0.0.1', 'localhost');
    const fast = { minBackoffMs: 20, maxBackoffMs: 200, probeMs: 20 };
    const without = await createTestApp({
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      node: { id: 'node-nocert' },
      sync: { centralUrl: url, caFile: ca.cert, ...fast },
    });
    const withCert = await createTestApp({
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      node: { id: 'node-mtls' },
      sync: { centralUrl: url, caFile: ca.cert, certFile: client.cert, tlsKeyFile: client.key, ...fast },
    });
    try {
      without.app.storage.inspections.insertWithOutbox({ ...record(3), nodeId: 'node-nocert' }, 0);
      withCert.app.storage.inspections.insertWithOutbox({ ...record(4), nodeId: 'node-mtls' }, 0);
      await without.app.start();
      await withCert.app.start();
      await until(() => (withCert.app.storage.outbox.count() === 0 ? true : undefined), 15_000);
      expect(without.app.storage.outbox.count()).toBeGreaterThan(0);
    } finally {
      await without.close();
      await withCert.close();
      await central.close();
    }
  }, 30_000);
});
