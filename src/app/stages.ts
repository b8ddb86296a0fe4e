import { AccountService } from '../accounts/account-service.js';
import type { Clock } from '../clock.js';
import type { IndexedCreditLookup } from '../credit/credit-lookup.js';
import type { Config } from '../config/schema.js';
import { driverIdKeyId } from '../domain/driver-id.js';
import type { EventBus } from '../events.js';
import { DeviceRegistry } from '../ingest/device-registry.js';
import { IngestPipeline } from '../ingest/pipeline.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { Normalizer } from '../normalize/normalizer.js';
import type { LoadedProfile } from '../normalize/profiles/load-profiles.js';
import type { PolicyHolder } from '../targets/policy-holder.js';
import { SnapshotFetcher } from '../snapshot/fetcher.js';
import { SnapshotService, trustedKeyMap } from '../snapshot/snapshot-service.js';
import type { Storage } from '../storage/storage.js';
import { centralBase, signedReadHeaders } from '../sync/create-sync.js';
import type { HttpTransport } from '../sync/http-transport.js';
import type { NodeKey } from '../sync/node-key.js';
import { DecisionWriter } from '../targets/decision-writer.js';
import { ShiftService } from '../targets/shift.js';
import type { Checkpoint } from '../tracks/checkpoint.js';
import { TrackStore } from '../tracks/track-store.js';
import { DEFAULT_LIMITS } from '../tracks/vessel-signals.js';
import { PolicyFetcher } from '../snapshot/policy-fetcher.js';
import { storedSerial, storeSignedPolicy } from './policy-store.js';

/** What every stage is built on: the configuration, time, logs, metrics, events and the database. */
export interface Ground {
  config: Config;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  events: EventBus;
  storage: Storage;
  /** Credit lookups: the snapshot in force, packed in memory once it is indexed. */
  credit: IndexedCreditLookup;
}

const child = (g: Ground, module: string) => g.log.child({ module });

/** Each stage built from its part of the configuration: app.ts reads as the list of stages and their wiring. */
export function trackStore(g: Ground, checkpoint: Checkpoint): TrackStore {
  const { staleAfterS, maxTracks, historySize, maxSpeedKn } = g.config.tracks;
  return new TrackStore(
    {
      staleAfterMs: staleAfterS * 1000,
      maxTracks,
      historySize,
      limits: { ...DEFAULT_LIMITS, maxSpeedKn },
      checkpoint,
      resolveName: (name) => g.credit.vesselMmsiBy({ name }),
    },
    g.events,
  );
}

export function shiftService({ config, storage, clock }: Ground): ShiftService {
  return new ShiftService(storage.shifts, clock, {
    utcOffsetMinutes: config.site.utcOffsetMinutes,
    shiftHours: config.scoring.shiftHours,
    fixedSeed: config.scoring.seed,
    nodeId: config.node.id,
  });
}

export function decisionWriter(g: Ground, policy: PolicyHolder): DecisionWriter {
  const { storage, metrics } = g;
  return new DecisionWriter({
    write: (batch) => storage.decisions.recordMany(batch),
    dropped: (n) => metrics.decisionsDropped.inc(n),
    canWrite: () => storage.isOpen,
    describe: { nodeId: g.config.node.id, policy: () => policy.label },
    events: g.events,
    clock: g.clock,
    log: child(g, 'decisions'),
  });
}

export function snapshotService(g: Ground, driverIdKey: Uint8Array | null): SnapshotService {
  const { snapshot } = g.config;
  return new SnapshotService(
    g.storage.snapshots,
    g.credit,
    trustedKeyMap(snapshot.trustedKeys),
    g.clock,
    snapshot.staleAfterHours * 3_600_000,
    child(g, 'snapshot'),
    g.events,
    driverIdKey && driverIdKeyId(driverIdKey),
  );
}

/** The central's snapshot, polled when the node has a central and a fetch interval; otherwise null. */
export function snapshotFetcher(
  g: Ground,
  snapshots: SnapshotService,
  nodeKey: NodeKey | null,
  central: HttpTransport | null,
): SnapshotFetcher | null {
  const { config, clock } = g;
  const everyMs = config.snapshot.fetchIntervalMinutes * 60_000;
  if (!nodeKey || everyMs <= 0) return null;
  const url = new URL('v1/snapshot', centralBase(config));
  const sign = signedReadHeaders(config.node.id, nodeKey, clock);
  return new SnapshotFetcher(url, everyMs, snapshots, child(g, 'snapshot-fetch'), sign, clock, central ?? undefined);
}

/** The central's signed policy, fetched on the snapshot's schedule, kept, and announced to come into force. */
export function policyFetcher(g: Ground, nodeKey: NodeKey | null, central: HttpTransport | null): PolicyFetcher | null {
  const { config, clock } = g;
  const everyMs = config.snapshot.fetchIntervalMinutes * 60_000;
  if (!nodeKey || !central || everyMs <= 0) return null;
  return new PolicyFetcher(new URL('v1/policy', centralBase(config)), everyMs, {
    transport: central,
    sign: signedReadHeaders(config.node.id, nodeKey, clock),
    kept: () => storedSerial(config),
    store: (text, label) => {
      const { policy, serial } = storeSignedPolicy(config, text, label);
      g.events.emit('policy-received', { policy, serial, from: `${label} (serial ${serial})` });
      return serial;
    },
    clock,
    log: child(g, 'policy-fetch'),
  });
}

export function accountService(g: Ground): AccountService {
  const { auth } = g.config;
  const limits = {
    idleMs: auth.sessionIdleMinutes * 60_000,
    maxAgeMs: auth.sessionMaxHours * 3_600_000,
    attemptsPerMinute: auth.loginAttemptsPerMinute,
  };
  return new AccountService(g.storage.accounts, g.clock, limits, child(g, 'accounts'));
}

/** The pipeline every input's frames go into, with the normalizer and the device registry it keeps. */
export function ingestPipeline(g: Ground, profiles: readonly LoadedProfile[], driverIdKey: Uint8Array | null) {
  const livenessMs = new Map(profiles.map((p) => [p.profile.id, (p.profile.livenessTimeoutS ?? 300) * 1000]));
  const devices = new DeviceRegistry(g.clock, (p) => livenessMs.get(p) ?? 300_000);
  const normalizer = new Normalizer(profiles, g.clock, driverIdKey);
  const ingest = new IngestPipeline(normalizer, devices, g.metrics, child(g, 'ingest'), g.events, g.clock);
  return { devices, normalizer, ingest };
}
