import type { CreditGrade } from '../domain/credit.js';
import type { Reason, Tier } from '../domain/target.js';
import type { PolicyWindows } from './policy.js';

export type RiskProfile = 'high' | 'standard' | 'low';

export function addMonths(t: number, months: number): number {
  const d = new Date(t);
  const whole = Math.floor(months);
  d.setUTCMonth(d.getUTCMonth() + whole);
  // Fractions of a month (a policy may say 1.5) count as 30-day months.
  return d.getTime() + (months - whole) * 30 * 86_400_000;
}

const PROFILE_ZH: Record<RiskProfile, string> = { high: '高风险', standard: '标准风险', low: '低风险' };
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The inspection window of the Paris and Tokyo MoU selection schemes: the score and the low-risk
 * criteria give a risk profile; the profile says how many months after the last inspection the
 * subject may be inspected (window open) and must be (window closed).
 */
export function inspectionWindow(
  w: PolicyWindows,
  score: number,
  grade: CreditGrade | null,
  findings: ReadonlySet<string>,
  lastInspectionAt: number | null,
  now: number,
): { profile: RiskProfile; tier: Tier | null; reason: Reason } {
  const low = grade !== null && w.lowRisk.grades.includes(grade) && !w.lowRisk.blockers.some((b) => findings.has(b));
  const profile: RiskProfile = score >= w.highRiskAt ? 'high' : low ? 'low' : 'standard';
  const [open, close] = w.months[profile];
  const base = { points: 0 };
  if (lastInspectionAt === null) {
    const tier = w.neverInspected === 'none' ? null : w.neverInspected;
    return {
      profile,
      tier,
      reason: {
        ...base,
        code: 'NEVER_INSPECTED',
        text: `${PROFILE_ZH[profile]}，无检查记录`,
        textEn: `${profile} risk, no inspection on record`,
        evidence: profile,
      },
    };
  }
  const opens = addMonths(lastInspectionAt, open);
  const closes = addMonths(lastInspectionAt, close);
  const evidence = `${profile}; ${day(lastInspectionAt)}; ${day(opens)}–${day(closes)}`;
  if (now >= closes) {
    return {
      profile,
      tier: 'must-inspect',
      reason: {
        ...base,
        code: 'WINDOW_CLOSED',
        text: `${PROFILE_ZH[profile]}，距上次检查已超过 ${close} 个月，必须检查`,
        textEn: `${profile} risk, ${close} months since the last inspection: due`,
        evidence,
      },
    };
  }
  if (now >= opens) {
    return {
      profile,
      tier: 'may-inspect',
      reason: {
        ...base,
        code: 'WINDOW_OPEN',
        text: `${PROFILE_ZH[profile]}，距上次检查已超过 ${open} 个月，可以检查`,
        textEn: `${profile} risk, window open since ${day(opens)}`,
        evidence,
      },
    };
  }
  return {
    profile,
    tier: null,
    reason: {
      ...base,
      code: 'WINDOW_NOT_DUE',
      text: `${PROFILE_ZH[profile]}，${day(opens)} 前不需检查`,
      textEn: `${profile} risk, not due before ${day(opens)}`,
      evidence,
    },
  };
}
