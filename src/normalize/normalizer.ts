import type { Clock } from '../clock.js';
import type { RawFrame } from '../domain/frame.js';
import { AlarmRuleEngine } from './alarm-rules.js';
import type { MappedReport } from '../domain/observation.js';
import { mapReport, valueAt, type JsonDecodeContext, type Mapped } from './decode-json.js';
import type { DecodeContext, Decoder } from './decoders/decoder.js';
import { createDecoders, type Decoders } from './decoders/decoders.js';
import { HeldValues } from './held-values.js';
import type { LoadedProfile } from './profiles/load-profiles.js';
import { emptyResult, refused, type NormalizeResult } from './result.js';

/** Topics whose profile is remembered, at most: a site's devices publish on a few thousand all day. */
const MAX_ROUTES = 10_000;

/** Which profile claims a topic, with the levels its pattern captured (shared: read, never written). */
interface Route {
  loaded: LoadedProfile;
  captures: Record<string, string>;
  /** Who sent it: a gateway id if the topic captures one, otherwise the topic. */
  sender: string;
  /** The device the topic names (by the profile's identity, else its first level captured), if any. */
  device: string | null;
}

/** The device a topic names: the capture the profile's identity reads its device from, else the first one. */
function topicDevice(loaded: LoadedProfile, captures: Record<string, string>): string | null {
  const payload = loaded.profile.payload;
  const identity = payload.kind === 'nmea' ? undefined : (payload.identity as Record<string, { topic?: string }>);
  const level = identity?.terminalId?.topic ?? identity?.station?.topic;
  return (level !== undefined ? captures[level] : undefined) ?? Object.values(captures)[0] ?? null;
}

const FORM_NAMES = { message: 'broker messages', lines: 'NMEA lines', values: 'OPC UA values' } as const;

/**
 * Frame in, result out: finds the frame's device profile (by topic for broker messages, by name for
 * the other inputs), hands the frame to the decoder of the profile's payload kind, and joins each
 * mapped report with its profile's liveness and alarm rules. Pure apart from the decoders' own
 * state (AIS reassembly, Sparkplug births) and rule timing; never throws on bad input.
 */
export class Normalizer {
  private readonly decoders: Decoders;
  private readonly rules = new AlarmRuleEngine();
  private readonly held = new HeldValues();
  private readonly routes = new Map<string, Route | null>();
  private readonly byId: ReadonlyMap<string, LoadedProfile>;

  /** `driverIdKey`: the provincial key drivers' ID numbers are hashed with (null: drivers are left out). */
  constructor(
    readonly profiles: readonly LoadedProfile[],
    private readonly clock: Clock,
    private readonly driverIdKey: Uint8Array | null = null,
  ) {
    this.decoders = createDecoders(clock);
    this.byId = new Map(profiles.map((p) => [p.profile.id, p]));
  }

  /** Incomplete AIS groups dropped so far, per profile. */
  droppedFragmentGroups(): Record<string, number> {
    return this.decoders.nmea.droppedFragmentGroups();
  }

  normalize(frame: RawFrame): NormalizeResult {
    if (frame.form === 'message') {
      const route = this.route(frame.topic);
      if (!route) return refused(null, 'KAKOU_E_INGEST_UNKNOWN_TOPIC', frame.topic);
      const { ctx, decoder } = this.context(route.loaded, frame.topic, route.sender, route.captures);
      if (!decoder.message) return this.wrongForm(route.loaded, frame);
      decoder.message(ctx, frame.payload, frame.topic);
      // A message refused before its device was read counts against the device its topic names.
      if (ctx.result.deviceId === null && ctx.result.drops.length > 0) ctx.result.deviceId = route.device;
      return ctx.result;
    }
    const loaded = this.byId.get(frame.profile);
    if (!loaded) return refused(frame.profile, 'KAKOU_E_INGEST_PAYLOAD', `no device profile ${frame.profile}`);
    if (frame.form === 'lines') {
      const { ctx, decoder } = this.context(loaded, frame.source, frame.device, {});
      if (!decoder.lines) return this.wrongForm(loaded, frame);
      decoder.lines(ctx, frame.lines);
      return ctx.result;
    }
    const { ctx, decoder } = this.context(loaded, frame.source, frame.captures.input ?? frame.source, frame.captures);
    if (!decoder.values) return this.wrongForm(loaded, frame);
    decoder.values(ctx, frame.values);
    this.held.note(frame, ctx.result.observations[0], (key) => this.rules.pending(key));
    return ctx.result;
  }

  /**
   * Installations report by exception: no notification means the value has not changed. A
   * condition an alarm rule is timing ("above 25 %LEL for 3 s") therefore goes on holding after the
   * last notification, and is judged again here, on the device's clock as it has run on since.
   */
  tick(now: number): NormalizeResult[] {
    const out: NormalizeResult[] = [];
    for (const h of this.held.all()) {
      const loaded = this.byId.get(h.frame.profile);
      const payload = loaded?.profile.payload;
      if (!loaded || !payload || payload.kind === 'nmea') {
        this.held.forget(h.key);
        continue;
      }
      const { ctx } = this.context(loaded, h.frame.source, h.frame.source, h.frame.captures);
      const mapped = mapReport(payload, h.frame.values, { ...ctx.mapping, receivedAt: h.receivedAt });
      if (!mapped.ok || mapped.value.report.kind !== 'vehicle-report') {
        this.held.forget(h.key);
        continue;
      }
      const report = mapped.value.report;
      report.observedAt = h.observedAt + (now - h.receivedAt);
      ctx.accept({ ok: true, value: { ...mapped.value, rejects: [] } });
      if (!this.rules.pending(h.key)) this.held.forget(h.key);
      // Delivered only when a timed condition has just raised its alarm: nothing else changed.
      if (report.alarms.some((a) => !h.alarms.includes(a))) {
        h.alarms = report.alarms;
        out.push(ctx.result);
      }
    }
    return out;
  }

  private context(loaded: LoadedProfile, source: string, sender: string, captures: Readonly<Record<string, string>>) {
    const { profile } = loaded;
    const mapping: JsonDecodeContext = {
      profile: profile.id,
      target: profile.target,
      captures: captures as Record<string, string>,
      receivedAt: this.clock.now(),
      driverIdKey: this.driverIdKey,
    };
    const result = emptyResult(profile.id);
    const ctx: DecodeContext = {
      loaded,
      source,
      sender,
      mapping,
      result,
      accept: (mapped) => this.accept(loaded, mapped, result),
    };
    return { ctx, decoder: this.decoders[profile.payload.kind] as Decoder };
  }

  private wrongForm(loaded: LoadedProfile, frame: RawFrame): NormalizeResult {
    const { id, payload } = loaded.profile;
    return refused(
      id,
      'KAKOU_E_INGEST_PAYLOAD',
      `profile ${id} (${payload.kind}) does not read ${FORM_NAMES[frame.form]}`,
    );
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
        route = {
          loaded,
          captures,
          sender: Object.values(captures)[0] ?? topic,
          device: topicDevice(loaded, captures),
        };
        break;
      }
    }
    // Forged topics cannot grow it: past the bound it starts again from the topics still in use.
    if (this.routes.size >= MAX_ROUTES) this.routes.clear();
    this.routes.set(topic, route);
    return route;
  }

  /** A mapped report joins the result with its profile's liveness and the alarms its rules raise. */
  private accept(loaded: LoadedProfile, mapped: Mapped, result: NormalizeResult): void {
    if (!mapped.ok) {
      result.drops.push({ code: mapped.code, detail: mapped.detail });
      return;
    }
    const { report, body, rejects } = mapped.value;
    report.livenessMs = (loaded.profile.livenessTimeoutS ?? 300) * 1000;
    this.judge(loaded, report, body);
    result.deviceId ??= report.deviceId;
    result.observations.push(report);
    result.fieldRejects.push(...rejects);
  }

  /** The alarms the profile's rules raise from the decoded values join the device's own alarm codes. */
  private judge(loaded: LoadedProfile, report: MappedReport, body: object): void {
    const payload = loaded.profile.payload;
    const rules = payload.kind === 'nmea' ? [] : (payload.rules ?? []);
    if (report.kind !== 'vehicle-report' || rules.length === 0) return;
    const key = `${loaded.profile.id}|${report.deviceId}`;
    for (const a of this.rules.evaluate(key, rules, (path) => valueAt(body, path), report.observedAt))
      if (!report.alarms.includes(a)) report.alarms.push(a);
  }
}
