import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { JOB_TIMEOUT_MS, ONCE } from './once.js';
import { fuzzInputs, runFuzz } from '../support/ais-fuzz.js';

/**
 * `kakou ais decode` against gpsd's `gpsdecode -j` as whole processes on the same 1,000,000-sentence
 * corpus (tests/fixtures/ais/bench-pool.nmea repeated 59 times), in one run, with each process's
 * peak RSS from GNU time. Also runs the decoder fuzz at 10^6 inputs (AIS_FUZZ=N to change).
 */
const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'main.js');
const POOL = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ais', 'bench-pool.nmea'));
/** Copies of the bench pool in the corpus: 59 make 1,000,000 sentences (AIS_REPEAT=N for a smaller run). */
const REPEAT = Number(process.env.AIS_REPEAT ?? 59);

function timed(cmd: string[], input: string): { seconds: number; rssMiB: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...cmd], {
    stdio: ['pipe', 'ignore', 'pipe'],
    input: readFileSync(input),
    maxBuffer: 1 << 26,
  });
  const last = r.stderr.toString().trim().split('\n').at(-1) as string;
  const [seconds, kb] = last.split(' ').map(Number) as [number, number];
  if (r.status !== 0 || !Number.isFinite(seconds)) throw new Error(`${cmd.join(' ')} failed: ${r.stderr.toString()}`);
  return { seconds, rssMiB: kb / 1024 };
}

describe('AIS decode, whole processes', () => {
  test(
    'kakou ais decode vs gpsdecode -j, 1,000,000 sentences (AIS_REPEAT)',
    async ({ bench }) => {
      await bench('kakou ais decode vs gpsdecode -j, 1,000,000 sentences (AIS_REPEAT)', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'kakou-aisbench-'));
        try {
          const corpus = join(dir, 'corpus.nmea');
          writeFileSync(corpus, Buffer.concat(Array.from({ length: REPEAT }, () => POOL)));
          const sentences = REPEAT * POOL.toString('latin1').split('\n').filter(Boolean).length;
          const gpsd = timed(['gpsdecode', '-j'], corpus);
          const kakou = timed([process.execPath, MAIN, 'ais', 'decode', '-'], corpus);
          process.stdout.write(
            `\nAIS decode: ${sentences.toLocaleString('en')} sentences\n` +
              `  gpsdecode -j      ${gpsd.seconds.toFixed(2)} s, ${Math.round(sentences / gpsd.seconds).toLocaleString('en')} sentences/s, peak RSS ${gpsd.rssMiB.toFixed(0)} MiB\n` +
              `  kakou ais decode  ${kakou.seconds.toFixed(2)} s, ${Math.round(sentences / kakou.seconds).toLocaleString('en')} sentences/s, peak RSS ${kakou.rssMiB.toFixed(0)} MiB\n` +
              `  kakou/gpsdecode speed ratio ${(gpsd.seconds / kakou.seconds).toFixed(2)} (target at least 1.5); peak RSS target under 64 MiB\n`,
          );
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }).run(ONCE);
    },
    JOB_TIMEOUT_MS,
  );

  test(
    'decoder fuzz',
    async ({ bench }) => {
      await bench('decoder fuzz', async () => {
        const n = Number(process.env.AIS_FUZZ ?? 1_000_000);
        const r = runFuzz(fuzzInputs(n, Date.now() & 0xffffffff));
        process.stdout.write(
          `\nAIS fuzz: ${r.inputs.toLocaleString('en')} inputs, ${r.messages.toLocaleString('en')} messages, ${r.rejects.toLocaleString('en')} rejects, nothing thrown\n`,
        );
      }).run(ONCE);
    },
    JOB_TIMEOUT_MS,
  );
});
