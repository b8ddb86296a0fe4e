import type { KakouApp } from '../../src/app.js';
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
}

/**
 * Feeds fuzz messages through a node's whole ingest path (normalize, tracks, rule timing, scoring
 * every 2,000 messages), and OPC UA value sets to the installation models. Nothing may throw out
 * of the pipeline; what threw inside it shows as KAKOU_E_INTERNAL drops, which a run must not have.
 */
export function fuzzNode(app: KakouApp, n: number, seed: number): FuzzRun {
  const f = new PayloadFuzzer(seed);
  const byKind: Record<string, number> = {};
  let opcuaBodies = 0;
  for (let i = 0; i < n; i++) {
    const m = f.next();
    byKind[m.kind] = (byKind[m.kind] ?? 0) + 1;
    app.ingest.handle(m.topic, m.payload);
    if (i % 10 === 0) {
      app.ingest.handleObject(i % 20 === 0 ? 'draught-gauge-opcua' : 'tank-farm-plc-opcua', 'opcua:fuzz', f.opcuaBody(), { input: `bay-${i % 7}` });
      opcuaBodies++;
    }
    if (i % 2000 === 1999) {
      app.ingest.tick();
      app.targets.flush();
    }
  }
  app.targets.flush();
  const counts = app.ingest.dropCounts();
  return {
    messages: n, byKind, opcuaBodies, drops: counts.reduce((a, d) => a + d.count, 0),
    internal: counts.filter((d) => d.code === 'KAKOU_E_INTERNAL').map(({ profile, count }) => ({ profile, count })),
    scoreFailures: app.targets.scoreFailures,
  };
}
