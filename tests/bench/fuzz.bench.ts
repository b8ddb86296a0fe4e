import { bench, describe } from 'vitest';
import { fuzzApi } from '../support/api-fuzz-run.js';
import { fuzzNode } from '../support/payload-fuzz-run.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp } from '../support/test-app.js';

/**
 * The fuzz runs at full size: 10^6 device payloads (JSON, protobuf, Sparkplug B, random topics,
 * plus OPC UA value sets) through a node's whole ingest path, half of them by way of the decode
 * thread's hand-over (PAYLOAD_FUZZ=N to change), and 10^6
 * hostile API requests spread over every operation with a body or path parameter (API_FUZZ=N).
 * Either fails the run on anything thrown, any 5xx or any uncoded 4xx.
 */
const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };

describe('fuzz', () => {
  bench('device payloads through the ingest path', async () => {
    const n = Number(process.env.PAYLOAD_FUZZ ?? 1_000_000);
    const t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' }, tracks: { maxTracks: 5000 } });
    try {
      await importDemoSnapshot(t.app);
      const seed = Date.now() & 0xffffffff;
      const started = performance.now();
      const r = fuzzNode(t.app, n, seed);
      const s = (performance.now() - started) / 1000;
      if (r.internal.length > 0 || r.scoreFailures > 0 || r.handoverMismatches.length > 0) {
        throw new Error(`payload fuzz seed ${seed}: ${JSON.stringify(r.internal)}, ${r.scoreFailures} scoring failures, changed in the hand-over: ${JSON.stringify(r.handoverMismatches)}`);
      }
      process.stdout.write(`\npayload fuzz: ${n.toLocaleString('en')} messages (${JSON.stringify(r.byKind)}) and ${r.opcuaBodies.toLocaleString('en')} OPC UA value sets in ${s.toFixed(1)} s; `
        + `${r.drops.toLocaleString('en')} rejected with a code, nothing thrown, ${t.app.tracks.size} tracks (bound 5000); `
        + `${r.handedOver.toLocaleString('en')} of them through the decode thread's hand-over, each unchanged\n`);
    } finally {
      await t.close();
    }
  }, once);

  bench('API request bodies and parameters', async () => {
    const total = Number(process.env.API_FUZZ ?? 1_000_000);
    const t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
    try {
      await importDemoSnapshot(t.app);
      t.app.ingest.handle('kakou/hazmat/013800000101/location', Buffer.from(JSON.stringify({ plate: '浙F3A101', lat: 30752200, lon: 120758500, speed: 500, direction: 90, alarm: 0 })));
      t.app.targets.flush();
      const probe = await fuzzApi(t, 1, 1);
      const seed = Date.now() & 0xffffffff;
      const started = performance.now();
      const r = await fuzzApi(t, Math.ceil(total / probe.requests), seed);
      const s = (performance.now() - started) / 1000;
      if (r.violations.length > 0) throw new Error(`API fuzz seed ${seed}: ${JSON.stringify(r.violations.slice(0, 3))}`);
      process.stdout.write(`\nAPI fuzz: ${r.requests.toLocaleString('en')} requests over ${probe.requests} operations in ${s.toFixed(1)} s; by status ${JSON.stringify(r.byStatus)}; no 5xx, every 4xx coded\n`);
    } finally {
      await t.close();
    }
  }, once);
});
