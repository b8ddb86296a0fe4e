import { join } from 'node:path';
import protobuf from 'protobufjs';
import { encodeClassA, encodeStatic, toSentences } from '../../src/demo/ais-encoder.js';
import { prng } from '../../src/domain/prng.js';
import { encodeSparkplug } from '../../src/normalize/sparkplug.js';
import { DEFAULT_PROFILE_DIR } from '../../src/paths.js';

/**
 * Device messages for fuzzing the ingest path: valid messages of every shipped payload kind
 * (JSON, protobuf, Sparkplug B) mutated structurally and byte by byte, random values of every
 * JSON type where fields belong, hostile keys (__proto__, constructor), and random topics.
 */
export interface FuzzMessage {
  kind: 'json' | 'protobuf' | 'sparkplug' | 'nmea' | 'topic';
  topic: string;
  payload: Buffer;
}

const load = (file: string, type: string) =>
  new protobuf.Root().loadSync(join(DEFAULT_PROFILE_DIR, 'proto', file), { keepCase: true }).lookupType(type);
const Position = load('hazmat-terminal.proto', 'kakou.devices.HazmatPosition');
const Tank = load('tank-sensor.proto', 'kakou.devices.TankReading');

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  '\u0000',
  'a.b',
  '0',
];
const STRINGS = [
  '',
  ' ',
  '浙F3A101',
  'x'.repeat(5000),
  'P'.repeat(70_000),
  '\u0000\uffff\ud800',
  '浙F\udc00A1',
  'e\u0301',
  '\u202e浙F3A101',
  '😀'.repeat(40),
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '2026-13-45T99:99:99Z',
  '9'.repeat(40),
  '{"a":1}',
  '<script>',
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  1e308,
  -1e308,
  2 ** 53,
  2 ** 31,
  -(2 ** 31),
  4294967295,
  4294967296,
  91_000_000,
  181_000_000,
  1e-320,
];

export class PayloadFuzzer {
  private readonly r: () => number;

  constructor(seed: number) {
    this.r = prng(seed);
  }

  private int(n: number): number {
    return Math.floor(this.r() * n);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }

  /** Any JSON value, nesting bounded. */
  value(depth = 0): unknown {
    const k = this.int(depth > 3 ? 4 : 6);
    if (k === 0) return null;
    if (k === 1) return this.r() < 0.5;
    if (k === 2) return this.r() < 0.5 ? this.pick(NUMBERS) : (this.r() - 0.5) * 10 ** this.int(12);
    if (k === 3) return this.pick(STRINGS);
    if (k === 4) return Array.from({ length: this.int(5) }, () => this.value(depth + 1));
    return Object.fromEntries(
      Array.from({ length: this.int(5) }, () => [
        this.r() < 0.3 ? this.pick(HOSTILE_KEYS) : `k${this.int(20)}`,
        this.value(depth + 1),
      ]),
    );
  }

  private hazmatJson(): Record<string, unknown> {
    return {
      plate: `浙F${3000 + this.int(200)}`,
      time: new Date(Date.now() - this.int(600_000)).toISOString(),
      lat: 30752200 + this.int(10_000),
      lon: 120758500 + this.int(10_000),
      speed: this.int(1200),
      direction: this.int(360),
      alarm: this.int(2 ** 31),
      dsm: this.r() < 0.2 ? ['phone'] : [],
      driver: { idNumber: `33040219800101${1000 + this.int(9000)}` },
    };
  }

  /** A JSON object with fields replaced, deleted or added, or its serialisation damaged. */
  private json(): FuzzMessage {
    const targets = [
      { topic: `kakou/hazmat/${this.terminal()}/location`, body: this.hazmatJson() },
      {
        topic: `kakou/weigh/wim-${this.int(3)}/axle`,
        body: {
          plate: `浙F${3000 + this.int(200)}`,
          gross: this.int(80_000),
          axles: [6000, 9000],
          time: new Date().toISOString(),
        },
      },
      {
        topic: `kakou/anpr/cam-${this.int(3)}/plate`,
        body: { plate: `浙F${3000 + this.int(200)}`, time: new Date().toISOString(), confidence: this.r() },
      },
      {
        topic: `kakou/hull/cam-${this.int(3)}/read`,
        body: {
          hullName: `浙嘉兴货${this.int(9999)}`,
          mmsi: 413800000 + this.int(999),
          time: new Date().toISOString(),
        },
      },
    ];
    const { topic, body } = this.pick(targets);
    const keys = Object.keys(body);
    for (let m = this.int(4); m >= 0; m--) {
      const op = this.r();
      const key = this.pick(keys);
      if (op < 0.5) body[key] = this.value();
      else if (op < 0.7) delete body[key];
      else body[this.pick(HOSTILE_KEYS)] = this.value();
    }
    if (this.r() < 0.05)
      body[this.pick(keys)] =
        this.r() < 0.5
          ? Array.from({ length: 10_000 + this.int(100_000) }, () => this.pick(['phone', 1, null]))
          : this.nested(20 + this.int(2000));
    let text = this.r() < 0.1 ? JSON.stringify(this.value()) : JSON.stringify(body);
    if (this.r() < 0.3) text = this.damage(Buffer.from(text)).toString('utf8');
    return { kind: 'json', topic, payload: Buffer.from(text) };
  }

  /** Arrays inside arrays, `depth` deep: past the node's bound, refused before parsing. */
  private nested(depth: number): unknown {
    let v: unknown = [1];
    for (let d = 0; d < depth; d++) v = this.r() < 0.5 ? [v] : { k: v };
    return v;
  }

  /** AIS sentences from a gateway, valid or damaged, one or several per message. */
  private nmea(): FuzzMessage {
    const mmsi = 413800000 + this.int(999);
    const { payload, fillBits } =
      this.r() < 0.7
        ? {
            payload: encodeClassA({
              mmsi,
              lat: 30.75 + this.r() / 100,
              lon: 120.75 + this.r() / 100,
              speed: this.r() * 20,
              course: this.int(360),
              heading: this.int(360),
              turn: 0,
            }),
            fillBits: 0,
          }
        : encodeStatic({
            mmsi,
            imo: 0,
            callsign: 'BHZ',
            shipname: 'ZHE HU ZHOU',
            shiptype: 70,
            toBow: 30,
            toStern: 18,
            toPort: 5,
            toStarboard: 5,
            draught: 2.9,
            destination: 'JIAXING',
          });
    let text = toSentences(payload, fillBits, this.int(10)).join('\r\n');
    if (this.r() < 0.5) text = this.damage(Buffer.from(text, 'latin1')).toString('latin1');
    return { kind: 'nmea', topic: `kakou/ais/gw-${this.int(3)}/nmea`, payload: Buffer.from(text, 'latin1') };
  }

  private terminal(): string {
    return this.r() < 0.9
      ? `0138000001${String(this.int(100)).padStart(2, '0')}`
      : this.pick(['', '+', '#', '\u0000', 'x'.repeat(300)]);
  }

  private protobuf(): FuzzMessage {
    const tank = this.r() < 0.5;
    const bytes = tank
      ? Tank.encode(
          Tank.fromObject({
            time_ms: Date.now(),
            pressure_kpa: this.r() * 1000,
            temperature_c: this.r() * 80,
            level_pct: this.r() * 100,
            leak_ppm: this.r() * 200,
            valve: this.int(4),
            plate: '浙F3A106',
          }),
        ).finish()
      : Position.encode(
          Position.fromObject({
            plate: '浙F3A106',
            time_ms: Date.now(),
            lat_e6: 30752200,
            lon_e6: 120758500,
            speed_dkmh: this.int(1500),
            direction: this.int(360),
            alarm: this.int(2 ** 31),
            dsm: [],
            driver_id: '',
          }),
        ).finish();
    const payload =
      this.r() < 0.8
        ? this.damage(Buffer.from(bytes))
        : Buffer.from(Array.from({ length: this.int(64) }, () => this.int(256)));
    return {
      kind: 'protobuf',
      topic: tank ? `kakou/tank/${this.terminal()}/reading` : `kakou/hazmat-pb/${this.terminal()}/location`,
      payload,
    };
  }

  private sparkplug(): FuzzMessage {
    const type = this.pick(['NBIRTH', 'DBIRTH', 'NDATA', 'DDATA', 'NDEATH', 'DDEATH', 'NCMD', 'STATE', 'XDATA']);
    const edge = `gw-${this.int(50)}`;
    const topic =
      this.r() < 0.9
        ? `spBv1.0/fleet/${type}/${edge}${type.startsWith('D') ? `/dev-${this.int(5)}` : ''}`
        : `spBv1.0/${this.pick(['', 'a/b', '+', 'x/y/z/w/v/u'])}`;
    const metrics = Array.from({ length: this.int(6) }, (_, i) => {
      const name = this.pick([
        'Vehicle/Plate',
        'Position/Latitude',
        'Position/Longitude',
        'Position/Speed',
        'Tank/LeakPpm',
        'Tank/Pressure',
        'bdSeq',
        '',
      ]);
      return this.r() < 0.5
        ? { name, alias: i + 1, datatype: 10, double_value: this.r() < 0.2 ? Number.NaN : this.r() * 1000 }
        : { ...(this.r() < 0.5 && { name }), alias: this.int(10), datatype: 12, string_value: this.pick(STRINGS) };
    });
    let payload = encodeSparkplug({ timestamp: Date.now() - this.int(100_000), seq: this.int(300) % 256, metrics });
    if (this.r() < 0.4) payload = this.damage(payload);
    return { kind: 'sparkplug', topic, payload };
  }

  /** Flip, insert, delete or truncate bytes. */
  damage(b: Buffer): Buffer {
    let out = Buffer.from(b);
    for (let k = 1 + this.int(4); k > 0 && out.length > 0; k--) {
      const at = this.int(out.length);
      const op = this.r();
      if (op < 0.4) out[at] = this.int(256);
      else if (op < 0.6) out = Buffer.concat([out.subarray(0, at), Buffer.from([this.int(256)]), out.subarray(at)]);
      else if (op < 0.85) out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + this.int(8))]);
      else out = out.subarray(0, at);
    }
    return out;
  }

  next(): FuzzMessage {
    const k = this.r();
    if (k < 0.35) return this.json();
    if (k < 0.6) return this.protobuf();
    if (k < 0.8) return this.sparkplug();
    if (k < 0.95) return this.nmea();
    const levels = Array.from({ length: 1 + this.int(6) }, () =>
      this.pick(['kakou', 'hazmat', 'spBv1.0', '', '+', '#', 'x', '\u0000', '浙']),
    );
    return {
      kind: 'topic',
      topic: levels.join('/'),
      payload: this.damage(Buffer.from(JSON.stringify(this.hazmatJson()))),
    };
  }

  /** Values an OPC UA installation might deliver, right and wrong. */
  opcuaBody(): Record<string, unknown> {
    const names = [
      'Ship.MMSI',
      'Ship.Name',
      'Draught.Max',
      'MeasuredAt',
      'Bay.Plate',
      'Bay.GasLel',
      'Bay.Overfill',
      'Bay.ESD',
      'sourceTimestamp',
      'serverTimestamp',
    ];
    return Object.fromEntries(
      names
        .filter(() => this.r() < 0.8)
        .map((n) => [
          n,
          this.r() < 0.5 ? this.value() : this.pick([413800101, '413800101', 3.4, true, Date.now(), '浙F3A106', 40]),
        ]),
    );
  }
}

/** n fuzz messages from a seed. */
export function* fuzzMessages(n: number, seed: number): Generator<FuzzMessage> {
  const f = new PayloadFuzzer(seed);
  for (let i = 0; i < n; i++) yield f.next();
}
