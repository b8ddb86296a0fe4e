import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AisDecoder } from '../../../src/normalize/ais/ais-decoder.js';
import type { AisMessage } from '../../../src/normalize/ais/messages.js';
import { AIS_FIXTURES, aisCorpus } from '../../support/ais-corpus.js';
import { expectedFromGpsd, gpsdecode } from '../../support/gpsd.js';

const ROOT = AIS_FIXTURES;
const HAVE_GPSDECODE = spawnSync('gpsdecode', ['-V']).status === 0;
if (!HAVE_GPSDECODE && process.env.CI)
  throw new Error('CI must compare with gpsd, and gpsdecode is not installed (apt-get install gpsd-clients)');

function kakou(file: string): AisMessage[] {
  const d = new AisDecoder();
  const out: AisMessage[] = [];
  const sink = { message: (m: AisMessage) => out.push(m), reject: () => undefined };
  for (const line of readFileSync(file, 'latin1').split('\n')) d.feedLine(line, 'test', 0, sink);
  return out;
}

describe.runIf(HAVE_GPSDECODE)('AIS decoder against gpsd 3.22 gpsdecode', () => {
  for (const file of aisCorpus()) {
    it(`agrees with gpsdecode -u -j -s on ${file.slice(ROOT.length + 1)}`, () => {
      const ours = kakou(file);
      const theirs = gpsdecode(file);
      const scaled = gpsdecode(file, true);
      let at = 0;
      const unmatched: string[] = [];
      const diffs: string[] = [];
      for (const [i, g] of theirs.entries()) {
        // gpsd skips what it cannot decode; Kakou may decode more (other talkers): align on type and MMSI.
        let k = at;
        while (
          k < ours.length &&
          k < at + 64 &&
          !((ours[k] as AisMessage).type === g.type && (ours[k] as AisMessage).mmsi === g.mmsi)
        )
          k++;
        if (k >= ours.length || k >= at + 64) {
          unmatched.push(`type ${g.type} mmsi ${g.mmsi}`);
          continue;
        }
        const mine = ours[k] as unknown as Record<string, unknown>;
        at = k + 1;
        const s = scaled[i];
        for (const [key, want] of Object.entries(expectedFromGpsd(g, s?.mmsi === g.mmsi ? s : undefined))) {
          const got = mine[key];
          // gpsd prints application positions to 4 decimals of a degree when scaled.
          const tolerance = (g.type === 6 || g.type === 8) && (key === 'lat' || key === 'lon') ? 5.01e-5 : 1e-9;
          const same =
            typeof want === 'number' && typeof got === 'number'
              ? Math.abs(want - got) < tolerance
              : JSON.stringify(want) === JSON.stringify(got);
          if (!same)
            diffs.push(
              `type ${g.type} mmsi ${g.mmsi} ${key}: gpsd ${JSON.stringify(want)}, kakou ${JSON.stringify(got)}`,
            );
        }
      }
      expect({ compared: theirs.length, unmatched: unmatched.slice(0, 10), diffs: diffs.slice(0, 20) }).toEqual({
        compared: theirs.length,
        unmatched: [],
        diffs: [],
      });
    });
  }
});
