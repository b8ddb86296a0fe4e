import { passageOpen, type Target } from '../domain/target.js';

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
  /** Each team's boardings this hour and how many the plan gives it (a gate's own team names its gate). */
  teams: Array<{ id: string; gate: string | null; boardingsPerHour: number; boarded: number }>;
  states: Map<string, CapacityState>;
}

const HOUR_S = 3600;
/** Called and inspecting targets hold their boarding; then must-inspect, may-inspect and the samples. */
const rank = (t: Target) =>
  t.passage?.status === 'called' || t.passage?.status === 'inspecting'
    ? -1
    : t.tier === 'must-inspect'
      ? 0
      : t.tier === 'may-inspect'
        ? 1
        : 2;
const boarding = (t: Target) => t.passage?.status === 'called' || t.passage?.status === 'inspecting';

/**
 * Fills the next hour's boardings, team by team (each boards its kinds: a vessel team, a road
 * team): targets officers have called or are inspecting hold theirs; then every must-inspect
 * target, the riskiest first (by score, then arrival), those beyond capacity marked "over" rather
 * than dropped; then may-inspect targets by score; then the random samples by arrival. Only open passages
 * whose course reaches the checkpoint within the hour take a place: an inspected, crossed or lost
 * one frees its place for the next. Pure: the same list gives the same plan.
 */
export function planCapacity(
  targets: readonly Target[],
  boardingsPerHour: number,
  teams: ReadonlyArray<{ id?: string; kinds: readonly Target['kind'][]; boardingsPerHour: number; gate?: string }> = [
    { kinds: ['vessel', 'vehicle'], boardingsPerHour },
  ],
): CapacityPlan {
  const arriving = targets
    .filter((t) => boarding(t) || (t.tier !== 'pass' && passageOpen(t) && t.etaS !== null && t.etaS <= HOUR_S))
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (rank(a) <= 1 ? b.score - a.score : 0) ||
        (a.etaS ?? 0) - (b.etaS ?? 0) ||
        a.id.localeCompare(b.id),
    );
  const states = new Map<string, CapacityState>();
  const left = teams.map((t) => t.boardingsPerHour);
  let mustOver = 0;
  let deferred = 0;
  for (const t of arriving) {
    // The first team that boards this kind (at this target's gate, for a gate's own team) with a boarding left takes it.
    const team = teams.findIndex(
      (x, i) => (left[i] as number) > 0 && x.kinds.includes(t.kind) && (x.gate === undefined || x.gate === t.gate),
    );
    if (team >= 0) {
      states.set(t.id, 'within');
      (left[team] as number)--;
    } else if (t.tier === 'must-inspect' || boarding(t)) {
      states.set(t.id, 'over');
      mustOver++;
    } else {
      states.set(t.id, 'deferred');
      deferred++;
    }
  }
  const used = teams.map((t, i) => ({
    id: t.id ?? `team-${i + 1}`,
    gate: t.gate ?? null,
    boardingsPerHour: t.boardingsPerHour,
    boarded: t.boardingsPerHour - (left[i] as number),
  }));
  return { boardingsPerHour, arriving: arriving.length, mustOver, deferred, teams: used, states };
}
