import { spawn } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeClassA, encodeStatic, toSentences } from '../../src/demo/ais-encoder.js';
import { wantsDecodeThread } from '../../src/ingest/site-broker.js';
import { decodeSparkplug, encodeSparkplug } from '../../src/normalize/sparkplug.js';
import { ManualClock } from '../../src/clock.js';
import { requireMosquitto, startBroker, type TestBroker } from '../support/broker.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { BUILT_DECODE_WORKER, createTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

/**
 * Broker messages parsed and normalized on a worker thread (the built dist/ingest/decode-worker.js)
 * against a real Mosquitto: what the node takes in, a thread that dies, and a main thread that
 * stops taking messages in for a while.
 */
let broker: TestBroker;
let t: TestApp | null = null;

beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker?.stop();
});
afterEach(async () => {
  await t?.close();
  t = null;
});

async function startNode(): Promise<TestApp> {
  t = await createTestApp(
    { mqtt: { url: broker.url, clientId: `kakou-thread-${Date.now()}`, reconnectMs: 200, decodeThread: 'worker' } },
    undefined,
    BUILT_DECODE_WORKER,
  );
  await importDemoSnapshot(t.app);
  await t.app.start();
  const app = t.app;
  await until(() => app.broker.status().state === 'connected', 10_000, 'broker connection');
  return t;
}

const truck = (n: number) =>
  JSON.stringify({
    plate: `浙F3A${String(100 + (n % 50))}`,
    time: new Date().toISOString(),
    lat: 30752000,
    lon: 120758000,
    speed: 500,
    direction: 90,
    alarm: 0,
  });

async function publish(messages: Array<[string, string]>): Promise<void> {
  const c = await mqtt.connectAsync(broker.url);
  for (const [topic, payload] of messages) await c.publishAsync(topic, payload, { qos: 1 });
  await c.endAsync();
}

describe('the MQTT decode thread', () => {
  it('is chosen by setting, by cores for auto, and never with a test clock', async () => {
    expect([
      wantsDecodeThread('auto', 1),
      wantsDecodeThread('auto', 2),
      wantsDecodeThread('worker', 1),
      wantsDecodeThread('main', 16),
    ]).toEqual([false, true, true, false]);
    const manual = await createTestApp(
      { mqtt: { url: 'mqtt://127.0.0.1:1', decodeThread: 'worker' } },
      new ManualClock(Date.now()),
      BUILT_DECODE_WORKER,
    );
    const fromSources = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1', decodeThread: 'worker' } });
    try {
      expect([manual.app.broker.thread, fromSources.app.broker.thread]).toEqual(['main', 'main']);
    } finally {
      await manual.close();
      await fromSources.close();
    }
  });

  it('hands normalized messages, drops and their reasons to the node', async () => {
    const { app } = await startNode();
    expect(app.broker.thread).toBe('worker');
    const status = await app.web.app.inject({
      url: '/api/v1/status',
      headers: { cookie: await (t as TestApp).login() },
    });
    expect((status.json() as { adapters: Array<{ name: string; thread?: string }> }).adapters[0]).toMatchObject({
      name: 'site-broker',
      thread: 'worker',
    });
    const vessel = toSentences(
      encodeClassA({ mmsi: 413800102, lat: 30.75, lon: 120.75, speed: 6.5, course: 58, heading: 58, turn: 0 }),
      0,
      0,
    )[0] as string;
    await publish([
      ['kakou/ais/gw-thread/nmea', vessel],
      ['kakou/hazmat/013800000102/location', truck(2)],
      ['kakou/hazmat/013800000102/location', '{"plate": "浙F3A102", "lat": '],
      ['kakou/ais/gw-thread/nmea', '!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*00'],
    ]);
    await until(() => app.broker.status().messages === 4, 10_000, 'four messages taken in');
    expect(app.tracks.get('vessel:413800102')).toBeDefined();
    expect(app.tracks.get('vehicle:浙F3A102')).toBeDefined();
    const counts = app.ingest.dropCounts();
    expect(counts).toContainEqual({ profile: 'hazmat-terminal-json', code: 'KAKOU_E_INGEST_PAYLOAD', count: 1 });
    expect(counts).toContainEqual({ profile: 'ais-gateway-nmea', code: 'KAKOU_E_NMEA_CHECKSUM', count: 1 });
    const metrics = await app.metrics.registry.metrics();
    expect(metrics).toContain('kakou_ingest_messages_total{profile="hazmat-terminal-json",outcome="accepted"} 1');
    expect(metrics).toContain('kakou_mqtt_connected 1');
    // Idle again: nothing waits for the main thread, and the gauge says so.
    await until(
      async () => (await app.metrics.registry.metrics()).includes('kakou_mqtt_decode_queue 0'),
      5_000,
      'the decode queue back at 0',
    );
    // The thread reports its own heap, which the main thread's memory figures do not cover.
    await until(
      async () => ((await app.metrics.decodeHeap.get()).values[0]?.value ?? 0) > 1_000_000,
      10_000,
      "the thread's heap reported",
    );
  });

  it('refuses hostile payloads in the thread without dying: deep nesting, oversized identities, lone surrogates', async () => {
    const { app } = await startNode();
    const deep = `{"plate":"浙F3A110","lat":30752000,"lon":120758000,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const wideExtra = JSON.stringify({
      plate: '浙F3A111',
      lat: 30752000,
      lon: 120758000,
      note: { a: { b: { c: { d: { e: [1] } } } } },
    });
    await publish([
      ['kakou/hazmat/013800000110/location', deep],
      ['kakou/hazmat/013800000111/location', wideExtra],
      [
        'kakou/hazmat/013800000112/location',
        JSON.stringify({ plate: 'P'.repeat(100_000), lat: 30752000, lon: 120758000 }),
      ],
      ['kakou/hazmat/013800000113/location', '{"plate":"浙F\\ud800113","lat":30752000,"lon":120758000}'],
    ]);
    await until(() => app.broker.status().messages === 4, 10_000, 'four messages taken in');
    expect(app.ingest.dropCounts()).toContainEqual({
      profile: 'hazmat-terminal-json',
      code: 'KAKOU_E_INGEST_PAYLOAD',
      count: 1,
    });
    expect(app.tracks.get('vehicle:浙F3A111')).toBeDefined();
    expect(app.tracks.get('vehicle:浙F\ufffd113')).toBeDefined();
    const metrics = await app.metrics.registry.metrics();
    expect(metrics).toContain('kakou_mqtt_decode_thread_restarts_total 0');
    expect(metrics).toContain(
      'kakou_ingest_field_rejects_total{profile="hazmat-terminal-json",field="plate",reason="size"} 1',
    );
    expect(metrics).toContain(
      'kakou_ingest_field_rejects_total{profile="hazmat-terminal-json",field="extra",reason="size"} 1',
    );
  });

  it('answers a device from the thread: a Sparkplug node heard before its birth is asked to rebirth', async () => {
    await startNode();
    const gw = await mqtt.connectAsync(broker.url);
    const asked: boolean[] = [];
    gw.on('message', (_topic, payload) =>
      asked.push(
        decodeSparkplug(payload).metrics?.find((m) => m.name === 'Node Control/Rebirth')?.boolean_value === true,
      ),
    );
    await gw.subscribeAsync('spBv1.0/jx-bay/NCMD/gw-09', { qos: 1 });
    const data = encodeSparkplug({
      timestamp: Date.now(),
      seq: 5,
      metrics: [{ alias: 4, datatype: 10, double_value: 61 }],
    });
    // Sent until answered: "connected" can come before the thread's subscription is in place on a busy machine.
    await until(
      async () =>
        asked.length > 0
          ? true
          : (await gw.publishAsync('spBv1.0/jx-bay/DDATA/gw-09/TRUCK-9', data, { qos: 1 }), undefined),
      15_000,
      'a rebirth request',
    );
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every(Boolean)).toBe(true);
    await gw.endAsync();
  });

  it('is restarted when it dies, and the broker shows the outage meanwhile', async () => {
    const { app } = await startNode();
    const cookie = await (t as TestApp).login();
    const incomplete = async () =>
      (
        (await app.web.app.inject({ url: '/api/v1/status', headers: { cookie } })).json() as {
          drops: { incompleteAisGroups: Record<string, number> };
        }
      ).drops.incompleteAisGroups;
    // A first fragment superseded by another first fragment: one AIS group dropped incomplete.
    const first = toSentences(
      encodeStatic({
        mmsi: 413800103,
        imo: 0,
        callsign: 'BHZ103',
        shipname: 'ZHEHUZHOUHUO0103',
        shiptype: 70,
        toBow: 30,
        toStern: 18,
        toPort: 5,
        toStarboard: 5,
        draught: 2.9,
        destination: 'JIAXING',
      }).payload,
      2,
      4,
    )[0] as string;
    await publish([
      ['kakou/ais/gw-thread/nmea', first],
      ['kakou/ais/gw-thread/nmea', first],
    ]);
    await until(async () => (await incomplete())['ais-gateway-nmea'] === 1, 10_000, 'one incomplete group counted');

    // Fault injection: the thread is ended from outside, as a crash in it would end it.
    const worker = (app.broker as unknown as { worker: Worker }).worker;
    await worker.terminate();
    expect(app.broker.status().state).toBe('offline');
    await until(() => app.broker.status().state === 'connected', 10_000, 'reconnected by a new thread');
    expect(await app.metrics.registry.metrics()).toContain('kakou_mqtt_decode_thread_restarts_total 1');
    await publish([
      ['kakou/hazmat/013800000103/location', truck(3)],
      ['kakou/ais/gw-thread/nmea', first],
      ['kakou/ais/gw-thread/nmea', first],
    ]);
    await until(() => app.tracks.get('vehicle:浙F3A103'), 10_000, 'a message after the restart');
    // The new thread counts from zero; the node's count goes on.
    await until(async () => (await incomplete())['ais-gateway-nmea'] === 2, 10_000, 'counts kept across the restart');
  });

  it('pauses the broker socket, not its own memory, while the main thread is held, and loses nothing', async (ctx) => {
    if (!requireMosquitto('the decode thread back-pressure test', ['mosquitto_pub'])) return ctx.skip();
    const { app } = await startNode();
    const queued: number[] = [];
    const set = app.metrics.decodeQueue.set.bind(app.metrics.decodeQueue);
    app.metrics.decodeQueue.set = ((n: number) => {
      queued.push(n);
      set(n);
    }) as typeof set;
    const total = 30_000;
    // From a file, so the publisher goes on while this thread is held.
    const lines = join(t?.dataDir as string, 'messages.txt');
    writeFileSync(lines, Array.from({ length: total }, (_, i) => truck(i)).join('\n') + '\n');
    const input = openSync(lines, 'r');
    spawn(
      'mosquitto_pub',
      ['-h', '127.0.0.1', '-p', String(broker.port), '-q', '1', '-t', 'kakou/hazmat/013800000104/location', '-l'],
      { stdio: [input, 'ignore', 'inherit'] },
    );
    closeSync(input);
    // The main thread takes nothing in for 3 s: the thread decodes up to its bound, then stops reading.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3_000);
    await until(() => app.broker.status().messages >= total, 20_000, 'every message taken in');
    expect(app.broker.status().messages).toBe(total);
    expect(Math.max(...queued)).toBeGreaterThan(4_000);
    expect(Math.max(...queued)).toBeLessThanOrEqual(8_192 + 1);
    expect(app.ingest.dropCounts()).toEqual([]);
  });
});
