import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { TlsMaterial } from '../config/tls-files.js';
import { KakouError } from '../errors.js';
import type { FrameSink } from '../ingest/ingest-adapter.js';
import { compiledDecodeWorker, createSiteBroker, wantsDecodeThread, type SiteBroker } from '../ingest/site-broker.js';
import { StreamInputs } from '../ingest/stream-inputs.js';
import { subscriptionsFor } from '../ingest/topic-filter.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { LoadedProfile } from '../normalize/profiles/load-profiles.js';
import { DEFAULT_PROFILE_DIR } from '../paths.js';

export interface SiteInputsOptions {
  config: Config;
  profiles: readonly LoadedProfile[];
  mqttTls: TlsMaterial;
  driverIdKey: Uint8Array | null;
  /** The MQTT decode thread's compiled script; undefined for the one beside the build, null for the main thread. */
  decodeWorker: URL | null | undefined;
  sink: FrameSink;
  metrics: Metrics;
  clock: Clock;
  log: Logger;
}

/**
 * Every input of the site, each an IngestAdapter putting frames into `sink`: the site broker (its
 * messages decoded on a thread of their own from two cores) and the stream inputs (NMEA over TCP
 * and UDP, OPC UA installations). Refuses, with every problem listed, a broker filter that leaves a
 * profile's topic unheard.
 */
export async function buildSiteInputs(o: SiteInputsOptions): Promise<{ broker: SiteBroker; inputs: StreamInputs }> {
  const { config, profiles, clock, log } = o;
  const subs = subscriptionsFor(
    config.mqtt.watch,
    profiles.flatMap((p) => (p.topic ? [p.topic.filter] : [])),
  );
  if (subs.uncovered.length > 0)
    throw new KakouError(
      'KAKOU_E_CONFIG_INVALID',
      'mqtt.watch does not cover every profile topic',
      subs.uncovered.map((f) => `mqtt.watch: ${config.mqtt.watch} does not cover ${f}`),
    );
  const { dataDir } = config.storage;
  const pkiDir = dataDir === ':memory:' ? join(tmpdir(), 'kakou-pki') : join(dataDir, 'pki');
  const inputs = new StreamInputs(config, profiles, o.sink, o.metrics, clock, log.child({ module: 'inputs' }), pkiDir);
  const script = o.decodeWorker === undefined ? compiledDecodeWorker() : o.decodeWorker;
  const profileDir = config.deviceProfiles.dir || DEFAULT_PROFILE_DIR;
  // A worker thread keeps its own time: a test clock stays with decoding on the main thread.
  const offThread = script !== null && clock === systemClock && wantsDecodeThread(config.mqtt.decodeThread);
  const broker = await createSiteBroker({
    adapter: {
      tls: o.mqttTls,
      url: config.mqtt.url,
      clientId: config.mqtt.clientId || `kakou-${config.node.id}`,
      username: config.mqtt.username,
      password: config.mqtt.password,
      qos: config.mqtt.qos,
      reconnectMs: config.mqtt.reconnectMs,
      filters: subs.filters,
    },
    worker: offThread ? { script, profileDir, profiles, driverIdKey: o.driverIdKey } : null,
    sink: o.sink,
    metrics: o.metrics,
    clock,
    log: log.child({ module: 'mqtt' }),
  });
  return { broker, inputs };
}
