import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedDemoSnapshot, TEST_ISSUER_PUBLIC } from '../support/snapshots.js';
import { encodeClassA, encodeStatic, toSentences } from '../../src/demo/ais-encoder.js';
import { startBroker, type TestBroker } from '../support/broker.js';
import { startCli, type RunningCli } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { until } from '../support/until.js';

let broker: TestBroker;
let node: RunningCli;
let base: string;
let dir: string;
let cookie = '';

/** Publishes with the mosquitto_pub client where installed (as a site engineer would), else MQTT.js. */
async function publish(topic: string, payload: string): Promise<void> {
  if (broker.kind === 'mosquitto') {
    const r = spawnSync('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '-q',
      '1',
      '-t',
      topic,
      '-m',
      payload,
    ]);
    if (r.status !== 0) throw new Error(`mosquitto_pub failed: ${r.stderr.toString()}`);
    return;
  }
  const c = await mqtt.connectAsync(broker.url);
  await c.publishAsync(topic, payload, { qos: 1 });
  await c.endAsync();
}

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, { ...init, headers: { 'content-type': 'application/json', cookie, ...init.headers } });
}

beforeAll(async () => {
  broker = await startBroker();
  dir = mkdtempSync(join(tmpdir(), 'kakou-serve-'));
  const snapshot = join(dir, 'snapshot.ksnap');
  writeFileSync(snapshot, signedDemoSnapshot());
  const port = await freePort();
  const config = join(dir, 'kakou.yaml');
  writeFileSync(
    config,
    [
      // Broker messages decoded on a worker thread, as on a site node with two cores or more.
      'node:',
      '  id: test-site',
      'http:',
      `  port: ${port}`,
      'mqtt:',
      `  url: ${broker.url}`,
      '  watch: "#"',
      '  decodeThread: worker',
      'storage:',
      `  dataDir: ${join(dir, 'data')}`,
      'snapshot:',
      `  file: ${snapshot}`,
      `  trustedKeys: ["${TEST_ISSUER_PUBLIC}"]`,
    ].join('\n'),
  );
  node = startCli(['serve', '--config', config]);
  const [, token] = await node.waitFor(/setup token: ([0-9a-f]{32})/);
  base = `http://127.0.0.1:${port}`;
  const setup = await api('/api/v1/setup', {
    method: 'POST',
    body: JSON.stringify({ setupToken: token, username: 'admin', password: 'site-admin-pw-1' }),
  });
  expect(setup.status).toBe(201);
  cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] as string;
  await until(async () => ((await api('/readyz')).status === 200 ? true : undefined));
  // The decode thread's log lines come out through the node's own log.
  await node.waitFor(/"module":"mqtt".*"msg":"subscribed"/);
}, 30_000);

afterAll(async () => {
  if (node?.proc.exitCode === null) await node.stop('SIGKILL');
  await broker?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`kakou serve against a real broker`, () => {
  it('ingests AIS and hazmat messages published with mosquitto_pub and lists the targets', async () => {
    const pos = toSentences(
      encodeClassA({ mmsi: 413800102, lat: 30.75, lon: 120.75, speed: 6.5, course: 58, heading: 58, turn: 0 }),
      0,
      0,
    )[0] as string;
    const stat = toSentences(
      encodeStatic({
        mmsi: 413800102,
        imo: 0,
        callsign: 'BHZ102',
        shipname: 'ZHEHUZHOUHUO0102',
        shiptype: 70,
        toBow: 30,
        toStern: 18,
        toPort: 5,
        toStarboard: 5,
        draught: 2.9,
        destination: 'JIAXING',
      }).payload,
      2,
      3,
    );
    await publish('kakou/ais/gw-test/nmea', [pos, ...stat].join('\r\n'));
    await publish(
      'kakou/hazmat/013800000102/location',
      JSON.stringify({
        plate: '浙F3A102',
        time: new Date().toISOString(),
        lat: 30752000,
        lon: 120758000,
        speed: 950,
        direction: 102,
        alarm: 2,
      }),
    );
    const targets = await until(async () => {
      const body = (await (await api('/api/v1/targets')).json()) as {
        targets: Array<{ id: string; tier: string; name: string; reasons: Array<{ code: string }> }>;
      };
      return body.targets.length >= 2 ? body.targets : undefined;
    });
    const vessel = targets.find((x) => x.id === 'vessel:413800102');
    expect(vessel).toMatchObject({ tier: 'must-inspect', name: '浙湖州货0102' });
    expect(vessel?.reasons.map((r) => r.code)).toContain('LIST_BLACK');
    const truck = targets.find((x) => x.id === 'vehicle:浙F3A102');
    expect(truck?.tier).toBe('may-inspect');
    expect(truck?.reasons.map((r) => r.code)).toContain('ALARM_OVERSPEED');
  });

  it('counts a malformed message and an unknown topic by reason, and keeps running', async () => {
    await publish('kakou/hazmat/013800000102/location', '{"plate": "浙F3A102", "lat": ');
    await publish('kakou/ais/gw-test/nmea', '!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*00');
    await publish('kakou/weigh/wim-9/axle', '{"gross": 49000}');
    await publish('kakou/radar/r1/plot', '{"range": 1200}');
    const metrics = await until(async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return [
        'KAKOU_E_INGEST_UNKNOWN_TOPIC',
        'KAKOU_E_INGEST_PAYLOAD',
        'KAKOU_E_NMEA_CHECKSUM',
        'KAKOU_E_INGEST_IDENTITY',
      ].every((c) => text.includes(c))
        ? text
        : undefined;
    });
    expect(metrics).toContain(
      'kakou_ingest_drops_total{profile="weigh-in-motion-json",reason="KAKOU_E_INGEST_IDENTITY"} 1',
    );
    expect(metrics).toContain(
      'kakou_ingest_drops_total{profile="hazmat-terminal-json",reason="KAKOU_E_INGEST_PAYLOAD"} 1',
    );
    expect(metrics).toContain('kakou_ingest_drops_total{profile="unknown",reason="KAKOU_E_INGEST_UNKNOWN_TOPIC"} 1');
    const status = (await (await api('/api/v1/status')).json()) as { drops: { recent: Array<{ code: string }> } };
    expect(status.drops.recent.map((d) => d.code)).toEqual(
      expect.arrayContaining(['KAKOU_E_INGEST_PAYLOAD', 'KAKOU_E_INGEST_UNKNOWN_TOPIC', 'KAKOU_E_NMEA_CHECKSUM']),
    );
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // Logged once per reason, not once per message.
    expect(node.stderr().match(/KAKOU_E_INGEST_PAYLOAD/g)?.length).toBe(1);
  });

  it('stops on SIGTERM with exit code 0 within 5 s', async () => {
    const { code, ms } = await node.stop('SIGTERM');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
  });
});
