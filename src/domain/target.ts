import type { CreditGrade, ListName } from './credit.js';
import { OPEN_STATUSES, type Passage } from './passage.js';

export type Tier = 'must-inspect' | 'may-inspect' | 'random-sample' | 'pass';
export type TargetKind = 'vessel' | 'vehicle';

export const TIERS: readonly Tier[] = ['must-inspect', 'may-inspect', 'random-sample', 'pass'];

/** Why a target scored what it did. Every point in a score is carried by a reason. */
export interface Reason {
  code: string;
  points: number;
  /** Chinese text for officers. */
  text: string;
  textEn: string;
  evidence?: string;
  /** How many times the factor counted (penalties, detentions), when more than once. */
  units?: number;
}

export interface Decision {
  score: number;
  tier: Tier;
  reasons: Reason[];
  /** How the tier was reached: an overriding factor, the score, the inspection window, a random draw, or a supervisor's override. */
  selection:
    | 'overriding'
    | 'score'
    | 'window'
    | 'unexpected'
    | 'credit-random'
    | 'control-random'
    | 'exempt'
    | 'override'
    | 'none';
  /** The passage's two draws, made for every passage (selected or not) so anyone can recompute them. */
  draw: { passageId: string; credit: number; control: number; rate: number; controlRate: number } | null;
  /**
   * Factors found that the policy does not price (`CODE`, or `CODE*units` when more than one), so
   * outcomes can refit their prices too. Shared between targets; absent on an override's decision.
   */
  unpriced?: readonly string[];
}

export interface Target extends Decision {
  id: string;
  kind: TargetKind;
  name: string;
  grade: CreditGrade | null;
  lists: ListName[];
  lat: number | null;
  lon: number | null;
  /** Knots for vessels, km/h for vehicles (see speedUnit). */
  speed: number | null;
  speedUnit: 'kn' | 'km/h';
  course: number | null;
  /** Metres to the checkpoint line or gate. */
  distanceM: number | null;
  /** Seconds until the present course and speed reach the line or gate; null if they never do. */
  etaS: number | null;
  /** Reaches the gate within checkpoint.crossWithinMinutes, or is in it. */
  crossingSoon: boolean;
  /** The line or gate it is heading for (checkpoint.gates), or the nearest that checks its kind; null without a fix. */
  gate: string | null;
  /** Heard from last (ms). A target that went dark keeps its last time. */
  lastSeen: number;
  /** Against the next hour's boarding capacity, when the policy sets one and the target arrives within the hour. */
  capacity: 'within' | 'over' | 'deferred' | null;
  /** This approach of the subject to the checkpoint: the draw unit, and where the officer's loop stands. */
  passage: Readonly<Passage> | null;
}

/** Still to be dealt with: no passage yet, or one that has not crossed, been inspected or ended. */
export const passageOpen = (t: Target): boolean => t.passage === null || OPEN_STATUSES.has(t.passage.status);

const TIER_RANK: Record<Tier, number> = { 'must-inspect': 0, 'may-inspect': 1, 'random-sample': 2, pass: 3 };

/**
 * Target list order: passages still to be dealt with first (the to-stop part), then tier, score
 * (highest first) and most recently seen.
 */
export function compareTargets(a: Target, b: Target): number {
  return (
    Number(!passageOpen(a)) - Number(!passageOpen(b)) ||
    TIER_RANK[a.tier] - TIER_RANK[b.tier] ||
    b.score - a.score ||
    b.lastSeen - a.lastSeen ||
    a.id.localeCompare(b.id)
  );
}
