/**
 * One inspected passage as the central exports it for refitting a policy (format kakou-outcome/1,
 * one JSON object per line): what the node's rules found in the passage when it was decided, and
 * what the inspection found. Written by src/central/outcomes.ts, read by `kakou policy fit --records`.
 */
export interface OutcomeRow {
  format: 'kakou-outcome/1';
  nodeId: string;
  /** Node-qualified: passages of different nodes never share an id. */
  passageId: string;
  kind: 'vessel' | 'vehicle';
  /** When the passage was decided. */
  decidedAt: string;
  policyVersion: string | null;
  tier: string;
  selection: string | null;
  /** Every factor the node's rules found, priced or not: `CODE`, or `CODE*units` when more than one. */
  findings: string[];
  inspectionId: string;
  result: string;
  /** Defects found or access refused. */
  violation: boolean;
}

/** A finding as a row carries it: `CODE`, or `CODE*units` when it counted more than once. */
export const formatFinding = (code: string, units: number): string => (units > 1 ? `${code}*${units}` : code);

export function parseFinding(s: string): [code: string, units: number] {
  const star = s.indexOf('*');
  if (star < 0) return [s, 1];
  const units = Number(s.slice(star + 1));
  return [s.slice(0, star), Number.isInteger(units) && units > 0 ? units : 1];
}
