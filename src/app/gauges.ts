import type { Clock } from '../clock.js';
import { TIERS } from '../domain/target.js';
import type { NodeParts } from './node-parts.js';
import { readiness } from './readiness.js';
import { UPLINK_PROBLEMS, uplinkProblems } from './uplink-health.js';

/** Gauges computed when scraped (track and target counts, outbox backlog, snapshot age, device quality). */
export function refreshGauges(p: NodeParts, clock: Clock): void {
  const { metrics, storage } = p;
  const now = clock.now();
  const counts = { vessel: 0, vehicle: 0 };
  for (const t of p.tracks.all()) counts[t.kind]++;
  metrics.tracks.set({ kind: 'vessel' }, counts.vessel);
  metrics.tracks.set({ kind: 'vehicle' }, counts.vehicle);
  const byTier = Object.fromEntries(TIERS.map((t) => [t, 0]));
  for (const t of p.targets.list()) byTier[t.tier] = (byTier[t.tier] ?? 0) + 1;
  for (const tier of TIERS) metrics.targets.set({ tier }, byTier[tier] ?? 0);
  metrics.scoreFailures.set(p.targets.scoreFailures);
  const lanes = storage.outbox.stats();
  for (const lane of [0, 1, 2])
    metrics.outboxRows.set({ lane: String(lane) }, lanes.find((l) => l.lane === lane)?.count ?? 0);
  const oldest = Math.min(...lanes.map((l) => l.oldestMs ?? Infinity));
  metrics.outboxOldestAge.set(Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : 0);
  metrics.deadLetters.set(storage.outbox.deadLetters(10_000, true).length);
  const snap = p.snapshots.status();
  metrics.snapshotVersion.set(snap.version ?? 0);
  metrics.creditIndexBytes.set(p.credit.indexBytes ?? 0);
  metrics.snapshotAge.set(snap.issuedAt ? (now - Date.parse(snap.issuedAt)) / 1000 : 0);
  deviceQuality(p);
  devicesLiveness(p, now);
  const disk = storage.maintenance.diskSpace();
  if (disk) {
    metrics.storageFree.set(disk.freeBytes);
    metrics.storageSize.set(disk.sizeBytes);
  }
  const plan = p.targets.capacity();
  metrics.capacity.set({ measure: 'boardings_per_hour' }, plan?.boardingsPerHour ?? 0);
  metrics.capacity.set({ measure: 'arriving' }, plan?.arriving ?? 0);
  metrics.capacity.set({ measure: 'must_over' }, plan?.mustOver ?? 0);
  metrics.capacity.set({ measure: 'deferred' }, plan?.deferred ?? 0);
  const problems = uplinkProblems(p, now);
  for (const problem of UPLINK_PROBLEMS) metrics.uplinkProblem.set({ problem }, problems.has(problem) ? 1 : 0);
  const checks = Object.entries(readiness(p, now));
  metrics.readyCheck.reset();
  for (const [check, c] of checks) metrics.readyCheck.set({ check }, c.ok ? 1 : 0);
  metrics.ready.set(checks.every(([, c]) => c.ok) ? 1 : 0);
}

/** Per device: online, the age of its last message, and its valid and on-time shares. */
function devicesLiveness({ devices, metrics }: NodeParts, now: number): void {
  metrics.deviceOnline.reset();
  metrics.deviceLastMessageAge.reset();
  metrics.deviceShare.reset();
  for (const d of devices.list()) {
    const labels = { profile: d.profile, device: d.deviceId };
    metrics.deviceOnline.set(labels, d.online ? 1 : 0);
    metrics.deviceLastMessageAge.set(labels, Math.max(0, (now - d.lastMessage) / 1000));
    metrics.deviceShare.set({ ...labels, measure: 'valid' }, d.validShare);
    metrics.deviceShare.set({ ...labels, measure: 'timely' }, d.timelyShare);
  }
}

/** Per profile: the share of messages that were valid, and that arrived on time. */
function deviceQuality({ devices, metrics }: NodeParts): void {
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
}
