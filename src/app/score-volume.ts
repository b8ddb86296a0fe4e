import type { Clock } from '../clock.js';
import { type Cutoffs, ScoreVolume } from '../scoring/volume-thresholds.js';
import type { ScoreVolumeRepo } from '../storage/score-volume-repo.js';
import type { PolicyHolder } from '../targets/policy-holder.js';

const HOUR = 3_600_000;

/**
 * The score histogram behind thresholds set by volume, for the policy in force: restored from the
 * hours kept on disk that this policy scored, saved again on the storage maintenance tick, and
 * started afresh when a policy that prices differently comes into force (until a day of its own
 * scores is known, its cut-offs are its points). Nothing when the policy sets points only.
 */
export class ScoreVolumeInForce {
  private volume: { histogram: ScoreVolume; policy: string; windowHours: number } | null = null;

  constructor(
    private readonly policy: PolicyHolder,
    private readonly repo: ScoreVolumeRepo,
    private readonly clock: Clock,
  ) {
    this.volume = this.build();
  }

  /** Whether the policy in force sets its thresholds by volume. */
  get active(): boolean {
    return this.volume !== null;
  }

  /** A newer policy came into force: the last policy's hours are saved, and the new one counts its own. */
  policyChanged(): void {
    this.save();
    this.volume = this.build();
  }

  add(at: number, score: number, overriding: boolean): void {
    this.volume?.histogram.add(at, score, overriding);
  }

  /** The cut-offs in force at `at` (now when omitted); null when the policy sets points only. */
  cutoffs(at = this.clock.now()): Cutoffs | null {
    return this.volume?.histogram.cutoffs(at) ?? null;
  }

  save(): void {
    const v = this.volume;
    if (v) this.repo.save(v.histogram.takeChanged(), this.firstHour(v.windowHours), v.policy);
  }

  private build(): { histogram: ScoreVolume; policy: string; windowHours: number } | null {
    const p = this.policy.current;
    if (p.thresholds.mustInspectPerHour === undefined) return null;
    const windowHours = (p.thresholds.volumeWindowDays ?? 7) * 24;
    const histogram = new ScoreVolume(p);
    histogram.restore(this.repo.since(this.firstHour(windowHours), this.policy.label));
    return { histogram, policy: this.policy.label, windowHours };
  }

  private firstHour(windowHours: number): number {
    return Math.floor(this.clock.now() / HOUR) - windowHours;
  }
}
