import type { TargetKind, Tier } from './target.js';

/**
 * Where one approach of one subject to the checkpoint stands. `approaching` until an officer
 * calls it; `called`, `inspecting` and `inspected` follow the officer's loop; a passage that
 * crosses the line without a record ends `passed`, or `missed` when the policy asked for it.
 */
export type PassageStatus = 'approaching' | 'called' | 'inspecting' | 'inspected' | 'passed' | 'missed';

export const PASSAGE_STATUSES: readonly PassageStatus[] = [
  'approaching',
  'called',
  'inspecting',
  'inspected',
  'passed',
  'missed',
];

/** How a passage ended: its subject crossed the line or gate, an inspection record closed it, or it was lost. */
export type PassageEnd = 'crossing' | 'inspection' | 'lost';

/** Statuses an officer still has work in: the to-stop part of the list. */
export const OPEN_STATUSES: ReadonlySet<PassageStatus> = new Set(['approaching', 'called', 'inspecting']);

/** Tiers whose passage crossing uninspected is missed (the policy asked for the stop). */
export const MISSABLE_TIERS: ReadonlySet<Tier> = new Set(['must-inspect', 'may-inspect']);

/** The passage as each target on the list carries it. */
export interface PassageView {
  id: string;
  status: PassageStatus;
  openedAt: string;
  closedAt: string | null;
}

/** A passage as the node keeps it and as its record goes upstream when it closes. */
export interface Passage {
  id: string;
  targetId: string;
  kind: TargetKind;
  /** The shift whose committed seed drew this passage (it may close in the next shift). */
  shiftId: string;
  status: PassageStatus;
  /** The highest tier the passage reached, and the tier in force at its last rescore. */
  tier: Tier;
  openedAt: number;
  closedAt: number | null;
  closedBy: PassageEnd | null;
  crossedAt: number | null;
  called: { by: string; at: number } | null;
  startedAt: number | null;
  finishedAt: number | null;
  inspectionId: string | null;
}

/** A passage as it opens (or as a restarted node knows it from its id and latest tier alone). */
export function approachingPassage(
  id: string,
  targetId: string,
  kind: TargetKind,
  shiftId: string,
  openedAt: number,
  tier: Tier = 'pass',
): Passage {
  return {
    id,
    targetId,
    kind,
    shiftId,
    status: 'approaching',
    tier,
    openedAt,
    closedAt: null,
    closedBy: null,
    crossedAt: null,
    called: null,
    startedAt: null,
    finishedAt: null,
    inspectionId: null,
  };
}

/** The record of a closed passage, as it goes upstream (kind `passage`). */
export interface PassageRecord {
  id: string;
  passageId: string;
  nodeId: string;
  targetId: string;
  targetKind: TargetKind;
  targetName: string;
  shiftId: string;
  status: PassageStatus;
  tier: Tier;
  openedAt: string;
  closedAt: string;
  closedBy: PassageEnd;
  crossedAt: string | null;
  calledAt: string | null;
  calledBy: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  inspectionId: string | null;
}
