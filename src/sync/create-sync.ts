import { join } from 'node:path';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Storage } from '../storage/storage.js';
import { loadOrCreateNodeKey } from './node-key.js';
import { OutboxWorker } from './outbox-worker.js';
import { UplinkClient } from './uplink-client.js';

/** Builds the outbox worker when a central is configured; without one, records wait in the outbox. */
export function createSync(config: Config, storage: Storage, metrics: Metrics, clock: Clock, log: Logger): OutboxWorker | null {
  if (!config.sync.centralUrl) return null;
  const base = new URL(config.sync.centralUrl.endsWith('/') ? config.sync.centralUrl : `${config.sync.centralUrl}/`);
  const key = loadOrCreateNodeKey(config.sync.keyFile || join(config.storage.dataDir, 'node-key.pem'));
  log.info({ central: base.origin, keyId: key.keyId }, 'uplink configured');
  return new OutboxWorker(storage.outbox, new UplinkClient(base, config.sync.requestTimeoutMs), key, {
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
