import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { LoadedProfile } from '../normalize/profiles/load-profiles.js';
import type { AdapterState } from './adapter-status.js';
import { DecodeThread } from './decode-thread.js';
import type { DecodeWorkerInit } from './decode-messages.js';
import type { MqttAdapterOptions } from './mqtt-adapter.js';
import type { FrameSink, IngestAdapter } from './ingest-adapter.js';

/** The site-broker input, whichever thread decodes its messages. */
export interface SiteBroker extends IngestAdapter {
  readonly thread: 'main' | 'worker';
  /** Publishes an answer to a device. */
  publish(topic: string, payload: Buffer): void;
  /** Incomplete AIS groups the decode thread dropped, per profile (on the main thread the pipeline's normalizer counts them). */
  droppedFragmentGroups(): Record<string, number>;
}

/** The compiled decode worker beside this module; null when running from TypeScript sources (the test suite), which a worker cannot load. */
export function compiledDecodeWorker(): URL | null {
  const url = new URL('./decode-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

/**
 * Whether broker messages get a thread of their own: from two cores. On a two-core machine the
 * thread takes more than half the work per message off the main thread, for more CPU in all per
 * message (tests/bench/README.md has the runs). On one core there is nothing to run it on.
 */
export function wantsDecodeThread(setting: 'auto' | 'worker' | 'main', cores = availableParallelism()): boolean {
  return setting === 'worker' || (setting === 'auto' && cores >= 2);
}

/** Messages a decode thread may hand over before the main thread takes them in: a few hundred milliseconds of a flood. */
const MAX_IN_FLIGHT = 8_192;

export interface SiteBrokerDeps {
  adapter: MqttAdapterOptions;
  /** Decode on a worker thread running this script; null decodes on the main thread. */
  worker: {
    script: URL;
    profileDir: string;
    profiles: readonly LoadedProfile[];
    driverIdKey: Uint8Array | null;
  } | null;
  sink: FrameSink;
  metrics: Metrics;
  clock: Clock;
  log: Logger;
}

export async function createSiteBroker({
  adapter,
  worker,
  sink,
  metrics,
  clock,
  log,
}: SiteBrokerDeps): Promise<SiteBroker> {
  const onState = (state: AdapterState) => {
    metrics.mqttConnected.set(state === 'connected' ? 1 : 0);
    if (state === 'reconnecting') metrics.mqttReconnects.inc();
  };
  log.info({ thread: worker ? 'worker' : 'main' }, 'thread that decodes broker messages');
  if (worker) {
    const profiles = worker.profiles.filter((p) => p.topic).map(({ profile, file }) => ({ profile, file }));
    const init: DecodeWorkerInit = {
      adapter,
      profileDir: worker.profileDir,
      profiles,
      logLevel: log.level,
      maxInFlight: MAX_IN_FLIGHT,
      driverIdKey: worker.driverIdKey,
    };
    return new DecodeThread({
      script: worker.script,
      init,
      log,
      restartMs: adapter.reconnectMs,
      clock,
      onState,
      sink,
      onQueue: (n) => metrics.decodeQueue.set(n),
      onRestart: () => metrics.decodeRestarts.inc(),
      onHeap: (used) => metrics.decodeHeap.set(used),
    });
  }
  // MQTT.js, which is large, is loaded on the main thread only when it decodes there.
  const { MqttAdapter } = await import('./mqtt-adapter.js');
  const mqtt = new MqttAdapter(adapter, clock, log, {
    onMessage: (topic, payload) => sink({ form: 'message', topic, payload }),
    onState,
  });
  return {
    id: 'site-broker',
    kind: 'mqtt',
    thread: 'main',
    start: () => mqtt.start(),
    stop: () => mqtt.stop(),
    status: () => ({ ...mqtt.status(), thread: 'main' }),
    publish: (topic, payload) => mqtt.publish(topic, payload),
    droppedFragmentGroups: () => ({}),
  };
}
