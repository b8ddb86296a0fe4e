import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AisDecoder } from '../../src/normalize/ais/ais-decoder.js';
import { aisToJson } from '../../src/normalize/ais/json.js';
import { aisCorpus, expectSameAisJson } from '../support/ais-corpus.js';
import { MAIN } from '../support/cli.js';

/** Every fixture capture in one stream: lines cross the command's 64 KiB read chunks many times over. */
const ALL = Buffer.concat(
  aisCorpus().map((f) => {
    const b = readFileSync(f);
    return b[b.length - 1] === 10 ? b : Buffer.concat([b, Buffer.from('\n')]);
  }),
);

/** What the decoder's object path makes of the same stream, as JSON Lines. */
function reference(): string[] {
  const d = new AisDecoder();
  const out: string[] = [];
  const sink = {
    message: (m: Parameters<typeof aisToJson>[0], tag: Parameters<typeof aisToJson>[1]) => out.push(aisToJson(m, tag)),
    reject: () => undefined,
  };
  for (const raw of ALL.toString('latin1').split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line) d.feedLine(line, '-', 0, sink);
  }
  return out;
}

describe('kakou ais decode', () => {
  it('writes, from standard input, every message the decoder makes of every fixture capture, in order, and counts them', () => {
    const r = spawnSync(process.execPath, [MAIN, 'ais', 'decode', '--stats', '-'], { input: ALL, maxBuffer: 1 << 28 });
    expect(r.status, r.stderr.toString()).toBe(0);
    const lines = r.stdout.toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    const want = reference();
    expect(lines.length).toBe(want.length);
    const stats = JSON.parse(r.stderr.toString().trim().split('\n').at(-1) as string) as {
      messages: number;
      sentences: number;
      rejects: Record<string, number>;
    };
    expect(stats.messages).toBe(want.length);
    expect(Object.keys(stats.rejects).every((code) => code.startsWith('KAKOU_E_'))).toBe(true);
    lines.forEach((line, i) => {
      expectSameAisJson(
        JSON.parse(line) as Record<string, unknown>,
        JSON.parse(want[i] as string) as Record<string, unknown>,
        `line ${i + 1}`,
      );
    });
    // Tag blocks reach the output through the object path.
    expect(lines.some((l) => l.includes('"tagblock_station"'))).toBe(true);
  });

  it('reads a file and refuses a second one with a coded usage error', () => {
    const file = aisCorpus().find((f) => f.endsWith('bench-pool.nmea')) as string;
    const ok = spawnSync(process.execPath, [MAIN, 'ais', 'decode', file], { maxBuffer: 1 << 28 });
    expect(ok.status).toBe(0);
    expect(ok.stdout.toString().split('\n').length).toBeGreaterThan(15_000);
    const bad = spawnSync(process.execPath, [MAIN, 'ais', 'decode', file, file]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.toString()).toContain('KAKOU_E_CLI_USAGE');
  });
});
