import { AccountService } from './accounts/account-service.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config/schema.js';
import { TIERS } from './domain/target.js';
import { DeviceRegistry } from './ingest/device-registry.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUp } from './ingest/adapter-status.js';
import { compiledDecodeWorker, createSiteBroker, wantsDecodeThread, type SiteBroker } from './ingest/site-broker.js';
import { StreamInputs } from './ingest/stream-inputs.js';
import { subscriptionsFor } from './ingest/topic-filter.js';
import { KakouError, isKakouError } from './errors.js';
import { IngestPipeline } from './ingest/pipeline.js';
import { InspectionService } from './inspections/inspection-service.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { readTlsFiles } from './config/tls-files.js';
import { loadProfiles } from './normalize/profiles/load-profiles.js';
import { Normalizer } from './normalize/normalizer.js';
import { DEFAULT_PROFILE_DIR, PACKAGE_VERSION } from './paths.js';
import { SnapshotFetcher } from './snapshot/fetcher.js';
import { SnapshotService, trustedKeyMap } from './snapshot/snapshot-service.js';
import { Storage } from './storage/storage.js';
import { loadPolicy } from './scoring/policy.js';
import { ShiftService } from './targets/shift.js';
import { TargetService } from './targets/target-service.js';
import { Checkpoint } from './tracks/checkpoint.js';
import { TrackStore } from './tracks/track-store.js';
import { DEFAULT_LIMITS } from './tracks/vessel-signals.js';
import { DecisionWriter } from './targets/decision-writer.js';
import { driverIdKeyId } from './domain/driver-id.js';
import { centralBase, centralNodeKey, centralTransport, createSync, signedReadHeaders } from './sync/create-sync.js';
import { buildServer, type WebServer } from './web/build-server.js';
import type { WebDeps } from './web/deps.js';

export interface KakouApp {
  readonly config: Config;
  readonly metrics: Metrics;
  readonly storage: Storage;
  readonly accounts: AccountService;
  readonly snapshots: SnapshotService;
  readonly targets: TargetService;
  readonly tracks: TrackStore;
  readonly ingest: IngestPipeline;
  /** The site-broker input and the thread its messages are decoded on. */
  readonly broker: SiteBroker;
  /** NMEA inputs besides MQTT (TCP receivers, UDP listeners). */
  readonly inputs: StreamInputs;
  readonly web: WebServer;
  /** Called after each rescore of the target list; returns the unsubscribe function. */
  onTargetsChanged(listener: () => void): () => void;
  /** Listens and connects to the broker; resolves with the terminal URL. */
  start(): Promise<{ url: string }>;
  /** Stops ingest first, then timers, streams, HTTP and finally the database. Idempotent. */
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
 * A snapshot file named in the configuration (say, on a USB stick) is imported at start when it is
 * newer; one that is not newer, or is refused, leaves the snapshot in force and the node starts.
 */
async function importAtStart(snapshots: SnapshotService, file: string, log: Logger): Promise<void> {
  try {
    await snapshots.importFile(file);
  } catch (err) {
    if (isKakouError(err) && err.code === 'KAKOU_E_SNAPSHOT_OLDER') return;
    log.error(
      { err: isKakouError(err) ? { code: err.code, message: err.message, details: err.details } : err, file },
      'credit snapshot file refused; the snapshot in force is unchanged',
    );
  }
}

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const sum = { ...a };
  for (const [k, n] of Object.entries(b)) sum[k] = (sum[k] ?? 0) + n;
  return sum;
}

/** The composition root: the only place that knows every stage and wires them together. */
export async function createApp(
  config: Config,
  { log, clock = systemClock, decodeWorker }: AppOptions,
): Promise<KakouApp> {
  const startedAt = clock.now();
  const metrics = createMetrics();
  const driverIdKey = config.snapshot.driverIdKey ? Buffer.from(config.snapshot.driverIdKey, 'hex') : null;
  const policy = loadPolicy(config.scoring.policy);
  const profiles = loadProfiles(config.deviceProfiles.dir || DEFAULT_PROFILE_DIR, config.deviceProfiles.enabled);
  const tls = readTlsFiles({
    mqtt: config.mqtt,
    http: config.http,
    sync: { caFile: config.sync.caFile, certFile: config.sync.certFile, keyFile: config.sync.tlsKeyFile },
  });
  const storage = new Storage(
    config.storage.dataDir === ':memory:' ? ':memory:' : config.storage.dataDir,
    config.storage.busyTimeoutMs,
    log.child({ module: 'storage' }),
    config.node.id,
  );
  storage.maintenance.setMaxBytes(config.storage.maxSizeMb * 1024 * 1024);
  const livenessMs = new Map(profiles.map((p) => [p.profile.id, (p.profile.livenessTimeoutS ?? 300) * 1000]));

  let targets: TargetService | null = null;
  const listListeners = new Set<() => void>();
  const checkpoint = new Checkpoint({ site: config.site, ...config.checkpoint });
  const tracks = new TrackStore(
    {
      staleAfterMs: config.tracks.staleAfterS * 1000,
      maxTracks: config.tracks.maxTracks,
      historySize: config.tracks.historySize,
      limits: { ...DEFAULT_LIMITS, maxSpeedKn: config.tracks.maxSpeedKn },
      checkpoint,
      resolveName: (name) => storage.credit.vesselMmsiBy({ name }),
    },
    (id) => targets?.trackChanged(id),
  );
  const shifts = new ShiftService(storage.shifts, clock, {
    utcOffsetMinutes: config.site.utcOffsetMinutes,
    shiftHours: config.scoring.shiftHours,
    fixedSeed: config.scoring.seed,
    nodeId: config.node.id,
  });
  const central = centralTransport(config, tls.sync);
  const nodeKey = centralNodeKey(config);
  const sync = createSync(config, storage, metrics, clock, log.child({ module: 'sync' }), central, nodeKey);
  let snapshots: SnapshotService | null = null;
  const decisions = new DecisionWriter({
    write: (batch) => storage.decisions.recordMany(batch),
    dropped: (n) => metrics.decisionsDropped.inc(n),
    written: () => sync?.kick(),
    canWrite: () => storage.isOpen,
    describe: { nodeId: config.node.id, policy: `${policy.name}@${policy.version}` },
    now: () => clock.now(),
    log: log.child({ module: 'decisions' }),
  });
  targets = new TargetService({
    tracks,
    credit: storage.credit,
    shifts,
    policy,
    checkpoint,
    clock,
    log: log.child({ module: 'targets' }),
    debounceMs: config.scoring.rescoreMs,
    onListChanged: () => {
      metrics.rescores.inc();
      for (const l of listListeners) l();
    },
    staleSince: () => {
      const s = snapshots?.status();
      return s?.loaded && s.stale ? s.issuedAt : null;
    },
    onDecisions: (batch, shiftId, snapshotVersion, { defer }) => decisions.add(batch, shiftId, snapshotVersion, defer),
    flushDecisions: () => decisions.flush(),
    localHistory: (id) => inspections.lastFor(id),
  });
  snapshots = new SnapshotService(
    storage.snapshots,
    storage.credit,
    trustedKeyMap(config.snapshot.trustedKeys),
    clock,
    config.snapshot.staleAfterHours * 3_600_000,
    log.child({ module: 'snapshot' }),
    () => targets.creditChanged(),
    driverIdKey && driverIdKeyId(driverIdKey),
  );
  if (config.snapshot.file) await importAtStart(snapshots, config.snapshot.file, log);
  // Packing the snapshot into memory runs in the background; until it is done lookups read SQLite.
  const snapLog = log.child({ module: 'credit-index' });
  void storage.credit.index().then(
    (bytes) => bytes !== null && snapLog.info({ bytes }, 'credit snapshot packed in memory'),
    (err: unknown) => storage.isOpen && snapLog.warn({ err }, 'credit snapshot not packed; lookups read SQLite'),
  );
  const fetcher =
    nodeKey && config.snapshot.fetchIntervalMinutes > 0
      ? new SnapshotFetcher(
          new URL('v1/snapshot', centralBase(config)),
          config.snapshot.fetchIntervalMinutes * 60_000,
          snapshots,
          log.child({ module: 'snapshot-fetch' }),
          signedReadHeaders(config.node.id, nodeKey, clock),
          central ?? undefined,
        )
      : null;

  const accounts = new AccountService(
    storage.accounts,
    clock,
    {
      idleMs: config.auth.sessionIdleMinutes * 60_000,
      maxAgeMs: config.auth.sessionMaxHours * 3_600_000,
      attemptsPerMinute: config.auth.loginAttemptsPerMinute,
    },
    log.child({ module: 'accounts' }),
  );
  const inspections = new InspectionService(
    storage.inspections,
    config.node.id,
    (id) => targets.get(id),
    clock,
    log.child({ module: 'inspections' }),
    (r) => {
      sync?.kick();
      // A fresh inspection moves the target's window and burden cap: rescore it.
      targets.trackChanged(r.targetId);
    },
  );
  const devices = new DeviceRegistry(clock, (p) => livenessMs.get(p) ?? 300_000);
  const normalizer = new Normalizer(profiles, clock, driverIdKey);
  const ingest = new IngestPipeline(
    normalizer,
    devices,
    metrics,
    log.child({ module: 'ingest' }),
    (o) => tracks.apply(o),
    () => clock.now(),
  );
  const subs = subscriptionsFor(
    config.mqtt.watch,
    profiles.flatMap((p) => (p.topic ? [p.topic.filter] : [])),
  );
  if (subs.uncovered.length > 0) {
    storage.close();
    throw new KakouError(
      'KAKOU_E_CONFIG_INVALID',
      'mqtt.watch does not cover every profile topic',
      subs.uncovered.map((f) => `mqtt.watch: ${config.mqtt.watch} does not cover ${f}`),
    );
  }
  let streams: StreamInputs;
  try {
    const pkiDir =
      config.storage.dataDir === ':memory:' ? join(tmpdir(), 'kakou-pki') : join(config.storage.dataDir, 'pki');
    streams = new StreamInputs(config, profiles, ingest, metrics, clock, log.child({ module: 'inputs' }), pkiDir);
  } catch (err) {
    storage.close();
    throw err;
  }
  const decodeScript = decodeWorker === undefined ? compiledDecodeWorker() : decodeWorker;
  // A worker thread keeps its own time: a test clock stays with decoding on the main thread.
  const offThread = decodeScript !== null && clock === systemClock && wantsDecodeThread(config.mqtt.decodeThread);
  const mqtt = await createSiteBroker({
    adapter: {
      tls: tls.mqtt,
      url: config.mqtt.url,
      clientId: config.mqtt.clientId || `kakou-${config.node.id}`,
      username: config.mqtt.username,
      password: config.mqtt.password,
      qos: config.mqtt.qos,
      reconnectMs: config.mqtt.reconnectMs,
      filters: subs.filters,
    },
    worker: offThread
      ? { script: decodeScript, profileDir: config.deviceProfiles.dir || DEFAULT_PROFILE_DIR, profiles, driverIdKey }
      : null,
    ingest,
    metrics,
    clock,
    log: log.child({ module: 'mqtt' }),
  });
  ingest.publish = (topic, payload) => mqtt.publish(topic, payload);

  const refreshGauges = () => {
    const counts = { vessel: 0, vehicle: 0 };
    for (const t of tracks.all()) counts[t.kind]++;
    metrics.tracks.set({ kind: 'vessel' }, counts.vessel);
    metrics.tracks.set({ kind: 'vehicle' }, counts.vehicle);
    const byTier = Object.fromEntries(TIERS.map((t) => [t, 0]));
    for (const t of targets.list()) byTier[t.tier] = (byTier[t.tier] ?? 0) + 1;
    for (const tier of TIERS) metrics.targets.set({ tier }, byTier[tier] ?? 0);
    metrics.scoreFailures.set(targets.scoreFailures);
    const lanes = storage.outbox.stats();
    for (const lane of [0, 1, 2])
      metrics.outboxRows.set({ lane: String(lane) }, lanes.find((l) => l.lane === lane)?.count ?? 0);
    const oldest = Math.min(...lanes.map((l) => l.oldestMs ?? Infinity));
    metrics.outboxOldestAge.set(Number.isFinite(oldest) ? Math.max(0, (clock.now() - oldest) / 1000) : 0);
    metrics.deadLetters.set(storage.outbox.deadLetters(10_000, true).length);
    const snap = snapshots.status();
    metrics.snapshotVersion.set(snap.version ?? 0);
    metrics.creditIndexBytes.set(storage.credit.indexBytes ?? 0);
    metrics.snapshotAge.set(snap.issuedAt ? (clock.now() - Date.parse(snap.issuedAt)) / 1000 : 0);
    const quality = new Map<string, { messages: number; valid: number; timely: number }>();
    for (const d of devices.list()) {
      const q = quality.get(d.profile) ?? { messages: 0, valid: 0, timely: 0 };
      q.messages += d.messages;
      q.valid += d.messages - d.dropped;
      q.timely += d.messages - d.late;
      quality.set(d.profile, q);
    }
    for (const [profile, q] of quality) {
      metrics.deviceQuality.set({ profile, measure: 'valid' }, q.messages ? q.valid / q.messages : 1);
      metrics.deviceQuality.set({ profile, measure: 'timely' }, q.messages ? q.timely / q.messages : 1);
    }
  };

  const deps: WebDeps = {
    log,
    clock,
    metrics,
    accounts,
    targets,
    inspections,
    audit: {
      append: (e) => storage.audit.append({ ...e, atMs: clock.now() }),
      page: (limit, before) => storage.audit.page(limit, before),
      verify: () => storage.audit.verify(),
    },
    photos: storage.photos,
    version: PACKAGE_VERSION,
    secureCookies: tls.http.cert !== undefined,
    ...(tls.http.cert && tls.http.key && { https: { cert: tls.http.cert, key: tls.http.key } }),
    refreshGauges,
    onTargetsChanged(listener) {
      listListeners.add(listener);
      return () => listListeners.delete(listener);
    },
    readiness() {
      const broker = mqtt.status();
      const snap = snapshots.status();
      return {
        broker: {
          ok: broker.state === 'connected',
          detail:
            broker.state === 'connected'
              ? `connected to ${broker.url}`
              : `${broker.state}${broker.lastError ? `: ${broker.lastError}` : ''}`,
          public: broker.state,
        },
        database:
          decisions.failure === null
            ? { ok: storage.ping(), detail: storage.file, public: 'open' }
            : {
                ok: false,
                detail: `${storage.file}: writes failing (${decisions.failure}); ${decisions.waiting} decision(s) waiting in memory`,
                // Without a session: the failure by its code only, as a message may name a path.
                public: `writes failing (${errorCode(decisions.failure)}); ${decisions.waiting} decision(s) waiting in memory`,
              },
        snapshot: {
          ok: snap.loaded && !snap.expired,
          detail: !snap.loaded
            ? 'no credit snapshot loaded'
            : snap.expired
              ? `snapshot ${snap.version} expired at ${snap.validUntil}`
              : `version ${snap.version}, ${Math.round((snap.ageSeconds ?? 0) / 3600)} h old${snap.stale ? ' (stale)' : ''}`,
        },
        profiles: { ok: profiles.length > 0, detail: `${profiles.length} device profile(s)` },
        ...Object.fromEntries(
          streams.statuses().map((s) => [
            `input:${s.name}`,
            {
              ok: isUp(s),
              detail: isUp(s) ? `${s.state} ${s.url}` : `${s.state} ${s.url}${s.lastError ? `: ${s.lastError}` : ''}`,
              public: s.state,
            },
          ]),
        ),
      };
    },
    status() {
      return {
        node: {
          id: config.node.id,
          name: config.node.name,
          version: PACKAGE_VERSION,
          startedAt: new Date(startedAt).toISOString(),
        },
        site: config.site,
        checkpoint: checkpoint.shape(),
        adapters: [mqtt.status(), ...streams.statuses()],
        profiles: profiles.map((p) => ({
          id: p.profile.id,
          name: p.profile.name,
          target: p.profile.target,
          topic: p.topic?.pattern ?? p.opcua?.endpoint ?? '',
          payload: p.profile.payload.kind,
        })),
        devices: devices.list(),
        drops: {
          counts: ingest.dropCounts(),
          recent: ingest.recentDrops(),
          incompleteAisGroups: addCounts(normalizer.droppedFragmentGroups(), mqtt.droppedFragmentGroups()),
        },
        tracks: { live: tracks.size, expired: tracks.expired, evicted: tracks.evicted },
        snapshot: snapshots.status(),
        policy: {
          name: policy.name,
          version: policy.version,
          thresholds: policy.thresholds,
          samplingRates: policy.samplingRates,
          controlRate: policy.controlRate,
          capacity: policy.capacity ?? null,
          burdenCap: policy.burdenCap ?? null,
          windows: policy.windows ? policy.windows.months : null,
        },
        shift: shifts.publicView(),
        outbox: storage.outbox.stats(),
        sync: sync ? sync.status() : { state: 'disabled' },
        storage: {
          writable: decisions.failure === null,
          failure: decisions.failure,
          waitingDecisions: decisions.waiting,
        },
      };
    },
    shifts: {
      publicView: () => shifts.publicView(),
      decisions: (id) => storage.decisions.forShift(id),
    },
    sync: {
      deadLetters: () => storage.outbox.deadLetters(),
      retry: (seq) => {
        const ok = storage.outbox.retryDeadLetter(seq);
        if (ok) sync?.kick();
        return ok;
      },
      retire: (seq, reason) => {
        const ok = storage.outbox.retireDeadLetter(seq, reason, clock.now());
        if (ok) sync?.kick();
        return ok;
      },
    },
  };
  const web = await buildServer(deps);

  const timers: NodeJS.Timeout[] = [];
  let removed = { expired: 0, evicted: 0 };
  const storageLog = log.child({ module: 'storage' });
  const maintain = () => {
    try {
      const { mode, walBytes } = storage.maintenance.checkpoint();
      metrics.checkpoints.inc({ mode });
      metrics.walBytes.set(walBytes);
      const pruned = storage.maintenance.pruneDecisions(clock.now(), config.storage.decisionRetentionDays);
      if (pruned > 0) {
        metrics.pruned.inc({ table: 'decisions' }, pruned);
        storageLog.info(
          { pruned, keepDays: config.storage.decisionRetentionDays },
          'decisions past their retention removed',
        );
      }
    } catch (err) {
      storageLog.error({ err }, 'storage maintenance failed');
    }
  };
  let stopped = false;
  return {
    config,
    metrics,
    storage,
    accounts,
    snapshots,
    targets,
    tracks,
    ingest,
    broker: mqtt,
    inputs: streams,
    web,
    onTargetsChanged: deps.onTargetsChanged,
    async start() {
      await web.app.listen({ host: config.http.host, port: config.http.port });
      mqtt.start();
      streams.start();
      sync?.start();
      fetcher?.start();
      timers.push(
        setInterval(() => {
          tracks.sweep(clock.now());
          metrics.tracksRemoved.inc({ cause: 'expired' }, tracks.expired - removed.expired);
          metrics.tracksRemoved.inc({ cause: 'evicted' }, tracks.evicted - removed.evicted);
          removed = { expired: tracks.expired, evicted: tracks.evicted };
        }, 5_000),
      );
      timers.push(setInterval(() => accounts.sweep(), 60_000));
      timers.push(setInterval(() => ingest.tick(), 500));
      timers.push(setInterval(() => maintain(), config.storage.checkpointIntervalS * 1000));
      for (const t of timers) t.unref();
      const address = web.app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.http.port;
      const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
      return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/` };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await mqtt.stop();
      await streams.stop();
      await sync?.stop();
      await fetcher?.stop();
      central?.close();
      for (const t of timers) clearInterval(t);
      targets.stop();
      decisions.flush();
      web.closeStreams();
      await web.app.close();
      storage.close();
      log.info('stopped');
    },
  };
}

/** An error's code (SQLITE_FULL), or "error" when all there is is a message. */
const errorCode = (failure: string): string => (/^[A-Z_]+$/.test(failure) ? failure : 'error');
