import type { Observation, VehicleReport, VesselSighting, VesselStatic } from '../domain/observation.js';
import type { NormalizeResult } from '../normalize/result.js';
import { EXTRA, KIND_CODE, STATIC_FIELDS, STATIC_TEXT, type PackedBatch } from './handover-pack.js';

// Results that crossed packed had no drops and no field rejects: they share these, and nothing
// on the main thread writes to a result.
const NONE: never[] = [];
Object.freeze(NONE);
// Stands in for `extra` until it is read, so that reports are built with all their fields at once.
const NO_EXTRA: Record<string, unknown> = Object.freeze({});

/** Rebuilds a batch packed by HandoverPacker, calling `each` with every message in order. */
export function unpackHandover(batch: PackedBatch, each: (topic: string, result: NormalizeResult) => void): void {
  const r = new Reader(batch);
  let cloned = 0;
  for (let i = 0; i < batch.count; i++) {
    const topic = r.str();
    if (r.num() === 0) {
      each(topic, batch.cloned[cloned++] as NormalizeResult);
      continue;
    }
    const profile = r.str();
    const deviceId = r.nullableStr();
    const observations: Observation[] = new Array<Observation>(r.count());
    for (let k = 0; k < observations.length; k++) observations[k] = r.observation();
    each(topic, { profile, deviceId, observations, drops: NONE, fieldRejects: NONE });
  }
}

class Reader {
  private at = 0;
  private readonly n: Float64Array;
  private readonly s: string[];

  constructor(batch: PackedBatch) {
    this.n = batch.numbers;
    this.s = batch.strings;
  }

  num(): number {
    const v = this.n[this.at++] as number;
    // An integer read from a Float64Array is a heap number, and stays one (16 bytes) in every
    // track and target field that keeps it; as a small integer it costs nothing. -0 stays -0.
    return (v | 0) === v && (v !== 0 || 1 / v > 0) ? v | 0 : v;
  }

  nullableNum(): number | null {
    const v = this.num();
    return v === v ? v : null; // NaN stands for null
  }

  str(): string {
    return this.s[this.n[this.at++] as number] as string;
  }

  /** A number of items to follow: each takes at least one number, so a larger one means the batch is corrupt. */
  count(): number {
    const n = this.num();
    if (!(n >= 0 && n <= this.n.length - this.at)) throw new Error(`hand-over batch corrupt at ${this.at - 1}`);
    return n;
  }

  strs(): string[] {
    const out = new Array<string>(this.count());
    for (let k = 0; k < out.length; k++) out[k] = this.str();
    return out;
  }

  nullableStr(): string | null {
    const i = this.n[this.at++] as number;
    return i < 0 ? null : (this.s[i] as string);
  }

  observation(): Observation {
    const code = this.num();
    const profile = this.str();
    const deviceId = this.str();
    const receivedAt = this.num();
    switch (code) {
      case KIND_CODE['vessel-position']: {
        const o: Observation = {
          kind: 'vessel-position',
          profile,
          deviceId,
          receivedAt,
          aisType: this.num(),
          mmsi: this.num(),
          lat: this.nullableNum(),
          lon: this.nullableNum(),
          speed: this.nullableNum(),
          course: this.nullableNum(),
          heading: this.nullableNum(),
          turn: this.nullableNum(),
          status: this.nullableNum(),
        };
        const cs = this.num();
        if (cs !== 0) o.csUnit = cs === 2;
        return o;
      }
      case KIND_CODE['vessel-static']: {
        const o: VesselStatic = {
          kind: 'vessel-static',
          profile,
          deviceId,
          receivedAt,
          aisType: this.num(),
          mmsi: this.num(),
        };
        const mask = this.num();
        for (let b = 0; b < STATIC_FIELDS.length; b++) {
          if ((mask & (1 << b)) === 0) continue;
          const field = STATIC_FIELDS[b] as (typeof STATIC_FIELDS)[number];
          (o as unknown as Record<string, unknown>)[field] = STATIC_TEXT.has(field) ? this.str() : this.num();
        }
        return o;
      }
      case KIND_CODE['vehicle-report']: {
        const o: VehicleReport = {
          kind: 'vehicle-report',
          profile,
          deviceId,
          receivedAt,
          terminalId: this.nullableStr(),
          station: this.nullableStr(),
          plate: this.nullableStr(),
          lat: this.nullableNum(),
          lon: this.nullableNum(),
          speed: this.nullableNum(),
          heading: this.nullableNum(),
          observedAt: this.num(),
          grossKg: this.nullableNum(),
          alarms: this.strs(),
          extra: NO_EXTRA,
        };
        if (this.num() === 1) o.driver = { idHash: this.str(), masked: this.str() };
        this.tail(o);
        return o;
      }
      default: {
        const o: VesselSighting = {
          kind: 'vessel-sighting',
          profile,
          deviceId,
          receivedAt,
          station: this.str(),
          mmsi: this.nullableNum(),
          hullName: this.nullableStr(),
          draughtM: this.nullableNum(),
          observedAt: this.num(),
          extra: NO_EXTRA,
        };
        this.tail(o);
        return o;
      }
    }
  }

  private tail(o: VehicleReport | VesselSighting): void {
    if (this.num() === 1) o.livenessMs = this.num();
    const extra: Record<string, unknown> = {};
    for (let k = this.count(); k > 0; k--) {
      const key = this.str();
      const type = this.num();
      extra[key] =
        type === EXTRA.number
          ? this.num()
          : type === EXTRA.string
            ? this.str()
            : type === EXTRA.null
              ? null
              : type === EXTRA.true;
    }
    o.extra = extra;
  }
}
