import { describe, test } from 'vitest';
import { JOB_TIMEOUT_MS, ONCE } from './once.js';
import { fuzzApi } from '../support/api-fuzz-run.js';
import { deliverToCentral } from '../support/central.js';
import { fuzzNode } from '../support/payload-fuzz-run.js';
import { fuzzSnapshots } from '../support/snapshot-fuzz.js';
import { fuzzUplink } from '../support/uplink-fuzz.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp } from '../support/test-app.js';
import { truckAtGate } from '../support/messages.js';

/**
 * The fuzz runs at full size, one per external input: 10^6 device payloads (JSON, protobuf,
 * Sparkplug B, NMEA, random topics, plus OPC UA value sets) through a node's whole ingest path,
 * half of them by way of the decode thread's hand-over (PAYLOAD_FUZZ=N to change); 10^6 hostile
 * API requests spread over every operation with a body or path parameter (API_FUZZ=N); 10^6
 * uplink bodies at the central beside an honest node (UPLINK_FUZZ=N); and 10^6 damaged credit
 * snapshot files at a node's import (SNAPSHOT_FUZZ=N). Each fails the run on anything thrown
 * uncoded, any 5xx or uncoded 4xx, unbounded growth, or a chain at the central left unverified.
 * The tests run a small share of each (tests/integration/*-fuzz.test.ts).
 */

describe('fuzz', () => {
  test(
    'device payloads through the ingest path',
    async ({ bench }) => {
      await bench('device payloads through the ingest path', async () => {
        const n = Number(process.env.PAYLOAD_FUZZ ?? 1_000_000);
        const t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' }, tracks: { maxTracks: 5000 } });
        try {
          await importDemoSnapshot(t.app);
          const seed = Date.now() & 0xffffffff;
          const started = performance.now();
          const r = fuzzNode(t.app, n, seed);
          const s = (performance.now() - started) / 1000;
          if (r.internal.length > 0 || r.scoreFailures > 0 || r.handoverMismatches.length > 0) {
            throw new Error(
              `payload fuzz seed ${seed}: ${JSON.stringify(r.internal)}, ${r.scoreFailures} scoring failures, changed in the hand-over: ${JSON.stringify(r.handoverMismatches)}`,
            );
          }
          t.app.targets.flush();
          const report = await deliverToCentral(t.app.storage.outbox, 'fuzz-node');
          if (!report?.chain.verified || report.highestContiguousSeq !== report.records)
            throw new Error(
              `payload fuzz seed ${seed}: the node's records do not verify at the central: ${JSON.stringify(report)}`,
            );
          process.stdout.write(
            `\npayload fuzz: ${n.toLocaleString('en')} messages (${JSON.stringify(r.byKind)}) and ${r.opcuaBodies.toLocaleString('en')} OPC UA value sets in ${s.toFixed(1)} s; ` +
              `${r.drops.toLocaleString('en')} rejected with a code, nothing thrown, ${t.app.tracks.size} tracks (bound 5000); ` +
              `${r.handedOver.toLocaleString('en')} of them through the decode thread's hand-over, each unchanged; ${report.records.toLocaleString('en')} records verified at the central\n`,
          );
        } finally {
          await t.close();
        }
      }).run(ONCE);
    },
    JOB_TIMEOUT_MS,
  );

  test(
    'uplink bodies at the central',
    async ({ bench }) => {
      await bench('uplink bodies at the central', async () => {
        const n = Number(process.env.UPLINK_FUZZ ?? 1_000_000);
        const seed = Date.now() & 0xffffffff;
        const started = performance.now();
        const r = await fuzzUplink(n, seed);
        const s = (performance.now() - started) / 1000;
        if (r.uncoded.length > 0 || !r.report?.chain.verified || r.report.highestContiguousSeq !== r.honestRecords) {
          throw new Error(
            `uplink fuzz seed ${seed}: ${JSON.stringify(r.uncoded.slice(0, 3))}, honest node ${JSON.stringify(r.report)}`,
          );
        }
        process.stdout.write(
          `\nuplink fuzz: ${r.cases.toLocaleString('en')} bodies in ${s.toFixed(1)} s; answers ${JSON.stringify(r.byCode)}; honest chain of ${r.honestRecords.toLocaleString('en')} verified\n`,
        );
      }).run(ONCE);
    },
    JOB_TIMEOUT_MS,
  );

  test(
    'credit snapshot files',
    async ({ bench }) => {
      await bench('credit snapshot files', async () => {
        const n = Number(process.env.SNAPSHOT_FUZZ ?? 1_000_000);
        // In memory: a refused import's staging costs a file-backed database an fsync, which at this
        // volume would measure the disk; the tests' share runs on a file (snapshot-fuzz.test.ts).
        const t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' }, storage: { dataDir: ':memory:' } });
        try {
          await importDemoSnapshot(t.app);
          const before = t.app.snapshots.meta();
          const seed = Date.now() & 0xffffffff;
          const started = performance.now();
          const r = await fuzzSnapshots(t.app, n, seed);
          const s = (performance.now() - started) / 1000;
          if (r.uncoded.length > 0 || r.imported > 0 || t.app.snapshots.meta()?.version !== before?.version) {
            throw new Error(
              `snapshot fuzz seed ${seed}: ${r.imported} imported, ${JSON.stringify(r.uncoded.slice(0, 3))}`,
            );
          }
          process.stdout.write(
            `\nsnapshot fuzz: ${r.cases.toLocaleString('en')} damaged files in ${s.toFixed(1)} s; refused ${JSON.stringify(r.byCode)}; the snapshot in force kept\n`,
          );
        } finally {
          await t.close();
        }
      }).run(ONCE);
    },
    JOB_TIMEOUT_MS,
  );

  test(
    'API request bodies and parameters',
    async ({ bench }) => {
      await bench('API request bodies and parameters', async () => {
        const total = Number(process.env.API_FUZZ ?? 1_000_000);
        const t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
        try {
          await importDemoSnapshot(t.app);
          t.app.ingest.accept(truckAtGate('013800000101', '浙F3A101'));
          t.app.targets.flush();
          const probe = await fuzzApi(t, 1, 1);
          const seed = Date.now() & 0xffffffff;
          const started = performance.now();
          const r = await fuzzApi(t, Math.ceil(total / probe.requests), seed);
          const s = (performance.now() - started) / 1000;
          if (r.violations.length > 0)
            throw new Error(`API fuzz seed ${seed}: ${JSON.stringify(r.violations.slice(0, 3))}`);
          process.stdout.write(
            `\nAPI fuzz: ${r.requests.toLocaleString('en')} requests over ${probe.requests} operations in ${s.toFixed(1)} s; by status ${JSON.stringify(r.byStatus)}; no 5xx, every 4xx coded\n`,
          );
        } finally {
          await t.close();
        }
      }).run(ONCE);
    },
    JOB_TIMEOUT_MS,
  );
});
