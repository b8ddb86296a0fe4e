import type { AccountService } from './accounts/account-service.js';
import { Maintenance } from './app/maintenance.js';
import type { NodeParts } from './app/node-parts.js';
import { buildSiteInputs } from './app/site-inputs.js';
import { ScoreVolumeInForce } from './app/score-volume.js';
import { PolicyHolder } from './targets/policy-holder.js';
import {
  accountService,
  decisionWriter,
  ingestPipeline,
  shiftService,
  snapshotFetcher,
  policyFetcher,
  snapshotService,
  trackStore,
  type Ground,
} from './app/stages.js';
import { Teardown } from './app/teardown.js';
import { buildTerminal } from './app/terminal.js';
import { systemClock, type Clock } from './clock.js';
import { IndexedCreditLookup } from './credit/credit-lookup.js';
import type { Config } from './config/schema.js';
import { readTlsFiles } from './config/tls-files.js';
import { EventBus } from './events.js';
import { DailyQuality } from './ingest/daily-quality.js';
import type { FrameSink } from './ingest/ingest-adapter.js';
import type { IngestPipeline } from './ingest/pipeline.js';
import type { SiteBroker } from './ingest/site-broker.js';
import type { StreamInputs } from './ingest/stream-inputs.js';
import { AlarmBook } from './inspections/alarm-book.js';
import { NODE_ALERTS } from './domain/alarm.js';
import { siteCheckpoint } from './app/site-checkpoint.js';
import { DisputeBook } from './inspections/dispute-book.js';
import { InspectionHistory } from './inspections/inspection-history.js';
import { InspectionService } from './inspections/inspection-service.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { loadProfiles } from './normalize/profiles/load-profiles.js';
import { DEFAULT_PROFILE_DIR } from './paths.js';
import { policyInForce } from './app/policy-in-force.js';
import type { SnapshotService } from './snapshot/snapshot-service.js';
import { Storage } from './storage/storage.js';
import { DataLock } from './storage/data-lock.js';
import { operatorMetrics } from './app/operator-metrics.js';
import {
  centralNodeKey,
  centralTransport,
  createPhotoUplink,
  createReviewPoller,
  createSync,
} from './sync/create-sync.js';
import { OverrideBook } from './targets/override-book.js';
import { PassageBook } from './targets/passage-book.js';
import { TargetService } from './targets/target-service.js';
import type { TrackStore } from './tracks/track-store.js';
import type { WebServer } from './web/build-server.js';

export interface KakouApp {
  readonly config: Config;
  readonly events: EventBus;
  readonly metrics: Metrics;
  readonly storage: Storage;
  /** Credit lookups over the snapshot in force. */
  readonly credit: IndexedCreditLookup;
  readonly accounts: AccountService;
  readonly snapshots: SnapshotService;
  readonly targets: TargetService;
  readonly tracks: TrackStore;
  readonly ingest: IngestPipeline;
  /** The site-broker input and the thread its messages are decoded on. */
  readonly broker: SiteBroker;
  /** The inputs besides the site broker (NMEA over TCP and UDP, OPC UA). */
  readonly inputs: StreamInputs;
  readonly web: WebServer;
  /** Listens and starts every input and loop; resolves with the terminal URL (and the metrics listener's, if any). */
  start(): Promise<{ url: string; metricsUrl?: string }>;
  /** Closes everything in the reverse order it was opened: inputs first, the database last. Idempotent. */
  stop(): Promise<void>;
}

export interface AppOptions {
  log: Logger;
  /** A clock other than the system's keeps broker decoding on the main thread (a worker keeps its own time). */
  clock?: Clock;
  /** The MQTT decode thread's compiled script; default the one beside this module, null to decode on the main thread. */
  decodeWorker?: URL | null;
}

/**
 * The composition root: builds every stage, subscribes each to the events it acts on, and starts
 * them. If building fails halfway, what was opened is closed again, in reverse order.
 */
export async function createApp(config: Config, options: AppOptions): Promise<KakouApp> {
  const opened = new Teardown(options.log);
  try {
    return await build(config, options, opened);
  } catch (err) {
    await opened.closeAll();
    throw err;
  }
}

async function build(config: Config, { log, clock = systemClock, decodeWorker }: AppOptions, opened: Teardown) {
  const startedAt = clock.now();
  const metrics = createMetrics();
  const events = new EventBus(log.child({ module: 'events' }), (event, owner) =>
    metrics.listenerFailures.inc({ event, owner }),
  );
  const driverIdKey = config.snapshot.driverIdKey ? Buffer.from(config.snapshot.driverIdKey, 'hex') : null;
  const loaded = policyInForce(config);
  const policy = new PolicyHolder(loaded.policy, loaded.serial, loaded.from);
  log.info({ policy: policy.label, from: policy.from }, 'targeting policy');
  const profiles = loadProfiles(config.deviceProfiles.dir || DEFAULT_PROFILE_DIR, config.deviceProfiles.enabled);
  const {
    mqtt: mqttTls,
    http: httpsTls,
    sync: syncTls,
  } = readTlsFiles({
    mqtt: config.mqtt,
    http: config.http,
    sync: { caFile: config.sync.caFile, certFile: config.sync.certFile, keyFile: config.sync.tlsKeyFile },
  });
  const storageLog = log.child({ module: 'storage' });
  // One node per data folder; the hold also tells `kakou restore` that a node is running.
  if (config.storage.dataDir !== ':memory:')
    opened.add('data-lock', DataLock.hold(config.storage.dataDir), (l) => l.release());
  const storage = opened.add('storage', openStorage(config, storageLog), (s) => s.close());
  const credit = new IndexedCreditLookup(storage.creditSql, storage.creditRows);
  const g: Ground = { config, clock, log, metrics, events, storage, credit };

  // The uplink: what the node records reaches the central through the outbox.
  const central = opened.add('central', centralTransport(config, syncTls), (c) => c?.close());
  const nodeKey = centralNodeKey(config);
  const sync = opened.add(
    'uplink',
    createSync(config, storage, metrics, clock, log.child({ module: 'sync' }), central, nodeKey),
    (w) => w?.stop(),
  );
  const photoLog = log.child({ module: 'photo-uplink' });
  const photoUplink = opened.add(
    'photo-uplink',
    createPhotoUplink(config, storage, clock, photoLog, central, nodeKey),
    (p) => p?.stop(),
  );
  const reviews = opened.add(
    'reviews',
    createReviewPoller(config, storage, clock, log.child({ module: 'reviews' }), central, nodeKey),
    (r) => r?.stop(),
  );

  // Tracks, credit and targets: who is here, what the snapshot says of them, and whom to stop.
  const checkpoint = siteCheckpoint(config);
  const tracks = trackStore(g, checkpoint);
  const shifts = shiftService(g);
  const decisions = opened.add('decisions', decisionWriter(g, policy), (d) => d.flush());
  const snapshots = snapshotService(g, driverIdKey);
  if (config.snapshot.file) await snapshots.importAtStart(config.snapshot.file);
  snapshots.packInBackground(() => storage.isOpen);
  const fetcher = opened.add('snapshot-fetch', snapshotFetcher(g, snapshots, nodeKey, central), (f) => f?.stop());
  const policyFetch = opened.add('policy-fetch', policyFetcher(g, nodeKey, central), (f) => f?.stop());
  const history = new InspectionHistory(storage.inspections);
  const overrides = new OverrideBook(storage.overrides, config.node.id, clock, events);
  const alarms = new AlarmBook(storage.alarms, config.node.id, clock, events, log.child({ module: 'alarms' }));
  const disputeLog = log.child({ module: 'disputes' });
  const disputes = new DisputeBook(
    storage.disputes,
    storage.creditEntries,
    config.node.id,
    clock,
    events,
    disputeLog,
    () => snapshots.meta()?.version ?? null,
  );
  const targetLog = log.child({ module: 'targets' });
  const passages = new PassageBook({
    ...{ repo: storage.passages, nodeId: config.node.id, clock, events, log: log.child({ module: 'passages' }) },
    seedOf: (shiftId) => storage.shifts.get(shiftId)?.seed ?? null,
    rearmM: config.checkpoint.passageRearmM,
    decided: storage.decisions,
    resumeWithinMs: config.tracks.staleAfterS * 1000,
  });
  const volume = opened.add('score-volume', new ScoreVolumeInForce(policy, storage.scoreVolume, clock), (v) =>
    v.save(),
  );
  const targets = opened.add(
    'targets',
    new TargetService({
      ...{ tracks, credit, shifts, policy, checkpoint, clock, log: targetLog, events, decisions, passages },
      ...{ freshness: snapshots, history, overrides, debounceMs: config.scoring.rescoreMs },
      volume,
    }),
    (t) => t.stop(),
  );
  const accounts = accountService(g);
  const inspectionLog = log.child({ module: 'inspections' });
  const inspections = new InspectionService(
    storage.inspections,
    config.node.id,
    targets,
    clock,
    inspectionLog,
    events,
    credit,
    passages,
  );

  // Ingest: every input's frames go into one pipeline.
  const { devices, normalizer, ingest } = ingestPipeline(g, profiles, driverIdKey);
  const qualityLog = log.child({ module: 'data-quality' });
  const { utcOffsetMinutes } = config.site;
  const quality = opened.add(
    'data-quality',
    new DailyQuality(devices, storage.outbox, config.node.id, utcOffsetMinutes, clock, events, qualityLog),
    (q) => q.stop(),
  );
  const sink: FrameSink = (frame) => ingest.accept(frame);
  const siteInputs = { config, profiles, mqttTls, driverIdKey, decodeWorker, sink, metrics, clock, log };
  const { broker, inputs } = await buildSiteInputs(siteInputs);
  opened.add('site-broker', broker, (b) => b.stop());
  opened.add('inputs', inputs, (i) => i.stop());

  const parts: NodeParts = {
    ...{ config, startedAt, metrics, storage, credit, profiles, policy, checkpoint, normalizer, ingest, devices },
    ...{ broker, inputs, tracks, snapshots, shifts, targets, decisions, sync, volume },
  };
  const web = opened.add(
    'terminal',
    await buildTerminal(g, parts, { accounts, inspections, passages, disputes, alarms, https: httpsTls }),
    async (w) => {
      w.closeStreams();
      await w.app.close();
    },
  );
  const metricsListener = opened.add('metrics-listener', operatorMetrics(g, parts), (m) => m?.stop());
  const maintenance = opened.add('maintenance', new Maintenance(parts, accounts, clock, storageLog), (m) => m.stop());

  // The pipeline, in the order a device message travels it (README: "The pipeline").
  events.on('device-command', 'site-broker', (c) => broker.publish(c.topic, c.payload));
  events.on('observation', 'tracks', (o) => tracks.apply(o));
  events.on('track-changed', 'targets', (c) => targets.trackChanged(c.id));
  events.on('credit-changed', 'targets', () => targets.creditChanged());
  // A newer signed policy from the central comes into force between two rescores: every target is
  // rescored under it, its decisions name it, and thresholds by volume count its own scores.
  events.on('policy-received', 'targets', (p) => {
    policy.replace(p.policy, p.serial, p.from);
    volume.policyChanged();
    targets.policyChanged();
    log.warn({ policy: policy.label, from: p.from }, 'targeting policy in force');
  });
  // The platform answers disputes through the snapshot: each new one may settle some.
  events.on('credit-changed', 'disputes', () => disputes.snapshotChanged());
  events.on('targets-changed', 'metrics', () => metrics.rescores.inc());
  events.on('alarm-raised', 'alarms', (a) => alarms.raised(a));
  events.on('alarm-cleared', 'alarms', (a) => alarms.cleared(a));
  // The officers' attention: a must-inspect subject approaching and a missed passage ring every terminal.
  events.on('passage-must-inspect', 'alarms', (p) => alarms.alert(NODE_ALERTS.mustInspect, p.passageId, p.targetId));
  events.on('passage-changed', 'alarms', (c) => {
    if (c.status === 'missed' && c.recorded) alarms.alert(NODE_ALERTS.missed, c.passageId, c.targetId);
    if (c.status !== 'approaching') alarms.alertSettled(NODE_ALERTS.mustInspect, c.passageId);
  });
  events.on('inspection-recorded', 'inspection-history', (r) => history.recorded(r));
  events.on('inspection-recorded', 'passages', (r) => {
    if (r.amends === undefined) passages.inspected(r.targetId, r.passageId, r.id, Date.parse(r.createdAt));
  });
  // A passage's step or end changes the list (its place in the to-stop part, the capacity plan).
  events.on('passage-changed', 'targets', (c) => targets.trackChanged(c.targetId));
  // A fresh inspection moves the target's window and burden cap: it is rescored.
  events.on('inspection-recorded', 'targets', (r) => targets.trackChanged(r.targetId));
  if (sync) {
    const work = [
      'decisions-written',
      'inspection-recorded',
      'override-recorded',
      'alarm-recorded',
      'dispute-recorded',
      'outbox-changed',
    ] as const;
    for (const e of work) events.on(e, 'uplink', () => sync.kick());
    events.on('passage-changed', 'uplink', (c) => c.recorded && sync.kick());
  }

  const app: KakouApp = {
    ...{ config, events, metrics, storage, credit, accounts, snapshots, targets, tracks, ingest, broker, inputs, web },
    async start() {
      await web.app.listen({ host: config.http.host, port: config.http.port });
      broker.start();
      inputs.start();
      sync?.start();
      photoUplink?.start();
      reviews?.start();
      fetcher?.start();
      policyFetch?.start();
      maintenance.start();
      quality.start();
      const metricsUrl = await metricsListener?.start();
      return { url: web.url(), ...(metricsUrl && { metricsUrl }) };
    },
    async stop() {
      await opened.closeAll();
      log.info('stopped');
    },
  };
  return app;
}

function openStorage(config: Config, log: Logger): Storage {
  const storage = new Storage(config.storage.dataDir, config.storage.busyTimeoutMs, log, config.node.id);
  storage.maintenance.setMaxBytes(config.storage.maxSizeMb * 1024 * 1024);
  return storage;
}
