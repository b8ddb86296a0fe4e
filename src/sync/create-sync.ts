import { join } from 'node:path';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Storage } from '../storage/storage.js';
import { loadOrCreateNodeKey } from './node-key.js';
import { OutboxWorker } from './outbox-worker.js';
import { UplinkClient } from './uplink-client.js';
import { HttpTransport } from './http-transport.js';
import type { TlsMaterial } from '../config/tls-files.js';

/** The central's base URL, with the trailing slash relative paths need. */
export function centralBase(config: Config): URL {
  return new URL(config.sync.centralUrl.endsWith('/') ? config.sync.centralUrl : `${config.sync.centralUrl}/`);
}

/** One transport to the central for the uplink and the snapshot fetch: the same trust for both. */
export function centralTransport(config: Config, tls: TlsMaterial): HttpTransport | null {
  if (!config.sync.centralUrl) return null;
  return new HttpTransport(centralBase(config), { tls, ...(config.sync.pinSha256 && { pinSha256: config.sync.pinSha256 }) });
}

/** Builds the outbox worker when a central is configured; without one, records wait in the outbox. */
export function createSync(config: Config, storage: Storage, metrics: Metrics, clock: Clock, log: Logger, transport: HttpTransport | null): OutboxWorker | null {
  if (!config.sync.centralUrl || !transport) return null;
  const base = centralBase(config);
  const key = loadOrCreateNodeKey(config.sync.keyFile || join(config.storage.dataDir, 'node-key.pem'));
  log.info({ central: base.origin, keyId: key.keyId }, 'uplink configured');
  return new OutboxWorker(storage.outbox, new UplinkClient(base, config.sync.requestTimeoutMs, transport), key, {
    nodeId: config.node.id,
    nodeName: config.node.name,
    batchSize: config.sync.batchSize,
    minBackoffMs: config.sync.minBackoffMs,
    maxBackoffMs: config.sync.maxBackoffMs,
    probeMs: config.sync.probeMs,
    telemetryBudgetBytes: Math.round(config.sync.telemetryBudgetMb * 1024 * 1024),
  }, clock, log, {
    acked: (lane, n) => metrics.outboxAcked.inc({ lane: String(lane) }, n),
    batch: (outcome) => metrics.syncBatches.inc({ outcome }),
  });
}
