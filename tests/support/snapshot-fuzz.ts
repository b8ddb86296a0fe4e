import type { KakouApp } from '../../src/app.js';
import { prng } from '../../src/domain/prng.js';
import { isKakouError } from '../../src/errors.js';
import { demoSnapshot } from '../../src/demo/demo-snapshot.js';
import { recordsFromJson } from '../../src/snapshot/from-json.js';
import { buildSnapshot } from '../../src/snapshot/writer.js';
import { header, TEST_DRIVER_ID_KEY, TEST_ISSUER } from './snapshots.js';

export interface SnapshotFuzzRun {
  cases: number;
  byCode: Record<string, number>;
  /** Imports that succeeded: only an unchanged file may (the version in force refuses the rest). */
  imported: number;
  /** Anything thrown that is not a coded Kakou error: a run must have none. */
  uncoded: string[];
}

/**
 * Damaged credit snapshot files at a node's import: bytes flipped, inserted, deleted, frames cut,
 * chunks split at random, random bytes, and the same file under a higher version the issuer never
 * signed. Each must be refused with a KAKOU_E_SNAPSHOT_* code and the snapshot in force kept.
 */
export async function fuzzSnapshots(app: KakouApp, cases: number, seed: number): Promise<SnapshotFuzzRun> {
  const r = prng(seed);
  const int = (n: number) => Math.floor(r() * n);
  // Newer than the one in force, so every check past the version is reached; a few records, so
  // each case costs the checks, not the staging of a whole fleet.
  const json = demoSnapshot(Date.now());
  const good = buildSnapshot(
    header(json, { version: (app.snapshots.meta()?.version ?? 0) + 1000 }),
    TEST_ISSUER,
    [...recordsFromJson(json, TEST_DRIVER_ID_KEY)].slice(0, 16),
  );
  const run: SnapshotFuzzRun = { cases: 0, byCode: {}, imported: 0, uncoded: [] };
  for (let i = 0; i < cases; i++) {
    let b = Buffer.from(good);
    const k = r();
    if (k < 0.1) b = Buffer.from(Array.from({ length: int(200) }, () => int(256)));
    else if (k < 0.2) b = b.subarray(0, int(b.length));
    else {
      for (let f = 1 + int(4); f > 0 && b.length > 0; f--) {
        const at = int(b.length);
        const op = r();
        if (op < 0.5)
          b[at] = ((b[at] as number) + 1 + int(255)) % 256; // always a different byte
        else if (op < 0.7) b = Buffer.concat([b.subarray(0, at), Buffer.from([int(256)]), b.subarray(at)]);
        else b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(16))]);
      }
    }
    // Delivered in chunks cut anywhere, as a slow USB stick or a network would.
    const chunks: Buffer[] = [];
    for (let at = 0; at < b.length; ) {
      const n = 1 + int(4096);
      chunks.push(b.subarray(at, at + n));
      at += n;
    }
    run.cases++;
    try {
      await app.snapshots.importStream(chunks, 'fuzz');
      run.imported++;
    } catch (err) {
      if (isKakouError(err) && err.code.startsWith('KAKOU_E_SNAPSHOT_'))
        run.byCode[err.code] = (run.byCode[err.code] ?? 0) + 1;
      else if (run.uncoded.length < 10) run.uncoded.push(String((err as Error).stack ?? err));
    }
  }
  return run;
}
