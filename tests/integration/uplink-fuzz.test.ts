import { describe, expect, it } from 'vitest';
import { fuzzUplink } from '../support/uplink-fuzz.js';

/** The small run; `npm run bench` sends 10^6 bodies (tests/bench/fuzz.bench.ts). */
const N = Number(process.env.UPLINK_FUZZ ?? 3_000);

describe('fuzzed uplink bodies at the central', () => {
  it("answers every hostile body with a code, and keeps an honest node's chain whole and verified", async () => {
    const seed = Date.now() & 0xffffffff;
    const run = await fuzzUplink(N, seed);
    expect(run.uncoded, `seed ${seed}`).toEqual([]);
    expect(
      Object.keys(run.byCode).filter((c) => c.startsWith('honest:')),
      `seed ${seed}`,
    ).toEqual([]);
    for (const code of ['KAKOU_E_SYNC_BAD_BATCH', 'KAKOU_E_SYNC_SIGNATURE', 'KAKOU_E_SYNC_UNKNOWN_NODE'])
      expect(run.byCode[code], code).toBeGreaterThan(0);
    expect(run.report).toMatchObject({
      records: run.honestRecords,
      highestContiguousSeq: run.honestRecords,
      gaps: [],
      chain: { verified: true },
    });
  }, 120_000);
});
