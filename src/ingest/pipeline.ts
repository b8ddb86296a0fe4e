import type { Clock } from '../clock.js';
import type { Observation } from '../domain/observation.js';
import type { ErrorCode } from '../errors.js';
import type { EventSink } from '../events.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { LabelTally } from '../metrics/tally.js';
import { preview } from '../normalize/device-text.js';
import type { Normalizer } from '../normalize/normalizer.js';
import { normalizerFailed, type NormalizeResult } from '../normalize/result.js';
import { LATE_MS, type DeviceRegistry } from './device-registry.js';
import { frameSource, type Frame } from './ingest-adapter.js';

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
    private readonly events: EventSink,
    private readonly clock: Clock,
  ) {
    this.messageCounts = new LabelTally((profile, outcome) => metrics.messages.labels({ profile, outcome }));
    this.observationCounts = new LabelTally((kind) => metrics.observations.labels({ kind }));
    metrics.beforeCollect.add(() => {
      this.messageCounts.flush();
      this.observationCounts.flush();
    });
  }

  /** Every adapter's frames come in here: normalized (unless a decode thread did that), then joined to the node. */
  accept(frame: Frame): void {
    const source = frameSource(frame);
    if (frame.form === 'normalized') return this.join(source, frame.result);
    let result;
    try {
      result = this.normalizer.normalize(frame);
    } catch (err) {
      // A decoder bug must cost one message, not the node.
      this.log.error({ err, source }, 'normalizer failed on a message');
      result = normalizerFailed(err);
    }
    this.join(source, result);
  }

  /** Judges again the conditions alarm rules are timing on installations that report by exception. */
  tick(): void {
    let results: NormalizeResult[];
    try {
      results = this.normalizer.tick(this.clock.now());
    } catch (err) {
      this.log.error({ err }, 'alarm rule tick failed');
      return;
    }
    for (const r of results) for (const o of r.observations) this.events.emit('observation', o);
  }

  /** A frame's result joins the node: answers to the device, drops, device liveness and observations. */
  private join(topic: string, result: NormalizeResult): void {
    const profile = result.profile ?? 'unknown';
    if (result.commands) for (const c of result.commands) this.events.emit('device-command', c);
    for (const d of result.drops)
      this.drop({ at: this.clock.now(), profile: result.profile, topic, code: d.code, detail: d.detail });
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
      // A listener's failure costs that listener one observation, and is counted by the bus.
      this.events.emit('observation', o);
    }
  }

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
