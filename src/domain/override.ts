import type { Tier } from './target.js';

/**
 * A supervisor's override of a target's tier for the rest of a shift (a vessel in distress
 * released, a tip-off stopped): a record of its own, kept and sent upstream. The computed decision
 * stays in the target's reasons; the override sits on top of it, it does not rewrite it.
 */
export interface OverrideRecord {
  id: string;
  nodeId: string;
  shiftId: string;
  targetId: string;
  tier: Tier;
  /** The tier the policy had decided when the override was made. */
  tierBefore: Tier | null;
  by: string;
  reason: string;
  createdAt: string;
}
