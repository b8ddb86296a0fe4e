import type { Target } from '../domain/target.js';

/** Where a target stands against the next hour's boarding capacity. */
export type CapacityState = 'within' | 'over' | 'deferred';

export interface CapacityPlan {
  boardingsPerHour: number;
  /** Selected targets reaching the checkpoint within the hour. */
  arriving: number;
  /** Must-inspect targets beyond capacity: shown, never dropped. */
  mustOver: number;
  /** May-inspect and sampled targets left for later or for another team. */
  deferred: number;
  states: Map<string, CapacityState>;
}

const HOUR_S = 3600;
const rank = (t: Target) => (t.tier === 'must-inspect' ? 0 : t.tier === 'may-inspect' ? 1 : 2);

/**
 * Fills the next hour's boardings: every must-inspect target first, in order of arrival, those
 * beyond capacity marked "over" rather than dropped; then may-inspect targets by score; then the
 * random samples. Only targets whose course reaches the checkpoint within the hour take a place.
 * Pure: the same list gives the same plan.
 */
export function planCapacity(targets: readonly Target[], boardingsPerHour: number): CapacityPlan {
  const arriving = targets
    .filter((t) => t.tier !== 'pass' && t.etaS !== null && t.etaS <= HOUR_S)
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (rank(a) === 0 ? (a.etaS as number) - (b.etaS as number) : b.score - a.score) ||
        a.id.localeCompare(b.id),
    );
  const states = new Map<string, CapacityState>();
  let used = 0;
  let mustOver = 0;
  let deferred = 0;
  for (const t of arriving) {
    if (used < boardingsPerHour) {
      states.set(t.id, 'within');
      used++;
    } else if (t.tier === 'must-inspect') {
      states.set(t.id, 'over');
      mustOver++;
    } else {
      states.set(t.id, 'deferred');
      deferred++;
    }
  }
  return { boardingsPerHour, arriving: arriving.length, mustOver, deferred, states };
}
