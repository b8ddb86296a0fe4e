import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-snapshot.js';
import { recordsFromJson } from '../../src/snapshot/from-json.js';
import { buildSnapshot } from '../../src/snapshot/writer.js';
import { fuzzSnapshots } from '../support/snapshot-fuzz.js';
import { header, importDemoSnapshot, TEST_DRIVER_ID_KEY, TEST_ISSUER } from '../support/snapshots.js';
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
  it('refuses a file whose trailer carries the same values in other bytes (the trailer is not itself signed)', async () => {
    const json = demoSnapshot(Date.now());
    const version = (t.app.snapshots.meta()?.version ?? 0) + 1;
    const good = Buffer.from(
      buildSnapshot(header(json, { version }), TEST_ISSUER, [...recordsFromJson(json, TEST_DRIVER_ID_KEY)].slice(0, 8)),
    );
    // The trailer ends with the Ed25519 signature: field 3, length-delimited (tag 0x1a), 64 bytes.
    expect(good[good.length - 66]).toBe(0x1a);
    const retagged = Buffer.from(good);
    retagged[good.length - 66] = 0x1b; // the same field number under another wire type: decoded alike
    await expect(t.app.snapshots.importStream([retagged], 'test')).rejects.toMatchObject({
      code: 'KAKOU_E_SNAPSHOT_INVALID',
    });
    expect(t.app.snapshots.meta()?.version).toBe(version - 1);
  });

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
