import { join } from 'node:path';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Storage } from '../storage/storage.js';
import { loadOrCreateNodeKey, type NodeKey } from './node-key.js';
import { requestMessage, signBytes } from './signing.js';
import { OutboxWorker } from './outbox-worker.js';
import { PhotoUplink } from './photo-uplink.js';
import { ReviewPoller } from './review-poller.js';
import { UplinkClient } from './uplink-client.js';
import { formatUtcOffset } from './contract.js';
import { RestoreAnchor } from './restore-anchor.js';
import { CentralRefill } from './central-refill.js';
import { HttpTransport } from './http-transport.js';
import type { TlsMaterial } from '../config/tls-files.js';

/** The central's base URL, with the trailing slash relative paths need. */
export function centralBase(config: Config): URL {
  return new URL(config.sync.centralUrl.endsWith('/') ? config.sync.centralUrl : `${config.sync.centralUrl}/`);
}

/** One transport to the central for the uplink and the snapshot fetch: the same trust for both. */
export function centralTransport(config: Config, tls: TlsMaterial): HttpTransport | null {
  if (!config.sync.centralUrl) return null;
  return new HttpTransport(centralBase(config), {
    tls,
    ...(config.sync.pinSha256 && { pinSha256: config.sync.pinSha256 }),
  });
}

/** Where this node's signing key lives. */
export function nodeKeyFile(config: Config): string {
  return config.sync.keyFile || join(config.storage.dataDir, 'node-key.pem');
}

/** The node's key when it talks to a central (created on first start), else null. */
export function centralNodeKey(config: Config): NodeKey | null {
  return config.sync.centralUrl ? loadOrCreateNodeKey(nodeKeyFile(config)) : null;
}

/** Headers that sign a read from the central (GET /v1/snapshot) with the node's key; see sync/README.md. */
export function signedReadHeaders(
  nodeId: string,
  key: NodeKey,
  clock: Clock,
): (path: string) => Record<string, string> {
  return (path) => {
    const at = clock.now();
    return {
      'x-kakou-node': nodeId,
      'x-kakou-time': String(at),
      'x-kakou-signature': signBytes(key.privateKey, requestMessage(nodeId, path, at)).toString('base64'),
    };
  };
}

/** The photo uplink beside the outbox worker, when a central is configured; without one, photos wait on disk. */
export function createPhotoUplink(
  config: Config,
  storage: Storage,
  clock: Clock,
  log: Logger,
  transport: HttpTransport | null,
  key: NodeKey | null,
): PhotoUplink | null {
  if (!config.sync.centralUrl || !transport || !key) return null;
  return new PhotoUplink({
    pending: (limit) => storage.photoUplink.pending(limit),
    sent: (sha256, atMs) => storage.photoUplink.sent(sha256, atMs),
    read: (inspectionId, sha256) => storage.photos.read(inspectionId, sha256),
    transport,
    base: centralBase(config),
    signed: signedReadHeaders(config.node.id, key, clock),
    clock,
    log,
    timeoutMs: config.sync.requestTimeoutMs,
    intervalMs: 2_000,
  });
}

/** Reads the central's reviews of this node's records back, when a central is configured. */
export function createReviewPoller(
  config: Config,
  storage: Storage,
  clock: Clock,
  log: Logger,
  transport: HttpTransport | null,
  key: NodeKey | null,
): ReviewPoller | null {
  if (!config.sync.centralUrl || !transport || !key) return null;
  return new ReviewPoller({
    nodeId: config.node.id,
    cursor: () => storage.reviews.cursor(),
    add: (reviews, nowMs) => storage.reviews.add(reviews, nowMs),
    transport,
    base: centralBase(config),
    signed: signedReadHeaders(config.node.id, key, clock),
    clock,
    log,
    timeoutMs: config.sync.requestTimeoutMs,
  });
}

/** Builds the outbox worker when a central is configured; without one, records wait in the outbox. */
export function createSync(
  config: Config,
  storage: Storage,
  metrics: Metrics,
  clock: Clock,
  log: Logger,
  transport: HttpTransport | null,
  key: NodeKey | null,
): OutboxWorker | null {
  if (!config.sync.centralUrl || !transport || !key) return null;
  const base = centralBase(config);
  const signed = signedReadHeaders(config.node.id, key, clock);
  log.info({ central: base.origin, keyId: key.keyId }, 'uplink configured');
  return new OutboxWorker(
    storage.outbox,
    new UplinkClient(base, config.sync.requestTimeoutMs, transport),
    key,
    {
      nodeId: config.node.id,
      nodeName: config.node.name,
      enrolmentToken: config.sync.enrolmentToken,
      utcOffset: formatUtcOffset(config.site.utcOffsetMinutes),
      batchSize: config.sync.batchSize,
      minBackoffMs: config.sync.minBackoffMs,
      maxBackoffMs: config.sync.maxBackoffMs,
      probeMs: config.sync.probeMs,
      telemetryBudgetBytes: Math.round(config.sync.telemetryBudgetMb * 1024 * 1024),
    },
    clock,
    log,
    {
      acked: (lane, n) => metrics.outboxAcked.inc({ lane: String(lane) }, n),
      batch: (outcome) => metrics.syncBatches.inc({ outcome }),
    },
    new RestoreAnchor(storage.chainAnchor, config.node.id, signed, log),
    new CentralRefill(storage.delivered, config.node.id, signed, clock, log, ({ requeued, unrecoverable }) => {
      metrics.uplinkRefilled.inc({ outcome: 'requeued' }, requeued);
      metrics.uplinkRefilled.inc({ outcome: 'unrecoverable' }, unrecoverable);
    }),
  );
}
