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

export interface NewInspection {
  targetId: string;
  officer: string;
  result: InspectionResult;
  defects: Defect[];
  action: InspectionAction;
  notes?: string;
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
}
