import type { Clock } from '../clock.js';
import type { ErrorCode } from '../errors.js';
import type { Observation } from '../domain/observation.js';
import { AisDecoder } from './ais/ais-decoder.js';
import { aisToObservations } from './ais-observations.js';
import { AlarmRuleEngine } from './alarm-rules.js';
import { decodeJson, mapReport, valueAt, type FieldReject, type Mapped } from './decode-json.js';
import { fail } from './outcome.js';
import { decodeSparkplug, parseSparkplugTopic, SparkplugState } from './sparkplug.js';
import type { LoadedProfile } from './profiles/load-profiles.js';

/** OPC UA devices whose rule timing is remembered between notifications, at most. */
const MAX_HELD = 1000;
/** Topics whose profile is remembered, at most: a site's devices publish on a few thousand all day. */
const MAX_ROUTES = 10_000;

/** Which profile claims a topic, with the levels its pattern captured (shared: read, never written). */
interface Route {
  loaded: LoadedProfile;
  captures: Record<string, string>;
  /** Who sent it, for NMEA: a gateway id if the topic captures one, otherwise the topic. */
  source: string;
}

export interface Drop {
  code: ErrorCode;
  detail: string;
}

export interface NormalizeResult {
  /** Profile that claimed the topic; null for an unknown topic. */
  profile: string | null;
  deviceId: string | null;
  observations: Observation[];
  drops: Drop[];
  fieldRejects: FieldReject[];
  /** Messages the node must publish in answer (a Sparkplug rebirth request). */
  commands?: Array<{ topic: string; payload: Buffer }>;
  /** Devices that announced they are going offline (Sparkplug NDEATH / DDEATH). */
  offline?: string[];
}

/** The result standing for a message the normalizer threw on: one message lost and counted. */
export function normalizerFailed(err: unknown): NormalizeResult {
  return {
    profile: null,
    deviceId: null,
    observations: [],
    drops: [{ code: 'KAKOU_E_INTERNAL', detail: err instanceof Error ? err.message : String(err) }],
    fieldRejects: [],
  };
}

/**
 * Routes each message to the profile whose topic pattern matches and decodes it. Pure apart from
 * the AIS reassembly state it keeps per profile; never throws on bad input.
 */
export class Normalizer {
  private readonly ais = new Map<string, AisDecoder>();
  private readonly rules = new AlarmRuleEngine();
  private readonly sparkplug = new SparkplugState();
  private readonly routes = new Map<string, Route | null>();
  // OPC UA values a rule is timing: reported by exception, they hold until they change (see tick).
  private readonly held = new Map<
    string,
    {
      profileId: string;
      body: Record<string, unknown>;
      captures: Record<string, string>;
      receivedAt: number;
      observedAt: number;
      alarms: string[];
    }
  >();

  /** `driverIdKey`: the provincial key drivers' ID numbers are hashed with (null: drivers are left out). */
  constructor(
    readonly profiles: readonly LoadedProfile[],
    private readonly clock: Clock,
    private readonly driverIdKey: Uint8Array | null = null,
  ) {
    for (const p of profiles) if (p.profile.payload.kind === 'nmea') this.ais.set(p.profile.id, new AisDecoder());
  }

  /** Incomplete AIS groups dropped so far, per profile. */
  droppedFragmentGroups(): Record<string, number> {
    return Object.fromEntries([...this.ais].map(([id, d]) => [id, d.droppedGroups]));
  }

  handle(topic: string, payload: Buffer): NormalizeResult {
    const route = this.route(topic);
    if (route) return this.decode(route, topic, payload);
    return {
      profile: null,
      deviceId: null,
      observations: [],
      drops: [{ code: 'KAKOU_E_INGEST_UNKNOWN_TOPIC', detail: topic }],
      fieldRejects: [],
    };
  }

  /** The profile a topic belongs to, remembered: splitting and matching every message's topic cost more than decoding some. */
  private route(topic: string): Route | null {
    let route = this.routes.get(topic);
    if (route !== undefined) return route;
    route = null;
    const levels = topic.split('/');
    for (const loaded of this.profiles) {
      const captures = loaded.topic?.matchLevels(levels);
      if (captures) {
        route = { loaded, captures, source: Object.values(captures)[0] ?? topic };
        break;
      }
    }
    // Forged topics cannot grow it: past the bound it starts again from the topics still in use.
    if (this.routes.size >= MAX_ROUTES) this.routes.clear();
    this.routes.set(topic, route);
    return route;
  }

  private decode(route: Route, topic: string, payload: Buffer): NormalizeResult {
    const { loaded, captures } = route;
    const { profile } = loaded;
    const receivedAt = this.clock.now();
    const result: NormalizeResult = {
      profile: profile.id,
      deviceId: null,
      observations: [],
      drops: [],
      fieldRejects: [],
    };
    if (profile.payload.kind === 'sparkplug-b') return this.decodeSparkplug(loaded, topic, captures, payload, result);
    if (profile.payload.kind !== 'nmea') {
      const spec = profile.payload;
      const ctx = { profile: profile.id, target: profile.target, captures, receivedAt, driverIdKey: this.driverIdKey };
      let decoded;
      if (loaded.protobuf) {
        try {
          decoded = mapReport(spec, loaded.protobuf(payload), ctx);
        } catch (err) {
          decoded = fail(
            'KAKOU_E_INGEST_PAYLOAD',
            `not a ${spec.kind === 'protobuf' ? spec.message : 'protobuf'} message (${(err as Error).message})`,
          );
        }
      } else decoded = decodeJson(spec, payload, ctx);
      this.accept(loaded, decoded, result);
      return result;
    }
    const text = payload.toString('latin1');
    // Most gateways publish a sentence per message: a regular-expression split costs more than its decoding.
    const lines = text.includes('\n') ? text.split(/\r?\n/) : [text];
    this.decodeNmea(result, route.source, topic, lines, receivedAt);
    if (result.observations.length === 0 && result.drops.length === 0 && text.trim() === '') {
      result.drops.push({ code: 'KAKOU_E_INGEST_PAYLOAD', detail: 'empty payload' });
    }
    return result;
  }

  private decodeSparkplug(
    loaded: LoadedProfile,
    topic: string,
    captures: Record<string, string>,
    payload: Buffer,
    result: NormalizeResult,
  ): NormalizeResult {
    const spec = loaded.profile.payload as Extract<LoadedProfile['profile']['payload'], { kind: 'sparkplug-b' }>;
    const where = parseSparkplugTopic(topic);
    if (!where) {
      result.drops.push({ code: 'KAKOU_E_INGEST_PAYLOAD', detail: `${topic} is not a Sparkplug B topic` });
      return result;
    }
    if (where.type.endsWith('CMD') || where.type === 'STATE') return result; // commands (ours too) and host state are not device data
    let decoded;
    try {
      decoded = decodeSparkplug(payload);
    } catch (err) {
      result.drops.push({
        code: 'KAKOU_E_INGEST_PAYLOAD',
        detail: `not a Sparkplug B payload (${(err as Error).message})`,
      });
      return result;
    }
    const now = this.clock.now();
    const out = this.sparkplug.handle(where, decoded, now);
    if (out.rebirth) result.commands = [out.rebirth];
    if (out.offline.length > 0) result.offline = out.offline;
    if (out.problem) result.drops.push({ code: 'KAKOU_E_INGEST_PAYLOAD', detail: out.problem });
    result.deviceId = where.device ?? where.edge;
    for (const u of out.updates) {
      const body = { ...u.body, ...(u.timestamp !== null && { 'sparkplug.timestamp': u.timestamp }) };
      this.accept(
        loaded,
        mapReport(spec, body, {
          profile: loaded.profile.id,
          target: loaded.profile.target,
          captures: { ...captures, device: u.device },
          receivedAt: now,
          driverIdKey: this.driverIdKey,
        }),
        result,
      );
    }
    return result;
  }

  /**
   * The current values of an OPC UA profile's nodes (by their profile names), mapped like a JSON
   * payload; `captures` holds {input}, the installation's id, for identities to name.
   */
  handleObject(
    profileId: string,
    body: Record<string, unknown>,
    captures: Record<string, string> = {},
  ): NormalizeResult {
    const loaded = this.profiles.find((p) => p.profile.id === profileId);
    const result: NormalizeResult = {
      profile: profileId,
      deviceId: null,
      observations: [],
      drops: [],
      fieldRejects: [],
    };
    if (!loaded || loaded.profile.payload.kind !== 'opcua') {
      result.drops.push({ code: 'KAKOU_E_INGEST_PAYLOAD', detail: `profile ${profileId} does not read OPC UA values` });
      return result;
    }
    const mapped = mapReport(loaded.profile.payload, body, {
      profile: profileId,
      target: loaded.profile.target,
      captures,
      receivedAt: this.clock.now(),
      driverIdKey: this.driverIdKey,
    });
    // An installation keeps publishing with nobody at it (an empty loading bay): heard, about no one.
    if (!mapped.ok && mapped.code === 'KAKOU_E_INGEST_IDENTITY' && captures.input) result.deviceId = captures.input;
    else this.accept(loaded, mapped, result);
    const report = mapped.ok ? mapped.value.report : null;
    const key = report && `${profileId}|${report.deviceId}`;
    if (key && report && this.rules.pending(key)) {
      // Bounded like every per-device state: a body naming ever new stations cannot grow it.
      if (!this.held.has(key) && this.held.size >= MAX_HELD) this.held.delete(this.held.keys().next().value as string);
      this.held.set(key, {
        profileId,
        body,
        captures,
        receivedAt: report.receivedAt,
        observedAt: report.observedAt,
        alarms: report.kind === 'vehicle-report' ? report.alarms : [],
      });
    } else if (key) this.held.delete(key);
    return result;
  }

  /**
   * OPC UA reports by exception: no notification means the value has not changed. A condition an
   * alarm rule is timing ("above 25 %LEL for 3 s") therefore goes on holding after the last
   * notification, and is judged again here, on the device's clock as it has run on since.
   */
  tick(now: number): NormalizeResult[] {
    const out: NormalizeResult[] = [];
    for (const [key, h] of this.held) {
      const loaded = this.profiles.find((p) => p.profile.id === h.profileId);
      if (!loaded || loaded.profile.payload.kind !== 'opcua') {
        this.held.delete(key);
        continue;
      }
      const deviceNow = h.observedAt + (now - h.receivedAt);
      const mapped = mapReport(loaded.profile.payload, h.body, {
        profile: h.profileId,
        target: loaded.profile.target,
        captures: h.captures,
        receivedAt: h.receivedAt,
        driverIdKey: this.driverIdKey,
      });
      if (!mapped.ok || mapped.value.report.kind !== 'vehicle-report') {
        this.held.delete(key);
        continue;
      }
      const report = mapped.value.report;
      report.observedAt = deviceNow;
      const result: NormalizeResult = {
        profile: h.profileId,
        deviceId: null,
        observations: [],
        drops: [],
        fieldRejects: [],
      };
      this.accept(loaded, { ok: true, value: { ...mapped.value, rejects: [] } }, result);
      if (!this.rules.pending(key)) this.held.delete(key);
      // Delivered only when a timed condition has just raised its alarm: nothing else changed.
      if (report.alarms.some((a) => !h.alarms.includes(a))) {
        h.alarms = report.alarms;
        out.push(result);
      }
    }
    return out;
  }

  /**
   * A mapped report joins the result with its profile's liveness and the alarms the
   * profile's rules raise from the decoded values (joining the device's own alarm codes).
   */
  private accept(loaded: LoadedProfile, mapped: Mapped, result: NormalizeResult): void {
    if (!mapped.ok) {
      result.drops.push({ code: mapped.code, detail: mapped.detail });
      return;
    }
    const { report, body, rejects } = mapped.value;
    const rules = loaded.profile.payload.kind === 'nmea' ? [] : (loaded.profile.payload.rules ?? []);
    report.livenessMs = (loaded.profile.livenessTimeoutS ?? 300) * 1000;
    if (report.kind === 'vehicle-report' && rules.length > 0) {
      for (const a of this.rules.evaluate(
        `${loaded.profile.id}|${report.deviceId}`,
        rules,
        (path) => valueAt(body, path),
        report.observedAt,
      )) {
        if (!report.alarms.includes(a)) report.alarms.push(a);
      }
    }
    result.deviceId ??= report.deviceId;
    result.observations.push(report);
    result.fieldRejects.push(...rejects);
  }

  /**
   * NMEA lines from a stream input (a receiver's TCP server, a UDP feed) for an nmea profile.
   * `source` keys multi-sentence reassembly, so two receivers' fragments never mix.
   */
  handleLines(profileId: string, deviceId: string, source: string, lines: readonly string[]): NormalizeResult {
    const result: NormalizeResult = { profile: profileId, deviceId, observations: [], drops: [], fieldRejects: [] };
    if (!this.ais.has(profileId)) {
      result.drops.push({ code: 'KAKOU_E_INGEST_PAYLOAD', detail: `profile ${profileId} does not decode NMEA` });
      return result;
    }
    this.decodeNmea(result, deviceId, source, lines, this.clock.now());
    return result;
  }

  private decodeNmea(
    result: NormalizeResult,
    deviceId: string,
    source: string,
    lines: Iterable<string>,
    receivedAt: number,
  ): void {
    const profile = result.profile as string;
    const decoder = this.ais.get(profile) as AisDecoder;
    result.deviceId = deviceId;
    const base = { profile, deviceId, receivedAt };
    for (const line of lines) {
      if (line.trim() === '') continue;
      const out = decoder.feed(line, source, receivedAt);
      if (!out.ok) result.drops.push({ code: out.code, detail: out.detail });
      else if (out.value) result.observations.push(...aisToObservations(out.value, base));
    }
  }
}
