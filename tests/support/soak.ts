import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { spawnMosquitto } from './broker.js';
import { fillToCap } from './storage-fill.js';
import { startCentral, type TestCentral } from './central.js';
import { freePort } from './ports.js';
import { importDemoSnapshot } from './snapshots.js';
import { BUILT_DECODE_WORKER, createTestApp, type TestApp } from './test-app.js';
import { truckAtGate } from './messages.js';

export interface SoakSample {
  atS: number;
  rssMiB: number;
  heapMiB: number;
  /** The MQTT decode thread's own heap (0 when decoding on the main thread). */
  threadHeapMiB: number;
  fds: number;
  tracks: number;
  outbox: number;
  broker: string;
  sync: string;
  event: string;
}

export interface SoakResult {
  samples: SoakSample[];
  /** For each outage: whether the node showed it (readiness, status) while it lasted. */
  outagesSeen: Array<{ kind: 'broker' | 'central' | 'disk'; seen: boolean }>;
  recovered: { broker: boolean; sync: boolean; devices: number };
}

const DEVICES = 40;
const report = (n: number) =>
  JSON.stringify({
    plate: `浙S${String(10000 + n)}`,
    time: new Date().toISOString(),
    lat: 30752200 + n * 10,
    lon: 120758500,
    speed: 500,
    direction: 90,
    alarm: 0,
  });

/**
 * A node under load through repeated failures, sampled once a second: the broker killed and
 * restarted (its devices all reconnecting at once), the central down for long stretches while
 * inspection records keep being written, the disk full. Outages take turns; each lasts `outageS`.
 */
export async function runSoak(
  seconds: number,
  outageS: number,
  log: (line: string) => void = () => undefined,
): Promise<SoakResult> {
  const port = await freePort();
  const mosqDir = () => mkdtempSync(join(tmpdir(), 'kakou-soak-mosq-'));
  const brokerConf = `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\nset_tcp_nodelay true`;
  let stopBroker: (() => Promise<void>) | null = await spawnMosquitto(mosqDir(), brokerConf, [port]);
  const centralDir = mkdtempSync(join(tmpdir(), 'kakou-soak-central-'));
  let central: TestCentral | null = await startCentral(0, centralDir);
  const centralPort = central.port;
  // Broker messages are decoded on the worker thread (the built one) unless SOAK_DECODE_THREAD=main.
  const thread = process.env.SOAK_DECODE_THREAD === 'main' ? 'main' : 'worker';
  const t: TestApp = await createTestApp(
    {
      mqtt: { url: `mqtt://127.0.0.1:${port}`, reconnectMs: 250, decodeThread: thread },
      sync: { centralUrl: central.url, minBackoffMs: 50, maxBackoffMs: 1000, probeMs: 200 },
      tracks: { staleAfterS: 60 },
    },
    undefined,
    thread === 'worker' ? BUILT_DECODE_WORKER : null,
  );
  log(`broker messages decoded on the ${t.app.broker.thread} thread`);
  await importDemoSnapshot(t.app);
  await t.app.start();
  const cookie = await t.login('admin');
  const devices: MqttClient[] = Array.from({ length: DEVICES }, (_, i) =>
    mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: `soak-dev-${i}`, reconnectPeriod: 100, connectTimeout: 2000 }),
  );
  const result: SoakResult = { samples: [], outagesSeen: [], recovered: { broker: false, sync: false, devices: 0 } };
  const started = Date.now();
  let tick = 0;
  let event: string;
  let outage: { kind: 'broker' | 'central' | 'disk'; until: number; seen: boolean } | null = null;
  let nextOutage = started + 5_000;
  let flip = 0;
  try {
    // An outage under way when the time is up runs its course: cut short, it could end before the node had a chance to show it.
    while (Date.now() - started < seconds * 1000 || outage) {
      tick++;
      devices.forEach((d, i) => {
        if (d.connected) d.publish(`kakou/hazmat/0137${String(i).padStart(8, '0')}/location`, report(i), { qos: 0 });
      });
      // Officers keep recording inspections whatever is down: each must reach the central in the end.
      if (tick % 2 === 0) {
        t.app.ingest.accept(truckAtGate('013800000101', '浙F3A101'));
        t.app.targets.flush();
        const res = await t.app.web.app.inject({
          method: 'POST',
          url: '/api/v1/inspections',
          headers: { cookie },
          payload: { targetId: 'vehicle:浙F3A101', result: 'no-defects', action: 'release', defects: [] },
        });
        // On a full disk the officer is told at once that nothing was saved.
        if (outage?.kind === 'disk' && res.statusCode === 507) outage.seen = true;
      }
      // New vehicles keep arriving while the disk is full: their decisions cannot be written.
      if (outage?.kind === 'disk') {
        t.app.ingest.accept({
          form: 'message',
          topic: `kakou/hazmat/0136${String(tick).padStart(8, '0')}/location`,
          payload: Buffer.from(report(1000 + tick)),
        });
        t.app.targets.flush();
      }
      // What the node shows now, before this tick's change: an outage counts as seen if it showed while it lasted.
      await new Promise((r) => setTimeout(r, 100));
      const ready = (await t.app.web.app.inject({ url: '/readyz' })).json() as { checks: { broker: { ok: boolean } } };
      const status = (await t.app.web.app.inject({ url: '/api/v1/status', headers: { cookie } })).json() as {
        sync: { state: string };
      };
      if (outage?.kind === 'broker' && !ready.checks.broker.ok) outage.seen = true;
      if (outage?.kind === 'central' && status.sync.state === 'backoff') outage.seen = true;
      if (outage?.kind === 'disk' && !(ready.checks as { database?: { ok: boolean } }).database?.ok) outage.seen = true;
      const now = Date.now();
      if (!outage && now >= nextOutage) {
        const kind = (['broker', 'central', 'disk'] as const)[flip++ % 3] as 'broker' | 'central' | 'disk';
        outage = { kind, until: now + outageS * 1000, seen: false };
        event = `${kind} down`;
        if (kind === 'broker') {
          await stopBroker?.();
          stopBroker = null;
        } else if (kind === 'central') {
          await central?.close();
          central = null;
        } else {
          // A disk fills where the uplink has been down for days and nothing drains: both at once.
          await central?.close();
          central = null;
          fillToCap(t.app, `soak-${tick}`);
        }
      } else if (outage && now >= outage.until) {
        event = `${outage.kind} back`;
        if (outage.kind === 'broker') stopBroker = await spawnMosquitto(mosqDir(), brokerConf, [port]);
        else {
          t.app.storage.maintenance.setMaxBytes(0);
          central = await startCentral(centralPort, centralDir);
        }
        result.outagesSeen.push({ kind: outage.kind, seen: outage.seen });
        outage = null;
        nextOutage = now + outageS * 1000;
      } else event = '';
      const m = process.memoryUsage();
      const sample: SoakSample = {
        atS: Math.round((now - started) / 1000),
        rssMiB: Math.round(m.rss / 1048576),
        heapMiB: Math.round(m.heapUsed / 1048576),
        threadHeapMiB: Math.round(((await t.app.metrics.decodeHeap.get()).values[0]?.value ?? 0) / 1048576),
        fds: readdirSync('/proc/self/fd').length,
        tracks: t.app.tracks.size,
        outbox: t.app.storage.outbox.count(),
        broker: ready.checks.broker.ok ? 'up' : 'down',
        sync: status.sync.state,
        event,
      };
      result.samples.push(sample);
      if (event || sample.atS % 60 === 0) log(JSON.stringify(sample));
      await new Promise((r) => setTimeout(r, 900));
    }
    // Everything recovers by itself: the node back on the broker, the devices back, the queue drained.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      result.recovered = {
        broker: ((await t.app.web.app.inject({ url: '/readyz' })).json() as { checks: { broker: { ok: boolean } } })
          .checks.broker.ok,
        sync: t.app.storage.outbox.count() === 0,
        devices: devices.filter((d) => d.connected).length,
      };
      if (result.recovered.broker && result.recovered.sync && result.recovered.devices === DEVICES) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    return result;
  } finally {
    await Promise.all(devices.map((d) => d.endAsync(true).catch(() => undefined)));
    await t.close();
    await central?.close();
    await stopBroker?.();
  }
}

/** Growth from the first third (after warm-up) to the last third of a run, of a sample field. */
export function growth(
  samples: SoakSample[],
  field: 'rssMiB' | 'heapMiB' | 'threadHeapMiB' | 'fds' | 'tracks',
): { early: number; late: number } {
  const third = Math.max(1, Math.floor(samples.length / 3));
  const avg = (xs: SoakSample[]) => xs.reduce((a, s) => a + s[field], 0) / xs.length;
  return { early: avg(samples.slice(third, 2 * third)), late: avg(samples.slice(-third)) };
}
