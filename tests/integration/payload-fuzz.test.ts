import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverToCentral } from '../support/central.js';
import { fuzzNode } from '../support/payload-fuzz-run.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { truckAtGate } from '../support/messages.js';

/** The small run; `npm run bench` runs 10^6 messages (tests/bench/fuzz.bench.ts). */
const N = Number(process.env.PAYLOAD_FUZZ ?? 20_000);
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' }, tracks: { maxTracks: 2000 } });
  await importDemoSnapshot(t.app);
});
afterAll(async () => {
  await t?.close();
});

describe('fuzzed device payloads through the whole ingest path', () => {
  it('never throws, counts every rejection, stays bounded, and still hears a good device afterwards', async () => {
    const seed = Date.now() & 0xffffffff;
    const run = fuzzNode(t.app, N, seed);
    expect(run.internal, `seed ${seed}`).toEqual([]);
    expect(run.scoreFailures, `seed ${seed}`).toBe(0);
    expect(run.handoverMismatches, `seed ${seed}`).toEqual([]);
    expect(run.handedOver).toBe(Math.floor(N / 2));
    expect(Object.keys(run.byKind).sort()).toEqual(['json', 'nmea', 'protobuf', 'sparkplug', 'topic']);
    expect(run.drops).toBeGreaterThan(N / 10);
    expect(t.app.tracks.size).toBeLessThanOrEqual(2000);
    t.app.ingest.accept(truckAtGate('013800000106', '浙F3A106'));
    expect(t.app.tracks.get('vehicle:浙F3A106')).toBeDefined();
    const res = await t.app.web.app.inject({ url: '/api/v1/targets', headers: { cookie: await t.login() } });
    expect(res.statusCode).toBe(200);
    // Whatever the node recorded of it (decisions naming fuzzed plates included) goes upstream whole.
    t.app.targets.flush();
    const report = await deliverToCentral(t.app.storage.outbox, 'fuzz-node');
    expect(report?.records).toBeGreaterThan(0);
    expect(report).toMatchObject({ highestContiguousSeq: report?.records, gaps: [], chain: { verified: true } });
  }, 120_000);
});
