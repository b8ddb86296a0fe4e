/**
 * Port State Control ship risk profile rules as data: Paris MoU / Directive 2009/16/EC Annex II and
 * the Tokyo MoU's New Inspection Regime (../shared/reference/targeting-anchors.md, sections 1-2).
 * Values marked "verify" there are kept as transcribed and named here so a preset can change them.
 */
import type { FlagList, Performance as Published, ShipKind } from '../../domain/psc.js';

export type { FlagList, ShipKind };
/** A performance level, or `unknown` when the list does not hold the organisation or company. */
export type Performance = Published | 'unknown';
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
  flagPoints: { 'black-very-high': 2, 'black-high': 2, 'black-medium-to-high': 2, 'black-medium': 1 },
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
  flagPoints: { 'black-very-high': 1, 'black-high': 1, 'black-medium-to-high': 1, 'black-medium': 1 },
  roPoints: { 'very-low': 1 },
  companyPoints: { 'very-low': 2 },
  companyNoInspectionPoints: 2,
  // As transcribed from the Tokyo MoU table ("verify" in the anchors): three detentions score.
  detentionThreshold: 3,
  detentionPoints: 1,
  deficientInspectionOver: 5,
  windows: { HRS: [2, 4], SRS: [5, 8], LRS: [9, 18] },
};
