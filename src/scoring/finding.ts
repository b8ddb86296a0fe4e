import type { Reason } from '../domain/target.js';
import type { TrackView } from '../domain/track-view.js';
import type { CreditProfile } from '../domain/credit-profile.js';

/**
 * What a rule found: a factor code with its evidence. Points and effect are not the rule's to
 * decide: the policy in force gives them per factor code (src/scoring/policy.ts).
 */
export interface Finding extends Omit<Reason, 'points'> {
  /** How many times the factor applies (penalties, accidents); 1 when omitted. */
  units?: number;
  /** Live findings come from behaviour now, not from the credit record. */
  live?: boolean;
}

export interface RuleInput {
  track: TrackView;
  credit: CreditProfile;
  now: number;
  /** Inspections this node recorded itself, which the snapshot may not carry yet. */
  /**
   * This node's own last inspection of the subject, with the reasons the subject carried then (a
   * live signal among them is not new), and its last clean one.
   */
  local?: { lastInspectionAt?: number; lastCleanInspectionAt?: number; reasonsAtLastInspection?: readonly string[] };
}

export type Rule = (input: RuleInput) => Finding[];
