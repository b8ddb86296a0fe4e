export type InspectionResult = 'no-defects' | 'defects-found' | 'refused' | 'not-inspected';
export type InspectionAction = 'release' | 'warning' | 'correction-order' | 'penalty-referral' | 'detention';

export const INSPECTION_RESULTS: readonly InspectionResult[] = [
  'no-defects',
  'defects-found',
  'refused',
  'not-inspected',
];
export const INSPECTION_ACTIONS: readonly InspectionAction[] = [
  'release',
  'warning',
  'correction-order',
  'penalty-referral',
  'detention',
];

export interface Defect {
  code: string;
  note?: string;
}

/**
 * How a record amends an earlier one: a correction restates it; an officer's void request asks a
 * supervisor to withdraw it; a void (a supervisor's) withdraws it. The earlier record stays.
 */
export type Amendment = 'correction' | 'void-request' | 'void';

export interface NewInspection {
  targetId: string;
  officer: string;
  result: InspectionResult;
  defects: Defect[];
  action: InspectionAction;
  notes?: string;
  /** The passage the record answers; without it, the target's open passage. */
  passageId?: string;
  /** The record this one amends (always the original, never another amendment), how and why. */
  amends?: string;
  amendment?: Amendment;
  reason?: string;
}

/** A stored inspection record: what the officer found plus the decision it answered. */
export interface InspectionRecord extends NewInspection {
  id: string;
  nodeId: string;
  targetKind: 'vessel' | 'vehicle';
  targetName: string;
  tierAtDecision: string | null;
  scoreAtDecision: number | null;
  createdAt: string;
  /** A subject inspected without the live list naming it: found in the credit snapshot, or unknown to it. */
  offList?: 'on-record' | 'unknown';
  /** The reason codes of the decision the record answered (a listed target's). */
  reasonsAtDecision?: string[];
  /** The officer's loop on the passage: when the stop was ordered, the inspection started and finished. */
  calledAt?: string;
  startedAt?: string;
  finishedAt?: string;
}
