import type { Config } from '../config/schema.js';
import type { IndexedCreditLookup } from '../credit/credit-lookup.js';
import type { DeviceRegistry } from '../ingest/device-registry.js';
import type { IngestPipeline } from '../ingest/pipeline.js';
import type { SiteBroker } from '../ingest/site-broker.js';
import type { StreamInputs } from '../ingest/stream-inputs.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Normalizer } from '../normalize/normalizer.js';
import type { LoadedProfile } from '../normalize/profiles/load-profiles.js';
import type { PolicyHolder } from '../targets/policy-holder.js';
import type { Cutoffs } from '../scoring/volume-thresholds.js';
import type { SnapshotService } from '../snapshot/snapshot-service.js';
import type { Storage } from '../storage/storage.js';
import type { OutboxWorker } from '../sync/outbox-worker.js';
import type { DecisionWriter } from '../targets/decision-writer.js';
import type { ShiftService } from '../targets/shift.js';
import type { TargetService } from '../targets/target-service.js';
import type { Checkpoint } from '../tracks/checkpoint.js';
import type { TrackStore } from '../tracks/track-store.js';

/** The stages of a built node that its status, readiness and gauges read (read only: they never act on them). */
export interface NodeParts {
  config: Config;
  startedAt: number;
  metrics: Metrics;
  storage: Storage;
  credit: IndexedCreditLookup;
  profiles: readonly LoadedProfile[];
  policy: PolicyHolder;
  checkpoint: Checkpoint;
  normalizer: Normalizer;
  ingest: IngestPipeline;
  devices: DeviceRegistry;
  broker: SiteBroker;
  inputs: StreamInputs;
  tracks: TrackStore;
  snapshots: SnapshotService;
  shifts: ShiftService;
  targets: TargetService;
  decisions: DecisionWriter;
  sync: OutboxWorker | null;
  /** Score thresholds set by volume: the histogram of the policy in force, saved on the storage tick. */
  volume: { save(): void; cutoffs(): Cutoffs | null };
}
