import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every benchmark at a small size, so none can rot unseen between runs of `npm run bench`: each
 * must finish, print its figures, and a benchmark that throws fails this test with its error.
 */
const SMALL = {
  AIS_REPEAT: '1',
  AIS_FUZZ: '2000',
  PAYLOAD_FUZZ: '2000',
  UPLINK_FUZZ: '1000',
  SNAPSHOT_FUZZ: '500',
  API_FUZZ: '500',
  SNAPSHOT_SUBJECTS: '2000',
  DRAIN_RECORDS: '2000',
  E2E_SECONDS: '2',
  E2E_FLOOD: '3000',
  E2E_TRACKS: '1000',
  E2E_PACE_RUNS: '1',
  TARGETING_PASSAGES: '3000',
};
const ROOT = join(import.meta.dirname, '..', '..');

describe('the benchmarks at a small size', () => {
  it('all run to the end and print their figures', async () => {
    const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    const child = spawn(process.execPath, [vitest, 'bench', '--run', '--config', 'tests/vitest.config.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...SMALL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, out.slice(-4000)).toBe(0);
    for (const line of [
      /^AIS decode: /m,
      /^ingest AIS: /m,
      /^ingest hazmat JSON: /m,
      /^AIS fuzz: /m,
      /^flood of 3000: /m,
      /^snapshot import: 2,000 subjects/m,
      /^payload fuzz: /m,
      /^uplink fuzz: /m,
      /^snapshot fuzz: /m,
      /^API fuzz: /m,
      /^uplink drain: 2000 records/m,
      /^targeting: 3,000 passages/m,
    ]) {
      expect(out, String(line)).toMatch(line);
    }
  }, 300_000);
});
