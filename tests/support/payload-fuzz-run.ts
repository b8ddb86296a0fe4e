import { isDeepStrictEqual } from 'node:util';
import type { KakouApp } from '../../src/app.js';
import { systemClock } from '../../src/clock.js';
import { HandoverPacker, type PackedBatch } from '../../src/ingest/handover-pack.js';
import { unpackHandover } from '../../src/ingest/handover-unpack.js';
import { Normalizer } from '../../src/normalize/normalizer.js';
import type { NormalizeResult } from '../../src/normalize/result.js';
import { loadProfiles } from '../../src/normalize/profiles/load-profiles.js';
import { DEFAULT_PROFILE_DIR } from '../../src/paths.js';
import { PayloadFuzzer } from './payload-fuzz.js';

export interface FuzzRun {
  messages: number;
  byKind: Record<string, number>;
  opcuaBodies: number;
  drops: number;
  /** Drops with KAKOU_E_INTERNAL: something threw where it must not. */
  internal: Array<{ profile: string; count: number }>;
  /** Targets scoring threw on (kept their previous score): a run must have none. */
  scoreFailures: number;
  /** Messages normalized apart and handed over as the MQTT decode thread does (every other one). */
  handedOver: number;
  /** Topics of messages that came out of the hand-over other than their structured clone: a run must have none. */
  handoverMismatches: string[];
}

/**
 * What the MQTT decode thread does with a message: its own normalizer, the packed hand-over in
 * batches (numbers transferred, the rest cloned), then the node's pipeline; each message that
 * comes out is compared with a structured clone of what went in.
 */
class Handover {
  private readonly normalizer = new Normalizer(loadProfiles(DEFAULT_PROFILE_DIR), systemClock);
  private readonly packer = new HandoverPacker();
  private sent: NormalizeResult[] = [];
  count = 0;
  readonly mismatches: string[] = [];

  constructor(private readonly app: KakouApp) {}

  add(topic: string, payload: Buffer): void {
    const result = this.normalizer.normalize({ form: 'message', topic, payload });
    delete result.commands; // the thread publishes these itself
    this.packer.add(topic, result);
    this.sent.push(result);
    if (this.packer.size === 256) this.flush();
  }

  flush(): void {
    const batch = this.packer.take();
    const want = structuredClone(this.sent);
    this.sent = [];
    let i = 0;
    unpackHandover(
      structuredClone(batch, { transfer: [batch.numbers.buffer as ArrayBuffer] }) as PackedBatch,
      (topic, result) => {
        if (!isDeepStrictEqual(result, want[i++]) && this.mismatches.length < 10) this.mismatches.push(topic);
        this.count++;
        this.app.ingest.accept({ form: 'normalized', source: topic, result });
      },
    );
  }
}

/**
 * Feeds fuzz messages through a node's whole ingest path (normalize, tracks, rule timing, scoring
 * every 2,000 messages; every other message by way of the decode thread's hand-over), and OPC UA
 * value sets to the installation models. Nothing may throw out of the pipeline; what threw inside
 * it shows as KAKOU_E_INTERNAL drops, which a run must not have.
 */
export function fuzzNode(app: KakouApp, n: number, seed: number): FuzzRun {
  const f = new PayloadFuzzer(seed);
  const handover = new Handover(app);
  const byKind: Record<string, number> = {};
  let opcuaBodies = 0;
  for (let i = 0; i < n; i++) {
    const m = f.next();
    byKind[m.kind] = (byKind[m.kind] ?? 0) + 1;
    if (i % 2 === 0) app.ingest.accept({ form: 'message', topic: m.topic, payload: m.payload });
    else handover.add(m.topic, m.payload);
    if (i % 10 === 0) {
      app.ingest.accept({
        form: 'values',
        source: 'opcua:fuzz',
        profile: i % 20 === 0 ? 'draught-gauge-opcua' : 'tank-farm-plc-opcua',
        values: f.opcuaBody(),
        captures: { input: `bay-${i % 7}` },
      });
      opcuaBodies++;
    }
    if (i % 2000 === 1999) {
      app.ingest.tick();
      app.targets.flush();
    }
  }
  handover.flush();
  app.targets.flush();
  const counts = app.ingest.dropCounts();
  return {
    messages: n,
    byKind,
    opcuaBodies,
    drops: counts.reduce((a, d) => a + d.count, 0),
    internal: [
      ...counts.filter((d) => d.code === 'KAKOU_E_INTERNAL').map(({ profile, count }) => ({ profile, count })),
      // A stage that threw on an observation or event: the bus isolated it and counted it.
      ...[...app.events.failures].map(([listener, count]) => ({ profile: `listener ${listener}`, count })),
    ],
    scoreFailures: app.targets.scoreFailures,
    handedOver: handover.count,
    handoverMismatches: handover.mismatches,
  };
}
