import type { Decision, Reason, Tier } from '../domain/target.js';
import type { RuleInput, Rule } from './finding.js';
import { price, type FactorPolicy, type Policy } from './policy.js';
import { passageDraw } from './draw.js';
import { inspectionWindow } from './windows.js';
import { creditGrade, hazmatQualification, listMembership, notInSnapshot } from './rules/credit-rules.js';
import { history36m, vesselParticulars } from './rules/history-rules.js';
import { identityMismatch, liveAlarms, unregisteredMmsi } from './rules/live-rules.js';
import { draughtOverMax, trackSignals } from './rules/track-rules.js';
import { overload, permitChecks, sensorStale, waybillChecks } from './rules/vehicle-rules.js';
import { cargoQualification } from './rules/cargo-rules.js';
import { aisNotSeen, draughtMisreported, hullNameMismatch } from './rules/sighting-rules.js';

export const RULES: readonly Rule[] = [listMembership, creditGrade, notInSnapshot, hazmatQualification, history36m, vesselParticulars, liveAlarms, identityMismatch, unregisteredMmsi, trackSignals, draughtOverMax,
  aisNotSeen, hullNameMismatch, draughtMisreported, waybillChecks, permitChecks, overload, sensorStale, cargoQualification];

/**
 * Most reasons recur on thousands of targets whole ("not in the credit snapshot", "grade C", with
 * the same points): one shared, frozen copy of each instead of one per target. Reasons are never
 * changed after a decision; a target that adds one (an override) builds a new array.
 */
const shared = new Map<string, Reason[]>();
let sharedCount = 0;
function intern(r: Reason): Reason {
  // Keyed by the short fields; the texts (long, and the same strings on every rescore) are compared, not hashed.
  if (sharedCount >= 20_000) {
    shared.clear();
    sharedCount = 0;
  }
  const key = `${r.code}\u0000${r.points}\u0000${r.evidence ?? ''}`;
  const known = shared.get(key);
  if (known) for (const k of known) if (k.text === r.text && k.textEn === r.textEn && k.evidence === r.evidence) return k;
  const frozen = Object.freeze({ ...r });
  if (known) known.push(frozen);
  else shared.set(key, [frozen]);
  sharedCount++;
  return frozen;
}

export interface ShiftDraw {
  shiftId: string;
  seedHex: string;
}

/**
 * Decides one target: a pure function of (track, credit profile, policy, draw). Rules say what
 * they found; the policy prices each factor and says which ones override. Points only ever add,
 * so worse credit or a new alarm never lowers a score. Trusted subjects (red list, grade AA) skip
 * the score tiers unless a live signal is present; everyone else who passes the score tiers still
 * faces the credit-weighted draw and the uniform control draw. A policy with inspection windows
 * (Paris and Tokyo MoU presets) also selects by the time since the last inspection, and one with
 * a burden cap spares a subject inspected clean recently from the draws.
 */
export function decide(input: RuleInput, policy: Policy, shift: ShiftDraw, rules: readonly Rule[] = RULES): Decision {
  const findings = rules.flatMap((r) => r(input));
  const priced = findings.map((f) => {
    const { points, effect } = price(policy, f.code, f.units);
    return { f, points, effect };
  }).filter((x) => x.points > 0 || x.effect !== undefined);
  priced.sort((a, b) => b.points - a.points || a.f.code.localeCompare(b.f.code));
  const score = Math.min(100, priced.reduce((s, x) => s + x.points, 0));
  const reasons: Reason[] = priced.map(({ f, points }) => {
    const { units: _u, live: _l, ...rest } = f;
    return intern({ ...rest, points });
  });
  const has = (effect: FactorPolicy['effect']) => priced.some((x) => x.effect === effect);
  const live = priced.some((x) => x.f.live);
  const grade = input.credit.grade;
  const trusted = has('good-credit') && !live;
  // Every passage is drawn, selected or not: the control sample spans all passages, so the hit
  // rate of targeting can be compared with that of a uniform sample of the same traffic.
  const rate = trusted ? policy.samplingRates.AA : policy.samplingRates[grade ?? 'unknown'];
  const draw = passageDraw(shift.seedHex, shift.shiftId, input.track.id, rate, policy.controlRate);

  if (has('overriding')) return { score, tier: 'must-inspect', reasons, selection: 'overriding', draw };
  if (!trusted) {
    const byScore: Tier | null = score >= policy.thresholds.mustInspect ? 'must-inspect' : score >= policy.thresholds.mayInspect ? 'may-inspect' : null;
    let byWindow: Tier | null = null;
    if (policy.windows) {
      const w = inspectionWindow(policy.windows, score, grade, new Set(findings.map((f) => f.code)), lastInspection(input), input.now);
      reasons.push(w.reason);
      byWindow = w.tier;
    }
    if (byScore === 'must-inspect' || (byScore === 'may-inspect' && byWindow !== 'must-inspect')) return { score, tier: byScore, reasons, selection: 'score', draw };
    if (byWindow) return { score, tier: byWindow, reasons, selection: 'window', draw };
    if (has('unexpected')) return { score, tier: 'may-inspect', reasons, selection: 'unexpected', draw };
  }

  const cleanAt = lastClean(input);
  if (policy.burdenCap && !live && cleanAt !== null && input.now - cleanAt < policy.burdenCap.cleanWithinDays * 86_400_000) {
    const on = new Date(cleanAt).toISOString().slice(0, 10);
    const reason = { code: 'BURDEN_CAP', points: 0, text: `${on} 检查无问题，${policy.burdenCap.cleanWithinDays} 天内免于随机抽检`, textEn: `inspected clean on ${on}: exempt from random draws for ${policy.burdenCap.cleanWithinDays} days`, evidence: on };
    return { score, tier: 'pass', reasons: [...reasons, reason], selection: 'exempt', draw };
  }

  const { credit, control } = draw;
  if (credit < rate) {
    return { score, tier: 'random-sample', reasons: [...reasons, drawReason('DRAW_CREDIT', `信用加权随机抽检（抽检率 ${pct(rate)}）`, `credit-weighted random sample (rate ${pct(rate)})`, credit)], selection: 'credit-random', draw };
  }
  if (control < policy.controlRate) {
    return { score, tier: 'random-sample', reasons: [...reasons, drawReason('DRAW_CONTROL', `统一对照随机抽检（抽检率 ${pct(policy.controlRate)}）`, `uniform control sample (rate ${pct(policy.controlRate)})`, control)], selection: 'control-random', draw };
  }
  return { score, tier: 'pass', reasons, selection: 'none', draw };
}

function latest(a: number | undefined, b: number | undefined): number | null {
  if (a === undefined) return b ?? null;
  return b === undefined ? a : Math.max(a, b);
}
/** The last inspection on record: the snapshot's (any authority) or this node's own, whichever is later. */
const lastInspection = (i: RuleInput) => latest(i.credit.history?.lastInspectionAt, i.local?.lastInspectionAt);
const lastClean = (i: RuleInput) => latest(i.credit.history?.lastCleanInspectionAt, i.local?.lastCleanInspectionAt);

const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;

function drawReason(code: string, text: string, textEn: string, value: number): Reason {
  return { code, points: 0, text, textEn, evidence: `draw ${value.toFixed(6)}` };
}
