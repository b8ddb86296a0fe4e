import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzApi } from '../support/api-fuzz-run.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { truckAtGate } from '../support/messages.js';

/** The small run; `npm run bench` sends 10^6 requests (tests/bench/fuzz.bench.ts). */
const PER_OPERATION = Number(process.env.API_FUZZ ?? 300);
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
  await importDemoSnapshot(t.app);
  t.app.ingest.accept(truckAtGate('013800000101', '浙F3A101'));
  t.app.targets.flush();
});
afterAll(async () => {
  await t?.close();
});

describe('fuzzed API requests', () => {
  it('answers every hostile body and path parameter with a coded 4xx or a success, never a 5xx', async () => {
    const seed = Date.now() & 0xffffffff;
    const run = await fuzzApi(t, PER_OPERATION, seed);
    expect(run.violations, `seed ${seed}`).toEqual([]);
    expect(run.requests).toBeGreaterThan(PER_OPERATION * 5);
    expect(Object.keys(run.byStatus).some((s) => Number(s) >= 400)).toBe(true);
    // The node still works for an officer afterwards.
    expect(
      (await t.app.web.app.inject({ url: '/api/v1/targets', headers: { cookie: await t.login() } })).statusCode,
    ).toBe(200);
  }, 120_000);
});
