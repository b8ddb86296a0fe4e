import type { Observation } from '../domain/observation.js';
import type { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { LabelTally } from '../metrics/tally.js';
import { preview } from '../normalize/device-text.js';
import { normalizerFailed, type NormalizeResult, type Normalizer } from '../normalize/normalizer.js';
import { LATE_MS, type DeviceRegistry } from './device-registry.js';

export interface DropRecord {
  at: number;
  profile: string | null;
  topic: string;
  code: ErrorCode;
  detail: string;
}

const RECENT_DROPS = 50;

/** Timeliness: a device report measured long before it arrived (JSON reports carry their time). */
function arrivedLate(observations: readonly Observation[]): boolean {
  for (const o of observations)
    if ((o.kind === 'vehicle-report' || o.kind === 'vessel-sighting') && o.receivedAt - o.observedAt > LATE_MS)
      return true;
  return false;
}

/**
 * Message in, observations out, and every rejection accounted for: counted by reason in metrics,
 * logged at warn the first time a (profile, reason) pair occurs and at debug after that, and kept
 * in a short list the terminal shows. Nothing here throws on bad input.
 */
export class IngestPipeline {
  private readonly warned = new Set<string>();
  private readonly recent: DropRecord[] = [];
  private readonly counts = new Map<string, number>();
  private readonly messageCounts: LabelTally;
  private readonly observationCounts: LabelTally;

  constructor(
    private readonly normalizer: Normalizer,
    private readonly devices: DeviceRegistry,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly sink: (o: Observation) => void,
    private readonly now: () => number,
  ) {
    this.messageCounts = new LabelTally((profile, outcome) => metrics.messages.labels({ profile, outcome }));
    this.observationCounts = new LabelTally((kind) => metrics.observations.labels({ kind }));
    metrics.beforeCollect.add(() => {
      this.messageCounts.flush();
      this.observationCounts.flush();
    });
  }

  handle(topic: string, payload: Buffer): void {
    this.process(topic, () => this.normalizer.handle(topic, payload));
  }

  /** Lines from a stream input; `source` (such as tcp:rx-1) stands in for the topic in drops and logs. */
  handleLines(profileId: string, deviceId: string, source: string, lines: readonly string[]): void {
    this.process(source, () => this.normalizer.handleLines(profileId, deviceId, source, lines));
  }

  /** Values from an OPC UA adapter; `source` (such as opcua:bay-1) stands in for the topic. */
  handleObject(
    profileId: string,
    source: string,
    body: Record<string, unknown>,
    captures: Record<string, string> = {},
  ): void {
    this.process(source, () => this.normalizer.handleObject(profileId, body, captures));
  }

  /** Judges again the conditions alarm rules are timing on installations that report by exception. */
  tick(): void {
    let results: NormalizeResult[];
    try {
      results = this.normalizer.tick(this.now());
    } catch (err) {
      this.log.error({ err }, 'alarm rule tick failed');
      return;
    }
    for (const r of results) {
      for (const o of r.observations) {
        try {
          this.sink(o);
        } catch (err) {
          this.log.error({ err, kind: o.kind }, 'observation sink failed');
        }
      }
    }
  }

  private process(topic: string, normalize: () => NormalizeResult): void {
    let result;
    try {
      result = normalize();
    } catch (err) {
      // A decoder bug must cost one message, not the node.
      this.log.error({ err, topic }, 'normalizer failed on a message');
      result = normalizerFailed(err);
    }
    this.accept(topic, result);
  }

  /**
   * A message's normalized result joins the node: answers to the device, drops, device liveness and
   * observations. Called here after normalizing, or with results a decode thread posts.
   */
  accept(topic: string, result: NormalizeResult): void {
    const profile = result.profile ?? 'unknown';
    if (result.commands) for (const c of result.commands) this.publish(c.topic, c.payload);
    for (const d of result.drops)
      this.drop({ at: this.now(), profile: result.profile, topic, code: d.code, detail: d.detail });
    for (const r of result.fieldRejects)
      this.metrics.fieldRejects.inc({ profile, field: r.field, reason: r.reason ?? 'range' });
    const outcome = result.observations.length === 0 ? 'dropped' : result.drops.length > 0 ? 'partial' : 'accepted';
    this.messageCounts.add(profile, outcome);
    if (result.profile && result.deviceId)
      this.devices.record(
        result.profile,
        result.deviceId,
        outcome === 'dropped' && result.drops.length > 0,
        arrivedLate(result.observations),
      );
    if (result.offline && result.profile) for (const d of result.offline) this.devices.died(result.profile, d);
    for (const o of result.observations) {
      this.observationCounts.add(o.kind);
      try {
        this.sink(o);
      } catch (err) {
        // A bug downstream must cost one observation, and be counted where an operator looks.
        this.log.error({ err, topic, kind: o.kind }, 'observation sink failed');
        this.drop({
          at: this.now(),
          profile: result.profile,
          topic,
          code: 'KAKOU_E_INTERNAL',
          detail: (err as Error).message,
        });
      }
    }
  }

  /** Where answers to devices go (the site broker); set once the adapter exists. */
  publish: (topic: string, payload: Buffer) => void = () => undefined;

  recentDrops(): DropRecord[] {
    return [...this.recent].reverse();
  }

  /** Rejections so far by profile and reason code. */
  dropCounts(): Array<{ profile: string; code: string; count: number }> {
    return [...this.counts].map(([key, count]) => {
      const [profile, code] = key.split('|') as [string, string];
      return { profile, code, count };
    });
  }

  private drop(d: DropRecord): void {
    // A detail quotes device input: bounded before it is logged or kept for the terminal.
    d.detail = preview(d.detail);
    const profile = d.profile ?? 'unknown';
    this.metrics.drops.inc({ profile, reason: d.code });
    const key = `${profile}|${d.code}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (!this.warned.has(key)) {
      this.warned.add(key);
      this.log.warn(
        { profile, topic: d.topic, code: d.code, detail: d.detail },
        'message rejected (further rejections for this reason are counted in kakou_ingest_drops_total)',
      );
    } else if (this.log.isLevelEnabled('debug')) {
      this.log.debug({ profile, topic: d.topic, code: d.code, detail: d.detail }, 'message rejected');
    }
    this.recent.push(d);
    if (this.recent.length > RECENT_DROPS) this.recent.shift();
  }
}
