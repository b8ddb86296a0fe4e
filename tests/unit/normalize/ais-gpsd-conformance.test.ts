import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AisDecoder } from '../../../src/normalize/ais/ais-decoder.js';
import { scaleTurn } from '../../../src/normalize/ais/decode.js';
import type { AisMessage } from '../../../src/normalize/ais/messages.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'ais', 'gpsd');
const SUPPORTED = new Set([1, 2, 3, 5, 18, 24]);
type Gpsd = Record<string, unknown> & { type: number; mmsi: number };

/** gpsd's unscaled JSON, converted to the scaled values Kakou reports. */
function expected(g: Gpsd): Record<string, unknown> {
  const e: Record<string, unknown> = { type: g.type, mmsi: g.mmsi };
  if ('lat' in g) e.lat = g.lat === 54_600_000 ? null : (g.lat as number) / 600_000;
  if ('lon' in g) e.lon = g.lon === 108_600_000 ? null : (g.lon as number) / 600_000;
  if ('speed' in g) e.speed = g.speed === 1023 ? null : (g.speed as number) / 10;
  if ('course' in g) e.course = g.course === 3600 ? null : (g.course as number) / 10;
  if ('heading' in g) e.heading = g.heading === 511 ? null : g.heading;
  if ('turn' in g && g.type !== 18) e.turn = scaleTurn(g.turn as number);
  for (const k of [
    'status',
    'second',
    'accuracy',
    'callsign',
    'shipname',
    'shiptype',
    'to_bow',
    'to_stern',
    'to_port',
    'to_starboard',
    'destination',
    'ais_version',
    'epfd',
    'dte',
    'vendorid',
    'model',
    'serial',
  ]) {
    if (k in g) e[k] = g[k];
  }
  if ('imo' in g) e.imo = g.imo === 0 ? null : g.imo;
  if ('draught' in g) e.draught = (g.draught as number) / 10;
  if ('part_num' in g) e.partno = g.part_num;
  // gpsd caches part A and repeats its name in part B; Kakou's decoder is stateless and the track store merges parts.
  if (g.type === 24 && 'shiptype' in g) delete e.shipname;
  return e;
}

function pairs(file: string): Array<{ lines: string[]; gpsd: Gpsd }> {
  const out: Array<{ lines: string[]; gpsd: Gpsd }> = [];
  let pending: string[] = [];
  for (const line of readFileSync(join(DIR, file), 'utf8').split('\n')) {
    if (line.startsWith('{')) {
      const g = JSON.parse(line) as Gpsd & { class?: string };
      // gpsd interleaves position fixes (class TPV) from other sentences; only AIS output closes a group.
      // gpsd also re-reports its own ship's last message after a fix: no sentence precedes those.
      if (g.class !== 'AIS' || pending.length === 0) continue;
      out.push({ lines: pending, gpsd: g });
      pending = [];
    } else if (line.includes('VDM') || line.includes('VDO')) {
      pending.push(line);
    }
  }
  return out;
}

describe('AIS decoder against gpsd', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.chk'))) {
    it(`decodes every type 1, 2, 3, 5, 18 and 24 message of ${file} as gpsd does`, () => {
      let compared = 0;
      for (const { lines, gpsd } of pairs(file)) {
        if (!SUPPORTED.has(gpsd.type)) continue;
        const decoder = new AisDecoder();
        let msg: AisMessage | null = null;
        for (const l of lines) {
          const r = decoder.feed(l, 'test', 0);
          if (r.ok && r.value) msg = r.value;
        }
        expect(msg, `${file}: ${lines.join(' ')}`).not.toBeNull();
        const want = expected(gpsd);
        const got: Record<string, unknown> = {};
        for (const k of Object.keys(want)) got[k] = (msg as unknown as Record<string, unknown>)[k];
        for (const k of ['lat', 'lon'] as const) {
          if (typeof want[k] === 'number') {
            expect(got[k] as number).toBeCloseTo(want[k] as number, 6);
            got[k] = want[k];
          }
        }
        expect(got, `${file}: ${lines.join(' ')}`).toEqual(want);
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    });
  }
});
