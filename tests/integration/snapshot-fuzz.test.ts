import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzSnapshots } from '../support/snapshot-fuzz.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The small run; `npm run bench` imports 10^6 damaged files (tests/bench/fuzz.bench.ts). */
const N = Number(process.env.SNAPSHOT_FUZZ ?? 1_000);
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
  await importDemoSnapshot(t.app);
});
afterAll(async () => {
  await t?.close();
});

describe('fuzzed credit snapshot files', () => {
  it('refuses every damaged file with a snapshot code and keeps the snapshot in force', async () => {
    const before = t.app.snapshots.meta();
    const seed = Date.now() & 0xffffffff;
    const run = await fuzzSnapshots(t.app, N, seed);
    expect(run.uncoded, `seed ${seed}`).toEqual([]);
    expect(run.imported, `seed ${seed}`).toBe(0);
    expect(run.byCode.KAKOU_E_SNAPSHOT_INVALID).toBeGreaterThan(0);
    expect(t.app.snapshots.meta()).toEqual(before);
    expect(t.app.credit.vessel(413800102, Date.now()).known).toBe(true);
  }, 120_000);
});
