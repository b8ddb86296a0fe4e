import type { Clock } from '../clock.js';
import type { Policy } from '../scoring/policy.js';
import { type Cutoffs, ScoreVolume } from '../scoring/volume-thresholds.js';
import type { ScoreVolumeRepo } from '../storage/score-volume-repo.js';

const HOUR = 3_600_000;

/**
 * The score histogram behind thresholds set by volume, when the policy sets them: restored from
 * the hours kept on disk, and saved again by `save` (on the storage maintenance tick).
 */
export function scoreVolume(
  policy: Policy,
  repo: ScoreVolumeRepo,
  clock: Clock,
): { volume: ScoreVolume; save(): void; cutoffs(): Cutoffs } | null {
  if (policy.thresholds.mustInspectPerHour === undefined) return null;
  const windowHours = (policy.thresholds.volumeWindowDays ?? 7) * 24;
  const volume = new ScoreVolume(policy);
  const firstHour = () => Math.floor(clock.now() / HOUR) - windowHours;
  volume.restore(repo.since(firstHour()));
  return {
    volume,
    save: () => repo.save(volume.takeChanged(), firstHour()),
    cutoffs: () => volume.cutoffs(clock.now()),
  };
}
