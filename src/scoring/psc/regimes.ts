/**
 * Port State Control ship risk profile rules as data: Paris MoU / Directive 2009/16/EC Annex II and
 * the Tokyo MoU's New Inspection Regime (../shared/reference/targeting-anchors.md, sections 1-2).
 * Values marked "verify" there are kept as transcribed and named here so a preset can change them.
 */
export type ShipKind =
  | 'oil-tanker'
  | 'chemical-tanker'
  | 'gas-carrier'
  | 'bulk-carrier'
  | 'passenger'
  | 'container'
  | 'general-cargo'
  | 'other';
export type FlagList = 'white' | 'grey' | 'black-vhr' | 'black-hr' | 'black-mtoh' | 'black-mr' | 'unlisted';
export type Performance = 'high' | 'medium' | 'low' | 'very-low' | 'unknown';
export type RiskProfile = 'HRS' | 'SRS' | 'LRS';

export interface Regime {
  name: 'paris-mou-nir' | 'tokyo-mou-nir';
  /** Total points at or above which a ship is high risk. */
  hrsThreshold: number;
  highRiskTypes: readonly ShipKind[];
  typePoints: number;
  ageOverYears: number;
  agePoints: number;
  flagPoints: Partial<Record<FlagList, number>>;
  /** RO performance levels that score, and their points. */
  roPoints: Partial<Record<Performance, number>>;
  companyPoints: Partial<Record<Performance, number>>;
  /** Tokyo: a company without inspections in 36 months scores (Paris treats it as medium). */
  companyNoInspectionPoints: number;
  /** Paris: detentions at or above this count in 36 months score detentionPoints. */
  detentionThreshold: number;
  detentionPoints: number;
  /** Tokyo: each inspection with more than this many deficiencies scores one point. */
  deficientInspectionOver: number | null;
  /** Months since the last inspection: [window opens (Priority II), window closes (Priority I)]. */
  windows: Record<RiskProfile, [number, number]>;
}

export const PARIS: Regime = {
  name: 'paris-mou-nir',
  hrsThreshold: 5,
  highRiskTypes: ['oil-tanker', 'chemical-tanker', 'gas-carrier', 'bulk-carrier', 'passenger'],
  typePoints: 2,
  ageOverYears: 12,
  agePoints: 1,
  flagPoints: { 'black-vhr': 2, 'black-hr': 2, 'black-mtoh': 2, 'black-mr': 1 },
  roPoints: { low: 1, 'very-low': 1 },
  companyPoints: { low: 2, 'very-low': 2 },
  companyNoInspectionPoints: 0,
  detentionThreshold: 2,
  detentionPoints: 1,
  deficientInspectionOver: null,
  windows: { HRS: [5, 6], SRS: [10, 12], LRS: [24, 36] },
};

export const TOKYO: Regime = {
  name: 'tokyo-mou-nir',
  hrsThreshold: 4,
  highRiskTypes: ['oil-tanker', 'chemical-tanker', 'gas-carrier', 'bulk-carrier', 'passenger', 'container'],
  typePoints: 2,
  ageOverYears: 12,
  agePoints: 1,
  flagPoints: { 'black-vhr': 1, 'black-hr': 1, 'black-mtoh': 1, 'black-mr': 1 },
  roPoints: { 'very-low': 1 },
  companyPoints: { 'very-low': 2 },
  companyNoInspectionPoints: 2,
  // As transcribed from the Tokyo MoU table ("verify" in the anchors): three detentions score.
  detentionThreshold: 3,
  detentionPoints: 1,
  deficientInspectionOver: 5,
  windows: { HRS: [2, 4], SRS: [5, 8], LRS: [9, 18] },
};
