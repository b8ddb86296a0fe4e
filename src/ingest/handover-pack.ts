import type {
  Observation,
  VehicleReport,
  VesselPosition,
  VesselSighting,
  VesselStatic,
} from '../domain/observation.js';
import type { NormalizeResult } from '../normalize/result.js';

/**
 * How the decode thread hands normalized messages to the main thread. Structured clone of the
 * results cost the main thread about a quarter of its time in a flood (V8 builds every object
 * property by property, then collects them), so the common shapes travel as numbers in a
 * Float64Array (transferred, not copied) with a table of the batch's distinct strings, and are
 * rebuilt as object literals on the other side (handover-unpack.ts). A result in any other shape
 * (drops, field rejects, Sparkplug deaths, unusual values in `extra`) is structured-cloned as it is.
 *
 * Per message: topic, then 0 for a cloned result (the next of `cloned`) or 1 and the packed
 * result: profile, device, number of observations, each as its kind code and its fields. A string
 * is its index in `strings` (-1 for null); a nullable number is NaN for null, so a NaN value is not
 * packed; an optional field is preceded by 1 if present, 0 if not (a static report's by a bit
 * mask of those present). Only the two threads of one node read this: it is no wire format.
 */
export interface PackedBatch {
  count: number;
  numbers: Float64Array;
  strings: string[];
  cloned: NormalizeResult[];
}

export const KIND_CODE = {
  'vessel-position': 1,
  'vessel-static': 2,
  'vehicle-report': 3,
  'vessel-sighting': 4,
} as const;
/** Optional fields of a static report, in the order of their bits in its presence mask. */
export const STATIC_FIELDS = [
  'shipname',
  'callsign',
  'imo',
  'shiptype',
  'to_bow',
  'to_stern',
  'to_port',
  'to_starboard',
  'draught',
  'destination',
  'eni',
  'blueCones',
  'loadState',
  'persons',
] as const;
export const STATIC_TEXT: ReadonlySet<string> = new Set(['shipname', 'callsign', 'destination', 'eni']);
/** Codes of the values `extra` may hold and still be packed. */
export const EXTRA = { number: 0, string: 1, false: 2, true: 3, null: 4 } as const;

// Every field of every observation kind must be packed: adding one to src/domain/observation.ts
// without packing it fails to compile here, rather than losing the field in transit.
type Covers<T, K extends keyof T> = [Exclude<keyof T, K>] extends [never] ? true : never;
type Base = 'kind' | 'profile' | 'deviceId' | 'receivedAt';
export const covered: [
  Covers<
    VesselPosition,
    Base | 'aisType' | 'mmsi' | 'lat' | 'lon' | 'speed' | 'course' | 'heading' | 'turn' | 'status' | 'csUnit'
  >,
  Covers<VesselStatic, Base | 'aisType' | 'mmsi' | (typeof STATIC_FIELDS)[number]>,
  Covers<
    VehicleReport,
    | Base
    | 'terminalId'
    | 'station'
    | 'plate'
    | 'lat'
    | 'lon'
    | 'speed'
    | 'heading'
    | 'observedAt'
    | 'grossKg'
    | 'driver'
    | 'alarms'
    | 'livenessMs'
    | 'extra'
  >,
  Covers<VesselSighting, Base | 'station' | 'mmsi' | 'hullName' | 'draughtM' | 'observedAt' | 'livenessMs' | 'extra'>,
] = [true, true, true, true];

/** Packs results one at a time into a growing batch; `take()` hands the batch over and starts the next. */
export class HandoverPacker {
  private buf = new Float64Array(16_384);
  private len = 0;
  private count = 0;
  private strings: string[] = [];
  private readonly index = new Map<string, number>();
  private cloned: NormalizeResult[] = [];
  // Set by a write that meets a value it cannot pack; the result is then cloned instead.
  private bad = false;

  get size(): number {
    return this.count;
  }

  add(topic: string, r: NormalizeResult): void {
    this.count++;
    this.str(topic);
    const mark = this.len;
    if (
      r.drops.length === 0 &&
      r.fieldRejects.length === 0 &&
      r.offline === undefined &&
      r.commands === undefined &&
      r.profile !== null
    ) {
      this.bad = false;
      this.num(1);
      this.str(r.profile);
      this.nullableStr(r.deviceId);
      this.num(r.observations.length);
      for (const o of r.observations) this.observation(o);
      if (!this.bad) return;
      this.len = mark;
    }
    this.num(0);
    this.cloned.push(r);
  }

  take(): PackedBatch {
    const batch = {
      count: this.count,
      numbers: this.buf.slice(0, this.len),
      strings: this.strings,
      cloned: this.cloned,
    };
    this.len = 0;
    this.count = 0;
    this.strings = [];
    this.index.clear();
    this.cloned = [];
    return batch;
  }

  // A call per field, not a loop over an array of them: this runs per observation, and the array would be one more allocation each.
  private observation(o: Observation): void {
    const code = KIND_CODE[o.kind] as number | undefined;
    if (code === undefined) {
      this.bad = true;
      return;
    }
    this.num(code);
    this.str(o.profile);
    this.str(o.deviceId);
    this.someNum(o.receivedAt);
    switch (o.kind) {
      case 'vessel-position':
        this.someNum(o.aisType);
        this.someNum(o.mmsi);
        this.nullableNum(o.lat);
        this.nullableNum(o.lon);
        this.nullableNum(o.speed);
        this.nullableNum(o.course);
        this.nullableNum(o.heading);
        this.nullableNum(o.turn);
        this.nullableNum(o.status);
        this.num(o.csUnit === undefined ? 0 : o.csUnit ? 2 : 1);
        return;
      case 'vessel-static': {
        this.someNum(o.aisType);
        this.someNum(o.mmsi);
        let mask = 0;
        for (let b = 0; b < STATIC_FIELDS.length; b++)
          if (o[STATIC_FIELDS[b] as keyof VesselStatic] !== undefined) mask |= 1 << b;
        this.num(mask);
        for (let b = 0; b < STATIC_FIELDS.length; b++) {
          if ((mask & (1 << b)) === 0) continue;
          const field = STATIC_FIELDS[b] as (typeof STATIC_FIELDS)[number];
          if (STATIC_TEXT.has(field)) this.str(o[field]);
          else this.someNum(o[field]);
        }
        return;
      }
      case 'vehicle-report':
        this.nullableStr(o.terminalId);
        this.nullableStr(o.station);
        this.nullableStr(o.plate);
        this.nullableNum(o.lat);
        this.nullableNum(o.lon);
        this.nullableNum(o.speed);
        this.nullableNum(o.heading);
        this.someNum(o.observedAt);
        this.nullableNum(o.grossKg);
        this.num(o.alarms.length);
        for (const a of o.alarms) this.str(a);
        if (o.driver === undefined) this.num(0);
        else {
          this.num(1);
          this.str(o.driver.idHash);
          this.str(o.driver.masked);
        }
        this.tail(o);
        return;
      case 'vessel-sighting':
        this.str(o.station);
        this.nullableNum(o.mmsi);
        this.nullableStr(o.hullName);
        this.nullableNum(o.draughtM);
        this.someNum(o.observedAt);
        this.tail(o);
        return;
    }
  }

  /** What device reports share at their end: the liveness timeout and the fields the profile does not model. */
  private tail(o: VehicleReport | VesselSighting): void {
    if (o.livenessMs === undefined) this.num(0);
    else {
      this.num(1);
      this.someNum(o.livenessMs);
    }
    const keys = Object.keys(o.extra);
    this.num(keys.length);
    for (const k of keys) {
      // Assigning it on the other side would set the prototype instead of a field.
      if (k === '__proto__') this.bad = true;
      this.str(k);
      const v = o.extra[k];
      if (typeof v === 'number') {
        this.num(EXTRA.number);
        this.someNum(v);
      } else if (typeof v === 'string') {
        this.num(EXTRA.string);
        this.str(v);
      } else if (typeof v === 'boolean') this.num(v ? EXTRA.true : EXTRA.false);
      else if (v === null) this.num(EXTRA.null);
      else this.bad = true; // objects, arrays, 64-bit integers, bytes: cloned
    }
  }

  private num(v: number): void {
    if (this.len === this.buf.length) {
      const grown = new Float64Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.len++] = v;
  }

  /** A number, not NaN (which stands for null). */
  private someNum(v: unknown): void {
    if (typeof v === 'number' && !Number.isNaN(v)) this.num(v);
    else this.bad = true;
  }

  private nullableNum(v: unknown): void {
    if (v === null) this.num(NaN);
    else this.someNum(v);
  }

  private str(s: unknown): void {
    if (typeof s !== 'string') {
      this.bad = true;
      return;
    }
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    this.num(i);
  }

  private nullableStr(s: unknown): void {
    if (s === null) this.num(-1);
    else this.str(s);
  }
}
