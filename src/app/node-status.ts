import { PACKAGE_VERSION } from '../paths.js';
import type { NodeParts } from './node-parts.js';

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const sum = { ...a };
  for (const [k, n] of Object.entries(b)) sum[k] = (sum[k] ?? 0) + n;
  return sum;
}

/** The node as the terminal's status page shows it: node, site, inputs, devices, drops, snapshot, policy, shift, uplink. */
export function nodeStatus(p: NodeParts): Record<string, unknown> {
  const { config, decisions } = p;
  const policy = p.policy.current;
  return {
    node: {
      id: config.node.id,
      name: config.node.name,
      version: PACKAGE_VERSION,
      startedAt: new Date(p.startedAt).toISOString(),
    },
    site: config.site,
    checkpoint: p.checkpoint.shape(),
    gates: p.checkpoint.shapes().map(({ id, name, kinds }) => ({ id, name, kinds })),
    adapters: [p.broker.status(), ...p.inputs.statuses()],
    profiles: p.profiles.map((l) => ({
      id: l.profile.id,
      name: l.profile.name,
      target: l.profile.target,
      topic: l.topic?.pattern ?? l.opcua?.endpoint ?? '',
      payload: l.profile.payload.kind,
    })),
    devices: p.devices.list(),
    drops: {
      counts: p.ingest.dropCounts(),
      recent: p.ingest.recentDrops(),
      incompleteAisGroups: addCounts(p.normalizer.droppedFragmentGroups(), p.broker.droppedFragmentGroups()),
    },
    tracks: { live: p.tracks.size, expired: p.tracks.expired, evicted: p.tracks.evicted },
    snapshot: p.snapshots.status(),
    policy: {
      name: policy.name,
      version: policy.version,
      thresholds: policy.thresholds,
      /** The score cut-offs in force now: by volume once a day of traffic is known, else the points. */
      cutoffs: p.volume.cutoffs(),
      /** A signed policy's serial (null for a preset or plain file), and where the policy in force came from. */
      serial: p.policy.serial,
      from: p.policy.from,
      samplingRates: policy.samplingRates,
      controlRate: policy.controlRate,
      capacity: policy.capacity ?? null,
      burdenCap: policy.burdenCap ?? null,
      windows: policy.windows ? policy.windows.months : null,
    },
    shift: p.shifts.publicView(),
    outbox: p.storage.outbox.stats(),
    sync: p.sync ? p.sync.status() : { state: 'disabled' },
    storage: { writable: decisions.failure === null, failure: decisions.failure, waitingDecisions: decisions.waiting },
  };
}
