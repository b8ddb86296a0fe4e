// A whole Kakou node (the built one, dist/), instrumented from outside for the bench: messages
// handled, publish-to-target-list latency of each truck report (the publisher stamps its publish
// time; the report counts as listed when the rescore that includes it completes), event-loop delay,
// and resident memory.
import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import process from 'node:process';
import { setImmediate } from 'node:timers';
import { pino } from 'pino';
import { createApp } from '../../../dist/app.js';
import { loadConfig } from '../../../dist/config/load-config.js';
import { demoSnapshot } from '../../../dist/demo/demo-snapshot.js';
import { driverIdKeyId } from '../../../dist/domain/driver-id.js';
import { recordsFromJson } from '../../../dist/snapshot/from-json.js';
import { buildSnapshot } from '../../../dist/snapshot/writer.js';
import { generateNodeKey, rawPublicKey } from '../../../dist/sync/signing.js';
import { say, serve } from './line-protocol.mjs';

const issuer = generateNodeKey();
const driverIdKey = randomBytes(32);
const now = Date.now();
const json = demoSnapshot(now);
const config = loadConfig({
  overrides: {
    // E2E_DECODE_THREAD (auto, worker or main) says where broker messages are decoded; default as configured by default.
    mqtt: {
      url: process.env.BROKER_URL,
      clientId: 'bench-kakou',
      ...(process.env.E2E_DECODE_THREAD && { decodeThread: process.env.E2E_DECODE_THREAD }),
    },
    http: { port: 0 },
    storage: { dataDir: mkdtempSync(join(tmpdir(), 'kakou-e2e-')) },
    tracks: { maxTracks: 60_000 },
    log: { level: 'warn' },
    snapshot: {
      trustedKeys: [rawPublicKey(createPublicKey(issuer.privateKey)).toString('hex')],
      driverIdKey: driverIdKey.toString('hex'),
    },
  },
});
const app = await createApp(config, { log: pino({ level: 'warn' }) });
await app.snapshots.importStream(
  [
    buildSnapshot(
      {
        version: json.version,
        baseVersion: 0,
        issuedAtMs: Date.parse(json.issuedAt),
        validUntilMs: Date.parse(json.validUntil),
        issuer: 'bench',
        driverIdKeyId: driverIdKeyId(driverIdKey),
      },
      issuer.privateKey,
      recordsFromJson(json, driverIdKey),
    ),
  ],
  'bench',
);

let messages = 0;
let first = 0;
let last = 0;
let pending = [];
let latencies = [];
// Publish to the track store, the part of the latency before scoring: broker, decoding and hand-over.
let arrivals = [];
// Taken in by the main thread, whichever thread decoded it.
const accept = app.ingest.accept.bind(app.ingest);
app.ingest.accept = (frame) => {
  const t = performance.now();
  if (messages === 0) first = t;
  last = t;
  messages++;
  accept(frame);
};
const apply = app.tracks.apply.bind(app.tracks);
app.tracks.apply = (o) => {
  if (o.kind === 'vehicle-report') {
    pending.push(o.observedAt);
    arrivals.push(Date.now() - o.observedAt);
  }
  return apply(o);
};
app.events.on('targets-changed', 'bench', () => {
  // Every rescore covers every target changed before it: the pending reports are now listed.
  const listed = Date.now();
  for (const at of pending) latencies.push(listed - at);
  pending = [];
});
// How long each batch of decisions (with their outbox rows, one transaction and disk sync) holds the main thread.
let writes = [];
const recordMany = app.storage.decisions.recordMany.bind(app.storage.decisions);
app.storage.decisions.recordMany = (batch) => {
  const t = performance.now();
  try {
    return recordMany(batch);
  } finally {
    writes.push(performance.now() - t);
  }
};
const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();

const pct = (xs, p) => (xs.length === 0 ? null : xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]);
const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
// The main thread's own CPU (its task's utime + stime, in clock ticks of 10 ms): with broker
// messages decoded on a worker thread, what the main thread spends is what caps the node's intake.
const mainThreadCpuS = () => {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const memory = () => {
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    cpuS: (cpu.user + cpu.system) / 1e6,
    mainCpuS: mainThreadCpuS(),
  };
};
await app.start();
serve({
  reset: () => {
    messages = 0;
    first = 0;
    last = 0;
    latencies = [];
    arrivals = [];
    pending = [];
    writes = [];
    eld.reset();
  },
  report: () => {
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      thread: app.broker.thread,
      messages,
      seconds: (last - first) / 1000,
      tracks: app.tracks.size,
      targets: app.targets.list().length,
      latencyMs: { n: sorted.length, p50: pct(sorted, 50), p99: pct(sorted, 99), max: sorted.at(-1) ?? null },
      arrivalMs: (() => {
        const a = [...arrivals].sort((x, y) => x - y);
        return { p50: pct(a, 50), p99: pct(a, 99), max: a.at(-1) ?? null };
      })(),
      eventLoopMs: { p50: eld.percentile(50) / 1e6, p99: eld.percentile(99) / 1e6, max: eld.max / 1e6 },
      decisionWritesMs: (() => {
        const w = [...writes].sort((a, b) => a - b);
        return { n: w.length, p50: pct(w, 50), max: w.at(-1) ?? null };
      })(),
      ...memory(),
      peakRss: hwm(),
      decisions: app.storage.outbox.count(),
    };
  },
  stop: async () => {
    await app.stop();
    setImmediate(() => process.exit(0));
  },
});
say({ ready: true });
