import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticRecords } from '../../src/snapshot/synthetic.js';
import { buildSnapshot } from '../../src/snapshot/writer.js';
import { runCli, startCli } from '../support/cli.js';
import { TEST_ISSUER, TEST_ISSUER_PUBLIC } from '../support/snapshots.js';

const dir = mkdtempSync(join(tmpdir(), 'kakou-snapkill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KILLS = Number(process.env.SNAPSHOT_KILLS ?? 8);

function counts(): { version: number; vessels: number; vehicles: number; history: number } {
  const db = new Database(join(dir, 'data', 'kakou.db'));
  try {
    const version =
      (db.prepare('SELECT version FROM snapshot_meta').get() as { version: number } | undefined)?.version ?? 0;
    const n = (t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM snap_${t}`).get() as { n: number }).n;
    return { version, vessels: n('vessels'), vehicles: n('vehicles'), history: n('history') };
  } finally {
    db.close();
  }
}

describe('snapshot import under SIGKILL', () => {
  it(`never leaves a mixed snapshot, across ${KILLS} kills at random moments`, async () => {
    const now = Date.now();
    const make = (version: number, subjects: number, seed: number) => {
      const file = join(dir, `v${version}.ksnap`);
      writeFileSync(
        file,
        buildSnapshot(
          { version, baseVersion: 0, issuedAtMs: now, validUntilMs: now + 86_400_000, issuer: 'test' },
          TEST_ISSUER,
          syntheticRecords(subjects, seed, now),
        ),
      );
      return file;
    };
    const small = make(1, 2_000, 1);
    const big = make(2, 80_000, 2);
    const env = {
      KAKOU_STORAGE__DATA_DIR: join(dir, 'data'),
      KAKOU_SNAPSHOT__TRUSTED_KEYS: TEST_ISSUER_PUBLIC,
      KAKOU_LOG__LEVEL: 'warn',
    };
    expect((await runCli(['snapshot', 'import', small], env)).code).toBe(0);
    const v1 = counts();
    expect(v1.version).toBe(1);

    let completedEarly = 0;
    for (let i = 0; i < KILLS; i++) {
      const p = startCli(['snapshot', 'import', big], env);
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 1200));
      p.proc.kill('SIGKILL');
      const { code } = await p.exited;
      const now2 = counts();
      if (now2.version === 2) {
        completedEarly++;
        break; // the import finished before the kill: the rest of the loop has nothing left to interrupt
      }
      expect(code, 'killed, not finished').toBeNull();
      expect(now2).toEqual(v1);
    }
    if (completedEarly === 0) expect((await runCli(['snapshot', 'import', big], env)).code).toBe(0);
    const v2 = counts();
    expect(v2.version).toBe(2);
    expect(v2.vessels + v2.vehicles).toBe(72_000);
  }, 180_000);
});
