import type { Reason } from '../domain/target.js';
import type { Track } from '../tracks/track.js';
import type { CreditProfile } from './credit-index.js';

/**
 * A rule's finding: a reason plus its effect on the tier. "overriding" forces must-inspect
 * (Paris MoU overriding factors); "unexpected" lifts to at least may-inspect (unexpected factors);
 * "good-credit" marks a trusted subject that passes unless a live signal says otherwise.
 */
export interface Finding extends Reason {
  effect?: 'overriding' | 'unexpected' | 'good-credit';
  /** Live findings come from behaviour now, not from the credit record. */
  live?: boolean;
}

export interface RuleInput {
  track: Track;
  credit: CreditProfile;
  now: number;
}

export type Rule = (input: RuleInput) => Finding[];
