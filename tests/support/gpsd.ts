import { spawnSync } from 'node:child_process';
import { scaleTurn } from '../../src/normalize/ais/decode.js';

export type Gpsd = Record<string, unknown> & { type: number; mmsi: number };

/**
 * gpsd's `gpsdecode -u -j -s` over a file: one unscaled JSON object per message it decoded; with
 * `scaled`, `gpsdecode -j -s` (application payload fields compare with gpsd's scaled values).
 */
export function gpsdecode(file: string, scaled = false): Gpsd[] {
  const r = spawnSync('gpsdecode', [...(scaled ? [] : ['-u']), '-j', '-s'], {
    input: readAll(file),
    maxBuffer: 1 << 28,
  });
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
  // gpsd writes a backslash in an application message's text without escaping it for JSON.
  if ((g.type === 6 || g.type === 8) && typeof g[key] === 'string' && (g[key] as string).includes('\\')) return true;
  return false;
}

const BINARY_HEADER = new Set(['type', 'repeat', 'mmsi', 'seqno', 'dest_mmsi', 'retransmit', 'dac', 'fid', 'data']);

/**
 * What Kakou should print for gpsd's unscaled message `g` (and, for application payload fields of
 * types 6 and 8, gpsd's scaled message `scaled`: its numbers in gpsd's units, with each field's
 * "not available" code as null, from ../../src/normalize/ais/README.md's table).
 */
export function expectedFromGpsd(g: Gpsd, scaled?: Gpsd): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(g)) {
    if (IGNORED.has(k) || k.endsWith('_text') || documentedDifference(g, k)) continue;
    if ((g.type === 6 || g.type === 8) && !BINARY_HEADER.has(k)) {
      e[k] = expectedApplication(g, k, v, scaled?.[k]);
      continue;
    }
    e[k] = expectedField(g.type, k, v);
  }
  return e;
}

/** "Not available" codes of the application fields, per message (type:dac:fid), independently of the decoder. */
const APP_NA: Record<string, Record<string, number>> = {
  '8:1:11': {
    lat: 91 * 60_000,
    lon: 181 * 60_000,
    ...codes(['wspeed', 'wgust', 'humidity'], 127),
    ...codes(['wdir', 'wgustdir', 'waterlevel', 'cdir', 'cdir2', 'cdir3', 'wavedir', 'swelldir', 'salinity'], 511),
    ...codes(['airtemp'], 2047),
    ...codes(['dewpoint', 'watertemp'], 1023),
    pressure: 511,
    ...codes(['pressuretend', 'leveltrend', 'ice'], 3),
    ...codes(['visibility', 'cspeed', 'cspeed2', 'cspeed3', 'waveheight', 'swellheight'], 255),
    ...codes(['cdepth2', 'cdepth3'], 31),
    ...codes(['waveperiod', 'swellperiod'], 63),
    seastate: 15,
    preciptype: 7,
  },
  '8:1:31': {
    lat: 91 * 60_000,
    lon: 181 * 60_000,
    ...codes(['wspeed', 'wgust', 'visibility'], 127),
    ...codes(['wdir', 'wgustdir', 'cdir', 'cdir2', 'cdir3', 'wavedir', 'swelldir'], 360),
    airtemp: -1024,
    humidity: 101,
    ...codes(['dewpoint', 'watertemp'], 501),
    pressure: 511,
    ...codes(['pressuretend', 'leveltrend', 'ice'], 3),
    waterlevel: 4001,
    ...codes(['cspeed', 'cspeed2', 'cspeed3', 'waveheight', 'swellheight'], 255),
    ...codes(['cdepth2', 'cdepth3'], 31),
    ...codes(['waveperiod', 'swellperiod'], 63),
    seastate: 13,
    preciptype: 7,
    salinity: 510,
  },
  '8:200:10': { length: 0, beam: 0, hazard: 5, draught: 0, loaded: 0 },
  '6:200:55': { crew: 255, passengers: 8191, personnel: 255 },
  '8:200:40': { lat: 91 * 600_000, lon: 181 * 600_000 },
};

function codes(keys: string[], code: number): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, code]));
}

/**
 * Fields gpsd 3.22 prints with less than the message's resolution (README, "Agreement with
 * gpsd"): the water level of IMO 289 in tenths, negative levels wrapped around 2^32; Kakou keeps the
 * circular's centimetres and sign, compared here with gpsd's unscaled value.
 */
const FINER: Record<string, Record<string, (raw: number) => number>> = {
  '8:1:31': { waterlevel: (raw) => Math.round(raw - 1000) / 100 },
};
/** gpsd 3.22 prints the berthing time without zero padding ("7-15T6:03"); Kakou pads it like every other time. */
const PADDED: Record<string, Record<string, true>> = {
  '6:1:20': { arrival: true },
  '6:200:21': { eta: true },
  '6:200:22': { eta: true },
};
const pad = (t: string) => t.replace(/\d+/g, (d) => d.padStart(2, '0'));

const na = (code: number, scale: number) => (raw: number) => (raw === code ? null : raw / scale);
const TENTH_THOUSANDTH = { lat: na(91 * 600_000, 600_000), lon: na(181 * 600_000, 600_000) };
/**
 * Repeated groups, element by element, from gpsd's unscaled values (its scaled tidal positions of
 * IMO 236 divide 1/10,000-minute values by 60,000). gpsd 3.22 adds groups read past the message's
 * end, all zeros; those are dropped before comparing.
 */
const GROUPS: Record<string, Record<string, Record<string, (raw: number) => unknown>>> = {
  '6:1:14': { tidals: { ...TENTH_THOUSANDTH, cdir: na(360, 1), cspeed: na(127, 10) } },
  '6:1:32': {
    tidals: { lat: na(91 * 60_000, 60_000), lon: na(181 * 60_000, 60_000), cdir: na(360, 1), cspeed: na(255, 10) },
  },
  '8:1:27': { waypoints: TENTH_THOUSANDTH },
  '6:1:28': { waypoints: TENTH_THOUSANDTH },
  '8:1:17': { targets: { lat: na(91 * 60_000, 60_000), lon: na(181 * 60_000, 60_000) } },
  '8:200:24': { gauges: {} },
  '8:200:40': {},
};

function expectedGroups(raw: Array<Record<string, number>>, spec: Record<string, (raw: number) => unknown>) {
  const real = [...raw];
  // A phantom group is all zeros (gpsd prints a 42-bit identifier as a string, "0").
  const zero = (e: Record<string, unknown>) =>
    Object.entries(e).every(([k, v]) => k.endsWith('_text') || v === 0 || v === '0');
  while (real.length > 0 && zero(real.at(-1) as Record<string, unknown>)) real.pop();
  return real.map((e) =>
    Object.fromEntries(
      Object.entries(e)
        .filter(([k]) => !k.endsWith('_text'))
        .map(([k, v]) => [k, spec[k] ? spec[k](v) : v]),
    ),
  );
}

function expectedApplication(g: Gpsd, key: string, raw: unknown, scaled: unknown): unknown {
  const message = `${g.type}:${g.dac}:${g.fid}`;
  const group = GROUPS[message]?.[key];
  if (group && Array.isArray(raw)) return expectedGroups(raw as Array<Record<string, number>>, group);
  if (APP_NA[message]?.[key] === raw) return null;
  const finer = FINER[message]?.[key];
  if (finer && typeof raw === 'number') return finer(raw);
  if (PADDED[message]?.[key] && typeof raw === 'string') return pad(raw);
  // gpsd prints some coded fields as text when scaled (pressure tendency "decreasing"): the code is compared.
  return typeof scaled === 'number' || typeof scaled === 'boolean' ? scaled : raw;
}
