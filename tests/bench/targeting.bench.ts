import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { JOB_TIMEOUT_MS, ONCE } from './once.js';

/**
 * `kakou backtest` and `kakou policy fit` on N generated passages (default 1,000,000), each in a
 * process of its own timed with its peak RSS, against a bare read and JSON.parse of every line of
 * the same file in the same run (the least any replay of it can cost).
 */
const N = Number(process.env.TARGETING_PASSAGES ?? 1_000_000);
const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');
const SEED = '5e'.repeat(16);

/** Wall time (s) and peak RSS (MiB) of a node process, by GNU time. */
function timed(args: string[]): { s: number; mib: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  const [s, kib] = (r.stderr.trim().split('\n').at(-1) as string).split(' ').map(Number) as [number, number];
  return { s, mib: kib / 1024 };
}

const PARSE_ONLY = `
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
let n = 0;
for await (const line of createInterface({ input: createReadStream(process.argv[1]) })) if (line) { JSON.parse(line); n++; }
console.log(n);
`;

describe(`targeting on ${N.toLocaleString('en')} passages`, () => {
  test(
    'backtest and fit',
    async ({ bench }) => {
      await bench('backtest and fit', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'kakou-targetbench-'));
        try {
          timed([MAIN, 'backtest', '--generate', String(N), '--out', dir]);
          const passages = join(dir, 'passages.jsonl');
          const outcomes = join(dir, 'outcomes.jsonl');
          const parse = timed(['--input-type=module', '-e', PARSE_ONLY, passages]);
          const backtest = timed([
            MAIN,
            'backtest',
            '--passages',
            passages,
            '--outcomes',
            outcomes,
            '--seed',
            SEED,
            '--json',
          ]);
          const fit = timed([
            MAIN,
            'policy',
            'fit',
            '--passages',
            passages,
            '--outcomes',
            outcomes,
            '--out',
            join(dir, 'fitted.json'),
          ]);
          process.stdout.write(
            `\ntargeting: ${N.toLocaleString('en')} passages, ${(statSync(passages).size / 2 ** 20).toFixed(0)} MiB of kakou-subject/1\n` +
              `  bare read and JSON.parse of every line: ${parse.s.toFixed(1)} s\n` +
              `  kakou backtest (at capacity, with outcomes): ${backtest.s.toFixed(1)} s ` +
              `(${(backtest.s / parse.s).toFixed(1)}x the parse; target at most 30 s), peak RSS ${backtest.mib.toFixed(0)} MiB\n` +
              `  kakou policy fit: ${fit.s.toFixed(1)} s (${(fit.s / parse.s).toFixed(1)}x the parse; target at most 60 s), ` +
              `peak RSS ${fit.mib.toFixed(0)} MiB (target at most 512)\n`,
          );
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }).run(ONCE);
    },
    JOB_TIMEOUT_MS,
  );
});
