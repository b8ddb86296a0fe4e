import { spawnSync } from 'node:child_process';
import { scaleTurn } from '../../src/normalize/ais/decode.js';

export type Gpsd = Record<string, unknown> & { type: number; mmsi: number };

/** gpsd's `gpsdecode -u -j -s` over a file: one unscaled JSON object per message it decoded. */
export function gpsdecode(file: string): Gpsd[] {
  const r = spawnSync('gpsdecode', ['-u', '-j', '-s'], { input: readAll(file), maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  return r.stdout
    .toString('latin1')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => {
      try {
        const g = JSON.parse(l) as Gpsd & { class?: string };
        return g.class === 'AIS' ? [g] : [];
      } catch {
        return []; // gpsd prints some text fields unescaped; those lines are not JSON
      }
    });
}

function readAll(file: string): Buffer {
  return spawnSync('cat', [file]).stdout;
}

const IGNORED = new Set(['class', 'device', 'scaled']);
/** Positions in 1/10 minute rather than 1/10,000 minute. */
const TENTH_MINUTE = new Set([17, 22, 23, 27]);

/**
 * What Kakou should print for a field gpsd printed unscaled: the same value in gpsd's scaled units,
 * with "not available" codes as null. Derived from ITU-R M.1371, independently of the decoder.
 */
export function expectedField(type: number, key: string, v: unknown): unknown {
  const n = v as number;
  const coarse = TENTH_MINUTE.has(type);
  switch (key) {
    case 'lon':
    case 'ne_lon':
    case 'sw_lon':
      return coarse ? (n === 108_600 ? null : n / 600) : n === 108_600_000 ? null : n / 600_000;
    case 'lat':
    case 'ne_lat':
    case 'sw_lat':
      return coarse ? (n === 54_600 ? null : n / 600) : n === 54_600_000 ? null : n / 600_000;
    case 'speed':
      if (type === 27) return n === 63 ? null : n;
      if (type === 9) return n === 1023 ? null : n;
      return n === 1023 ? null : n / 10;
    case 'course':
      if (type === 27) return n === 511 ? null : n;
      return n === 3600 ? null : n / 10;
    case 'heading':
      return n === 511 ? null : n;
    case 'turn':
      return scaleTurn(n);
    case 'alt':
      return n === 4095 ? null : n;
    case 'draught':
      return n / 10;
    case 'imo':
      return n === 0 ? null : n;
    case 'eta':
      return v === '00-00T24:60Z' ? null : v;
    case 'data':
      return zeroPadding(v as string);
    default:
      return v;
  }
}

/**
 * gpsd copies binary payloads byte by byte, so the bits after the payload's end in its last byte
 * are whatever followed it; Kakou prints them as zeros (README.md, "Binary payloads").
 */
function zeroPadding(data: string): string {
  const [bits, hex] = data.split(':') as [string, string];
  const n = Number(bits);
  if (n % 8 === 0 || hex.length === 0) return data;
  const last = parseInt(hex.slice(-2), 16) & ((0xff << (8 - (n % 8))) & 0xff);
  return `${bits}:${hex.slice(0, -2)}${last.toString(16).padStart(2, '0')}`;
}

/** Fields where Kakou deliberately differs from gpsd 3.22, each explained in the decoder's README. */
function documentedDifference(g: Gpsd, key: string): boolean {
  // gpsd leaves type 26's communication state at 0; Kakou decodes it (M.1371-5 Table 82).
  if (g.type === 26 && key === 'radio') return true;
  // gpsd caches part A and repeats its name in part B; Kakou's decoder is stateless and the track store merges parts.
  if (g.type === 24 && g.part !== 'A' && key === 'shipname') return true;
  // gpsd decodes some application payloads of types 6 and 8 into fields (meteorological, AtoN status, ...);
  // Kakou keeps every payload raw in \`data\` and compares the header only.
  if (
    (g.type === 6 || g.type === 8) &&
    !('data' in g) &&
    !['type', 'repeat', 'mmsi', 'seqno', 'dest_mmsi', 'retransmit', 'dac', 'fid'].includes(key)
  )
    return true;
  return false;
}

export function expectedFromGpsd(g: Gpsd): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(g)) {
    if (IGNORED.has(k) || k.endsWith('_text') || documentedDifference(g, k)) continue;
    e[k === 'part' ? 'partno' : k] = k === 'part' ? (v === 'A' ? 0 : 1) : expectedField(g.type, k, v);
  }
  return e;
}
