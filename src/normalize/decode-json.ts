import { driverIdHash, maskId } from '../domain/driver-id.js';
import type { MappedReport, VehicleReport, VesselSighting } from '../domain/observation.js';
import { boundedText, boundedValue, DEVICE_BOUNDS, jsonTooDeep, preview } from './device-text.js';
import { fail, ok, type Outcome } from './outcome.js';
import type { FieldSpec, IdentitySpec, JsonPayloadSpec } from './profiles/profile-schema.js';

/** Device times are believed from 2000 to 2100: a clock outside that is broken, its time refused. */
const DEVICE_TIME_FROM = Date.UTC(2000, 0, 1);
const DEVICE_TIME_TO = Date.UTC(2100, 0, 1);

export interface FieldReject {
  field: string;
  /** A bounded preview of what was refused, never the value itself. */
  value: unknown;
  /** Why: outside its range or format, larger than its bound, or an identity with control characters. */
  reason?: 'range' | 'size' | 'characters';
}

function get(obj: unknown, path: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  // Sparkplug metric names contain dots and slashes: a whole-name key wins over a dotted path.
  if (path in obj) return (obj as Record<string, unknown>)[path];
  if (!path.includes('.')) return undefined;
  let node: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * A device's identity field, well-formed and within its bound. An identity past its bound is
 * refused as a field (counted) and the message goes on as if the device had not sent it.
 */
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const CONTROL_ALL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

function identity(
  spec: IdentitySpec | undefined,
  payload: unknown,
  captures: Record<string, string>,
  name: string,
  rejects: FieldReject[],
  max: number = DEVICE_BOUNDS.id,
): string | null {
  if (!spec) return null;
  const v = 'topic' in spec ? captures[spec.topic] : 'value' in spec ? spec.value : get(payload, spec.path);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const text = boundedText(v.trim(), max);
  if (text === null) {
    rejects.push({ field: name, value: preview(v, 40), reason: 'size' });
    return null;
  }
  // An identity names a target, a passage and upstream records: a control or format character
  // (a line break, a zero-width joiner) would make two ids of one plate, or a log line of two.
  if (CONTROL.test(text)) {
    rejects.push({ field: name, value: preview(v.replace(CONTROL_ALL, '\uFFFD'), 40), reason: 'characters' });
    return null;
  }
  return text === '' ? null : text;
}

function numberField(
  spec: FieldSpec | undefined,
  payload: unknown,
  name: string,
  rejects: FieldReject[],
): number | null {
  if (!spec) return null;
  const raw = get(payload, spec.path);
  if (raw === undefined || raw === null) return null;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    rejects.push({ field: name, value: preview(raw, 40), reason: 'range' });
    return null;
  }
  const v = n * (spec.scale ?? 1);
  if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
    rejects.push({ field: name, value: raw, reason: 'range' });
    return null;
  }
  return v;
}

function timeField(spec: FieldSpec | undefined, payload: unknown, rejects: FieldReject[]): number | null {
  if (!spec) return null;
  const raw = get(payload, spec.path);
  if (raw === undefined || raw === null) return null;
  let t: number;
  if (spec.format === 'iso8601' && typeof raw === 'string') t = Date.parse(raw);
  else if (typeof raw === 'number') t = spec.format === 'epoch-s' ? raw * 1000 : raw;
  else t = Number.NaN;
  // Only times from 2000 to 2100: anything else is a broken clock, not a time (and would travel
  // upstream as a six-digit year).
  if (!Number.isFinite(t) || t < DEVICE_TIME_FROM || t > DEVICE_TIME_TO) {
    rejects.push({ field: 'observedAt', value: preview(raw, 40), reason: 'range' });
    return null;
  }
  return t;
}

// Each bit-encoded alarm source's bits as numbers, worked out once per profile rather than per message.
const bitLists = new WeakMap<Record<string, string>, Array<readonly [number, string]>>();
function bitList(bits: Record<string, string>): Array<readonly [number, string]> {
  let list = bitLists.get(bits);
  if (!list) bitLists.set(bits, (list = Object.entries(bits).map(([bit, code]) => [Number(bit), code] as const)));
  return list;
}

function alarms(spec: JsonPayloadSpec['alarms'], payload: unknown, rejects: FieldReject[]): string[] {
  const out: string[] = [];
  for (const source of spec ?? []) {
    const raw = get(payload, source.path);
    if (source.encoding === 'bits' && typeof raw === 'number' && Number.isInteger(raw)) {
      if (raw === 0) continue;
      for (const [bit, code] of bitList(source.bits)) if ((raw >>> bit) & 1 && !out.includes(code)) out.push(code);
    } else if (source.encoding === 'list' && Array.isArray(raw)) {
      // A list longer than any device's set of alarms is refused whole rather than read in part.
      if (raw.length > DEVICE_BOUNDS.alarmList) {
        rejects.push({ field: 'alarms', value: preview(raw), reason: 'size' });
        continue;
      }
      for (const item of raw) {
        const code = typeof item === 'string' && Object.hasOwn(source.map, item) ? source.map[item] : undefined;
        if (code && !out.includes(code)) out.push(code);
      }
    }
  }
  return out;
}

const consumedCache = new WeakMap<JsonPayloadSpec, Set<string>>();

/** Top-level payload keys the profile consumes: everything else is kept in `extra`. */
function consumedKeys(spec: JsonPayloadSpec): Set<string> {
  const cached = consumedCache.get(spec);
  if (cached) return cached;
  const paths = [
    ...Object.values(spec.fields).map((f) => f?.path),
    ...Object.values(spec.identity).map((i) => (i && 'path' in i ? i.path : undefined)),
    ...(spec.alarms ?? []).map((a) => a.path),
  ];
  const keys = new Set(paths.filter((p): p is string => !!p).map((p) => p.split('.')[0] as string));
  consumedCache.set(spec, keys);
  return keys;
}

export interface JsonDecodeContext {
  /** The provincial driver-id key; without it a reported driver is left out (never kept in clear). */
  driverIdKey?: Uint8Array | null;
  profile: string;
  /** What the profile's devices report about. */
  target: 'vessel' | 'vehicle';
  captures: Record<string, string>;
  receivedAt: number;
}

export type Mapped = Outcome<{ report: MappedReport; rejects: FieldReject[]; body: object }>;

/** Maps a JSON payload to a report using the profile's field mapping. */
export function decodeJson(spec: JsonPayloadSpec, payload: Buffer, ctx: JsonDecodeContext): Mapped {
  if (jsonTooDeep(payload))
    return fail('KAKOU_E_INGEST_PAYLOAD', `JSON nested deeper than ${DEVICE_BOUNDS.jsonDepth} levels`);
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch {
    return fail('KAKOU_E_INGEST_PAYLOAD', 'not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return fail('KAKOU_E_INGEST_PAYLOAD', 'JSON payload is not an object');
  return mapReport(spec, body, ctx);
}

export { get as valueAt };

/** Maps a decoded payload (JSON, a protobuf message as a plain object, Sparkplug metrics, OPC UA values) to a report. */
export function mapReport(spec: JsonPayloadSpec, body: object, ctx: JsonDecodeContext): Mapped {
  return ctx.target === 'vessel' ? mapVessel(spec, body, ctx) : mapVehicle(spec, body, ctx);
}

/** Payload fields the profile does not model, each kept only within the `extra` bounds. */
function extraOf(spec: JsonPayloadSpec, body: object, rejects: FieldReject[]): Record<string, unknown> {
  const consumed = consumedKeys(spec);
  const extra: Record<string, unknown> = {};
  let kept = 0;
  for (const k of Object.keys(body)) {
    if (consumed.has(k)) continue;
    const value = kept < DEVICE_BOUNDS.extraKeys ? boundedValue((body as Record<string, unknown>)[k]) : undefined;
    const key = boundedText(k, DEVICE_BOUNDS.id);
    if (value === undefined || key === null) {
      rejects.push({ field: 'extra', value: preview(k, 40), reason: 'size' });
      continue;
    }
    extra[key] = value;
    kept++;
  }
  return extra;
}

/** A checkpoint device's view of a passing vessel: its station, the vessel by MMSI or hull name, a measured draught. */
function mapVessel(spec: JsonPayloadSpec, body: object, ctx: JsonDecodeContext): Mapped {
  const rejects: FieldReject[] = [];
  const station = identity(spec.identity.station, body, ctx.captures, 'station', rejects);
  if (!station) return fail('KAKOU_E_INGEST_IDENTITY', 'no station id');
  const mmsiText = identity(spec.identity.mmsi, body, ctx.captures, 'mmsi', rejects);
  const mmsi = mmsiText !== null && /^[0-9]{9}$/.test(mmsiText) ? Number(mmsiText) : null;
  const hullName = identity(spec.identity.shipname, body, ctx.captures, 'hullName', rejects, DEVICE_BOUNDS.name);
  if (mmsi === null && hullName === null)
    return fail(
      'KAKOU_E_INGEST_IDENTITY',
      mmsiText === null ? 'neither an MMSI nor a hull name' : `MMSI ${mmsiText} is not nine digits, and no hull name`,
    );
  const report: VesselSighting = {
    kind: 'vessel-sighting',
    profile: ctx.profile,
    deviceId: station,
    receivedAt: ctx.receivedAt,
    station,
    mmsi,
    hullName,
    draughtM: numberField(spec.fields.draughtM, body, 'draughtM', rejects),
    observedAt: timeField(spec.fields.observedAt, body, rejects) ?? ctx.receivedAt,
    extra: extraOf(spec, body, rejects),
  };
  return ok({ report, rejects, body });
}

function mapVehicle(spec: JsonPayloadSpec, body: object, ctx: JsonDecodeContext): Mapped {
  const rejects: FieldReject[] = [];
  const terminalId = identity(spec.identity.terminalId, body, ctx.captures, 'terminalId', rejects);
  const station = identity(spec.identity.station, body, ctx.captures, 'station', rejects);
  const plate = identity(spec.identity.plate, body, ctx.captures, 'plate', rejects);
  if (!terminalId && !station) return fail('KAKOU_E_INGEST_IDENTITY', 'no terminal or station id');
  // A roadside reading is about whichever vehicle is passing: without its plate it names nobody.
  if (!terminalId && !plate) return fail('KAKOU_E_INGEST_IDENTITY', 'roadside reading without a plate');
  const driverId = identity(spec.identity.driverId, body, ctx.captures, 'driverId', rejects);
  const extra = extraOf(spec, body, rejects);
  const report: VehicleReport = {
    kind: 'vehicle-report',
    profile: ctx.profile,
    deviceId: (terminalId ?? station) as string,
    receivedAt: ctx.receivedAt,
    terminalId,
    station,
    plate,
    lat: numberField(spec.fields.lat, body, 'lat', rejects),
    lon: numberField(spec.fields.lon, body, 'lon', rejects),
    speed: numberField(spec.fields.speed, body, 'speed', rejects),
    heading: numberField(spec.fields.heading, body, 'heading', rejects),
    observedAt: timeField(spec.fields.observedAt, body, rejects) ?? ctx.receivedAt,
    grossKg: numberField(spec.fields.grossKg, body, 'grossKg', rejects),
    alarms: alarms(spec.alarms, body, rejects),
    ...(driverId &&
      ctx.driverIdKey && {
        driver: { idHash: driverIdHash(driverId, ctx.driverIdKey).toString('hex'), masked: maskId(driverId) },
      }),
    extra,
  };
  return ok({ report, rejects, body });
}
