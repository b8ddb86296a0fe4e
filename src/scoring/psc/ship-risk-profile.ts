import { addMonths } from '../windows.js';
import type { FlagList, Performance, Regime, RiskProfile, ShipKind } from './regimes.js';

export interface ShipFacts {
  kind: ShipKind;
  ageYears: number;
  flag: FlagList;
  /** The flag State has undergone the IMO audit (IMSAS). */
  flagImoAudit: boolean;
  roPerformance: Performance;
  /** The recognised organisation is recognised by a member of the regime. */
  roRecognised: boolean;
  companyPerformance: Performance;
  /** Inspections of the ship in the 36 months before now. */
  inspections36m: ReadonlyArray<{ at: number; deficiencies: number; detained: boolean }>;
  /** Inspections of any ship of the company in the 36 months before now. */
  companyInspections36m: number;
}

export interface ProfileFactor {
  criterion: string;
  points: number;
  evidence: string;
}

export interface ShipRisk {
  profile: RiskProfile;
  points: number;
  factors: ProfileFactor[];
  /** Why the ship is not low risk (empty when it is). */
  notLowRiskBecause: string[];
}

/**
 * The ship risk profile of a regime: points per criterion, high risk at the threshold, low risk
 * only when every low-risk criterion holds. Missing data never earns points and never earns low risk.
 */
export function shipRiskProfile(f: ShipFacts, r: Regime): ShipRisk {
  const factors: ProfileFactor[] = [];
  const add = (criterion: string, points: number | undefined, evidence: string) => {
    if (points) factors.push({ criterion, points, evidence });
  };
  if (r.highRiskTypes.includes(f.kind)) add('ship-type', r.typePoints, f.kind);
  if (f.ageYears > r.ageOverYears) add('age', r.agePoints, `${f.ageYears} years`);
  add('flag', r.flagPoints[f.flag], f.flag);
  add('recognised-organisation', r.roPoints[f.roPerformance], f.roPerformance);
  add('company', r.companyPoints[f.companyPerformance], f.companyPerformance);
  if (f.companyInspections36m === 0)
    add('company-not-inspected', r.companyNoInspectionPoints, 'no inspection of the company in 36 months');
  const detentions = f.inspections36m.filter((i) => i.detained).length;
  if (detentions >= r.detentionThreshold) add('detentions', r.detentionPoints, `${detentions} detentions in 36 months`);
  if (r.deficientInspectionOver !== null) {
    const over = f.inspections36m.filter((i) => i.deficiencies > (r.deficientInspectionOver as number)).length;
    add('deficient-inspections', over, `${over} inspections with more than ${r.deficientInspectionOver} deficiencies`);
  }
  const points = factors.reduce((s, x) => s + x.points, 0);

  const notLow: string[] = [];
  if (f.flag !== 'white') notLow.push('flag not on the white list');
  if (!f.flagImoAudit) notLow.push('flag State not IMO-audited');
  if (f.roPerformance !== 'high') notLow.push('recognised organisation performance not high');
  if (!f.roRecognised) notLow.push('recognised organisation not recognised by the regime');
  if (f.companyPerformance !== 'high') notLow.push('company performance not high');
  if (f.inspections36m.length === 0) notLow.push('no inspection in 36 months');
  if (f.inspections36m.some((i) => i.deficiencies > 5)) notLow.push('an inspection with more than 5 deficiencies');
  if (detentions > 0) notLow.push('a detention in 36 months');

  const profile: RiskProfile = points >= r.hrsThreshold ? 'HRS' : notLow.length === 0 ? 'LRS' : 'SRS';
  return { profile, points, factors, notLowRiskBecause: profile === 'LRS' ? [] : notLow };
}

export type Priority = 'I' | 'II' | 'none';

/**
 * Inspection priority from the profile and the time since the last inspection: Priority II once
 * the window opens, Priority I once it closes (never inspected counts as closed). An overriding
 * factor makes it Priority I whatever the window; an unexpected factor makes it at least Priority II.
 */
export function inspectionPriority(
  profile: RiskProfile,
  lastInspectionAt: number | null,
  now: number,
  r: Regime,
  factors: { overriding?: boolean; unexpected?: boolean } = {},
): { priority: Priority; opensAt: number | null; closesAt: number | null } {
  const [open, close] = r.windows[profile];
  const opensAt = lastInspectionAt === null ? null : addMonths(lastInspectionAt, open);
  const closesAt = lastInspectionAt === null ? null : addMonths(lastInspectionAt, close);
  let priority: Priority = closesAt === null || now >= closesAt ? 'I' : now >= (opensAt as number) ? 'II' : 'none';
  if (factors.overriding) priority = 'I';
  else if (factors.unexpected && priority === 'none') priority = 'II';
  return { priority, opensAt, closesAt };
}
