import type { TargetKind, Tier } from '../../domain/target.js';
import type { ReplayedPassage } from './backtest.js';

const HOUR = 3_600_000;

export interface Team {
  id: string;
  kinds: readonly TargetKind[];
  boardingsPerHour: number;
}

export interface SimulatedHour {
  hour: string;
  passages: number;
  /** Passages the tiers asked to stop (every tier but pass). */
  asked: number;
  boarded: number;
  /** Must-inspect passages no team could board this hour: an alert to the supervisor, never a silent drop. */
  mustDeferred: number;
  /** May-inspect and sampled passages left unboarded. */
  deferred: number;
}

export interface Simulation {
  hours: SimulatedHour[];
  /** Index of each boarded passage in the input. */
  boarded: Uint8Array;
}

const ORDER: Record<Tier, number> = { 'must-inspect': 0, 'may-inspect': 1, 'random-sample': 2, pass: 3 };

/**
 * Each hour the teams board in list order, as the live list asks them to: must-inspect first, then
 * may-inspect by score, then the random draws in order of arrival; a passage goes to a team that
 * boards its kind and has a boarding left this hour. When more must-inspect passages arrive in an
 * hour than the teams can board, the riskiest (by score, then arrival) are boarded and the rest are
 * over capacity, counted apart as the supervisor's alert: a team that sees the hour's arrivals
 * waits for the worse subject rather than spend its last boarding on whoever comes first. What no
 * team can take is deferred. Passages in time order.
 */
export function simulateCapacity(passages: readonly ReplayedPassage[], teams: readonly Team[]): Simulation {
  const boarded = new Uint8Array(passages.length);
  const hours: SimulatedHour[] = [];
  let i = 0;
  while (i < passages.length) {
    const hour = Math.floor((passages[i] as ReplayedPassage).at / HOUR);
    const start = i;
    while (i < passages.length && Math.floor((passages[i] as ReplayedPassage).at / HOUR) === hour) i++;
    const asked: number[] = [];
    for (let k = start; k < i; k++) if ((passages[k] as ReplayedPassage).tier !== 'pass') asked.push(k);
    asked.sort((a, b) => {
      const x = passages[a] as ReplayedPassage;
      const y = passages[b] as ReplayedPassage;
      return (
        ORDER[x.tier] - ORDER[y.tier] || (x.tier === 'random-sample' ? 0 : y.score - x.score) || x.at - y.at || a - b
      );
    });
    const left = teams.map((t) => t.boardingsPerHour);
    const h: SimulatedHour = {
      hour: new Date(hour * HOUR).toISOString(),
      passages: i - start,
      asked: asked.length,
      boarded: 0,
      mustDeferred: 0,
      deferred: 0,
    };
    for (const k of asked) {
      const p = passages[k] as ReplayedPassage;
      const team = teams.findIndex((t, j) => (left[j] as number) > 0 && t.kinds.includes(p.kind));
      if (team >= 0) {
        (left[team] as number)--;
        boarded[k] = 1;
        h.boarded++;
      } else if (p.tier === 'must-inspect') h.mustDeferred++;
      else h.deferred++;
    }
    hours.push(h);
  }
  return { hours, boarded };
}

/** The passages of each hour, as index ranges into time-ordered passages. */
export function hourRanges(passages: readonly ReplayedPassage[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  while (i < passages.length) {
    const hour = Math.floor((passages[i] as ReplayedPassage).at / HOUR);
    const start = i;
    while (i < passages.length && Math.floor((passages[i] as ReplayedPassage).at / HOUR) === hour) i++;
    out.push([start, i]);
  }
  return out;
}
