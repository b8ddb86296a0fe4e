import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBinary } from '../../../src/demo/ais-binary-encoder.js';
import { toSentences } from '../../../src/demo/ais-encoder.js';
import { prng } from '../../../src/domain/prng.js';
import { AisDecoder } from '../../../src/normalize/ais/ais-decoder.js';
import { APPLICATION_LAYOUTS } from '../../../src/normalize/ais/application.js';
import type { AisMessage } from '../../../src/normalize/ais/messages.js';
import { expectedFromGpsd, gpsdecode } from '../../support/gpsd.js';

/**
 * Every application payload layout the decoder knows, on random payloads of its length: the
 * fields agree with gpsd 3.22's, field by field (the captures in tests/fixtures/ais hold only a
 * few of these messages, and few of their values).
 */
const HAVE_GPSDECODE = spawnSync('gpsdecode', ['-V']).status === 0;
if (!HAVE_GPSDECODE && process.env.CI) throw new Error('CI must compare with gpsd (apt-get install gpsd-clients)');
const dir = mkdtempSync(join(tmpdir(), 'kakou-ais-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lengths of the layouts gpsd decodes at any length: the message's size in the circulars. */
const LENGTH: Record<string, number> = {
  '8:1:11': 352,
  '8:1:31': 360,
  '6:1:12': 360,
  '6:1:25': 168,
  '8:1:13': 472,
  '8:1:15': 72,
  '6:1:18': 360,
  '6:1:20': 360,
  '8:1:29': 200,
  '6:1:30': 200,
  '6:1:14': 376,
  '6:1:32': 273,
  '8:1:27': 282,
  '6:1:28': 314,
  '8:1:17': 422,
};

function randomMessages(type: 6 | 8, dac: number, fid: number, bits: number, n: number, seed: number): string[] {
  const r = prng(seed);
  const header = type === 6 ? 88 : 56;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    // One MMSI per message: gpsd prints some text unescaped, and those lines are left out.
    const mmsi = 200_000_000 + i;
    const { payload, fillBits } = encodeBinary({ type, mmsi, dac, fid, destMmsi: 1000 + i }, (w) => {
      for (let b = header; b < bits; b += 1) w.uint(r() < 0.5 ? 0 : 1, 1);
    });
    lines.push(...toSentences(payload, fillBits, i));
  }
  return lines;
}

describe.runIf(HAVE_GPSDECODE)('AIS application payloads against gpsd 3.22', () => {
  for (const layout of APPLICATION_LAYOUTS)
    for (const dac of layout.dacs) {
      const key = `${layout.type}:${dac}:${layout.fid}`;
      it(`${layout.name} (type ${layout.type}, DAC ${dac}, FID ${layout.fid}) on 300 random payloads`, () => {
        const bits = layout.bits ?? (LENGTH[key] as number);
        const file = join(dir, `${key.replaceAll(':', '-')}.nmea`);
        writeFileSync(file, `${randomMessages(layout.type, dac, layout.fid, bits, 300, bits * 31 + dac).join('\n')}\n`);
        const ours: AisMessage[] = [];
        const d = new AisDecoder();
        const sink = { message: (m: AisMessage) => ours.push(m), reject: () => undefined };
        for (const line of randomMessages(layout.type, dac, layout.fid, bits, 300, bits * 31 + dac))
          d.feedLine(line, 'test', 0, sink);
        const theirs = gpsdecode(file);
        const scaled = new Map(gpsdecode(file, true).map((g) => [g.mmsi, g]));
        const byMmsi = new Map(ours.map((m) => [m.mmsi, m as unknown as Record<string, unknown>]));
        expect(ours.length).toBe(300);
        // gpsd prints some text unescaped (a random name holding a quote), and those lines are left out.
        expect(theirs.length).toBeGreaterThan(50);
        let fields = 0;
        const diffs: string[] = [];
        theirs.forEach((g) => {
          const i = g.mmsi - 200_000_000;
          const mine = byMmsi.get(g.mmsi) as Record<string, unknown>;
          // gpsd declines some payloads (an out-of-range code); Kakou then keeps them raw as well.
          const decoded = !('data' in g);
          expect('hazard' in mine || !decoded || key !== '8:200:10', `message ${i}`).toBe(true);
          for (const [k, want] of Object.entries(expectedFromGpsd(g, scaled.get(g.mmsi)))) {
            fields++;
            const got = mine[k];
            // gpsd writes a backslash in text without escaping it for JSON (README): not comparable.
            if (typeof got === 'string' && got.includes('\\')) continue;
            const tolerance = /(^|_)(lat|lon)$/.test(k) ? 5.01e-5 : 1e-9;
            const same =
              typeof want === 'number' && typeof got === 'number'
                ? Math.abs(want - got) < tolerance
                : JSON.stringify(want) === JSON.stringify(got);
            if (!same) diffs.push(`${i} ${k}: gpsd ${JSON.stringify(want)}, kakou ${JSON.stringify(got)}`);
          }
        });
        expect(fields).toBeGreaterThan(100);
        expect(diffs.slice(0, 15)).toEqual([]);
      });
    }
});
