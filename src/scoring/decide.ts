import { formatFinding } from '../domain/outcome-row.js';
import { UNSHARED, type ReasonSharing } from './reason-sharing.js';
import type { Decision, Reason, Tier } from '../domain/target.js';
import type { Finding, RuleInput, Rule } from './finding.js';
import { price, type FactorPolicy, type Policy } from './policy.js';
import { passageDraw } from './draw.js';
import { inspectionWindow } from './windows.js';
import { creditGrade, hazmatQualification, listMembership, notInSnapshot } from './rules/credit-rules.js';
import { history36m, vesselParticulars } from './rules/history-rules.js';
import { identityMismatch, liveAlarms, unregisteredMmsi } from './rules/live-rules.js';
import { draughtOverMax, trackSignals } from './rules/track-rules.js';
import { overload, permitChecks, sensorStale, terminalSilent, waybillChecks } from './rules/vehicle-rules.js';
import { cargoQualification } from './rules/cargo-rules.js';
import { waybillUnChecks } from './rules/waybill-un-rules.js';
import { aisNotSeen, draughtMisreported, hullNameMismatch } from './rules/sighting-rules.js';
import { pscProfile } from './rules/psc-rules.js';
import { conesAgainstDeclaration, loadStateAgainstDraught, personsOverCertificate } from './rules/voyage-rules.js';

export const RULES: readonly Rule[] = [
  listMembership,
  creditGrade,
  notInSnapshot,
  hazmatQualification,
  history36m,
  vesselParticulars,
  pscProfile,
  liveAlarms,
  identityMismatch,
  unregisteredMmsi,
  trackSignals,
  draughtOverMax,
  conesAgainstDeclaration,
  personsOverCertificate,
  loadStateAgainstDraught,
  aisNotSeen,
  hullNameMismatch,
  draughtMisreported,
  waybillChecks,
  waybillUnChecks,
  permitChecks,
  overload,
  sensorStale,
  terminalSilent,
  cargoQualification,
];

interface Priced {
  f: Finding;
  points: number;
  effect: FactorPolicy['effect'];
}

const byPointsThenCode = (a: Priced, b: Priced) => b.points - a.points || a.f.code.localeCompare(b.f.code);

/** The passage being decided and the committed seed of the shift it is drawn in. */
export interface PassageSeed {
  passageId: string;
  seedHex: string;
}

/**
 * Decides one target: a pure function of (track, credit profile, policy, draw). Rules say what
 * they found; the policy prices each factor and says which ones override. Points only ever add,
 * so worse credit or a new alarm never lowers a score. Trusted subjects (red list, grade AA) skip
 * the score tiers unless a live signal is present; everyone else who passes the score tiers still
 * faces the credit-weighted draw and the uniform control draw. A policy with inspection windows
 * (Paris and Tokyo MoU presets) also selects by the time since the last inspection, and one with
 * a burden cap spares a subject inspected recently. `previousDraw`, the draw of the target's last
 * rescore, is reused when it is of the same passage. `share` lets a live list
 * share recurring reasons between its targets (reason-sharing.ts); the decision is the same.
 */
export function decide(
  input: RuleInput,
  policy: Policy,
  passage: PassageSeed,
  rules: readonly Rule[] = RULES,
  previousDraw?: Decision['draw'],
  share: ReasonSharing = UNSHARED,
): Decision {
  // Loops rather than flatMap/map/filter: this runs for every changed target on every rescore.
  const priced: Priced[] = [];
  // Inspection windows look at which factors were found, priced or not.
  const found = policy.windows ? new Set<string>() : null;
  // What the policy does not price is kept too (by code, with its units when more than one), so
  // the central can refit prices from outcomes, those of factors priced at nothing included.
  let unpriced: string[] | null = null;
  for (const rule of rules) {
    for (const f of rule(input)) {
      found?.add(f.code);
      const { points, effect } = price(policy, f.code, f.units);
      if (points > 0 || effect !== undefined) priced.push({ f, points, effect });
      else (unpriced ??= []).push(formatFinding(f.code, f.units ?? 1));
    }
  }
  const decision = select(input, policy, passage, previousDraw, share, priced, found);
  decision.unpriced = unpriced === null ? NOTHING : share.codes(unpriced);
  return decision;
}

const NOTHING: readonly string[] = Object.freeze([]);

/** The tier from the priced findings: overriding factors, the score, the window, then the draws. */
function select(
  input: RuleInput,
  policy: Policy,
  passage: PassageSeed,
  previousDraw: Decision['draw'] | undefined,
  share: ReasonSharing,
  priced: Priced[],
  found: Set<string> | null,
): Decision {
  if (priced.length > 1) priced.sort(byPointsThenCode);
  let score = 0;
  let live = false;
  let overriding = false;
  let goodCredit = false;
  let unexpected = false;
  // A live signal the subject did not carry when this node last inspected it: new cause.
  let freshLive = false;
  const before = input.local?.reasonsAtLastInspection;
  // Sized up front: an array grown by push reserves 17 slots, kept for the target's life.
  const reasons: Reason[] = new Array<Reason>(priced.length);
  for (let i = 0; i < priced.length; i++) {
    const { f, points, effect } = priced[i] as Priced;
    score += points;
    if (f.live) {
      live = true;
      if (!before?.includes(f.code)) freshLive = true;
    }
    if (effect === 'overriding') overriding = true;
    else if (effect === 'good-credit') goodCredit = true;
    else if (effect === 'unexpected') unexpected = true;
    reasons[i] = share.reason(f, points);
  }
  score = Math.min(100, score);
  const grade = input.credit.grade;
  const trusted = goodCredit && !live;
  // The burden window (过惩相当, 无事不扰): a subject this node inspected within it is not flagged
  // again on its next passage unless a live signal appears that it did not carry then, and one
  // inspected clean anywhere is spared the credit draw while no live signal is present. The control draw still applies to every passage, so the uniform sample
  // stays unbiased; a spared passage's credit rate is recorded as 0, which verify-draws checks.
  const burden = policy.burdenCap ? policy.burdenCap.cleanWithinDays * DAY_MS : 0;
  const hereAt = input.local?.lastInspectionAt ?? null;
  const cleanAt = lastClean(input);
  const spared = !freshLive && hereAt !== null && input.now - hereAt < burden;
  const capped = spared || (!live && cleanAt !== null && input.now - cleanAt < burden);
  // Every passage is drawn, selected or not: the control sample spans all passages, so the hit
  // rate of targeting can be compared with that of a uniform sample of the same traffic.
  const rate = capped ? 0 : trusted ? policy.samplingRates.AA : policy.samplingRates[grade ?? 'unknown'];
  const draw = passageDraw(passage.seedHex, passage.passageId, rate, policy.controlRate, previousDraw);

  if (!spared) {
    if (overriding) return { score, tier: 'must-inspect', reasons, selection: 'overriding', draw };
    if (!trusted) {
      const byScore: Tier | null =
        score >= policy.thresholds.mustInspect
          ? 'must-inspect'
          : score >= policy.thresholds.mayInspect
            ? 'may-inspect'
            : null;
      let byWindow: Tier | null = null;
      if (policy.windows) {
        const w = inspectionWindow(
          policy.windows,
          score,
          grade,
          found as Set<string>,
          lastInspection(input),
          input.now,
        );
        reasons.push(w.reason);
        byWindow = w.tier;
      }
      if (byScore === 'must-inspect' || (byScore === 'may-inspect' && byWindow !== 'must-inspect'))
        return { score, tier: byScore, reasons, selection: 'score', draw };
      if (byWindow) return { score, tier: byWindow, reasons, selection: 'window', draw };
      if (unexpected) return { score, tier: 'may-inspect', reasons, selection: 'unexpected', draw };
    }
  }

  const { credit, control } = draw;
  if (capped) {
    const capReason = burdenReason(spared ? (hereAt as number) : (cleanAt as number), spared, policy);
    if (control < policy.controlRate) {
      const drawn = drawReason('DRAW_CONTROL', policy.controlRate, control, share);
      return {
        score,
        tier: 'random-sample',
        reasons: [...reasons, capReason, drawn],
        selection: 'control-random',
        draw,
      };
    }
    return { score, tier: 'pass', reasons: [...reasons, capReason], selection: 'exempt', draw };
  }
  if (credit < rate) {
    return {
      score,
      tier: 'random-sample',
      reasons: [...reasons, drawReason('DRAW_CREDIT', rate, credit, share)],
      selection: 'credit-random',
      draw,
    };
  }
  if (control < policy.controlRate) {
    return {
      score,
      tier: 'random-sample',
      reasons: [...reasons, drawReason('DRAW_CONTROL', policy.controlRate, control, share)],
      selection: 'control-random',
      draw,
    };
  }
  return { score, tier: 'pass', reasons, selection: 'none', draw };
}

const DAY_MS = 86_400_000;

/** Why a passage is spared: inspected here (not flagged again) or inspected clean (no credit draw) within the window. */
function burdenReason(at: number, here: boolean, policy: Policy): Reason {
  const on = new Date(at).toISOString().slice(0, 10);
  const days = policy.burdenCap?.cleanWithinDays ?? 0;
  return here
    ? {
        code: 'BURDEN_CAP',
        points: 0,
        text: `${on} 已在本卡口检查，${days} 天内不重复标记（对照抽检照常）`,
        textEn: `inspected at this checkpoint on ${on}: not flagged again for ${days} days (control sample still applies)`,
        evidence: on,
      }
    : {
        code: 'BURDEN_CAP',
        points: 0,
        text: `${on} 检查无问题，${days} 天内免于信用加权抽检`,
        textEn: `inspected clean on ${on}: exempt from the credit-weighted draw for ${days} days`,
        evidence: on,
      };
}

function latest(a: number | undefined, b: number | undefined): number | null {
  if (a === undefined) return b ?? null;
  return b === undefined ? a : Math.max(a, b);
}
/** The last inspection on record: the snapshot's (any authority) or this node's own, whichever is later. */
const lastInspection = (i: RuleInput) => latest(i.credit.history?.lastInspectionAt, i.local?.lastInspectionAt);
const lastClean = (i: RuleInput) => latest(i.credit.history?.lastCleanInspectionAt, i.local?.lastCleanInspectionAt);

const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;

const DRAW_TEXT: Record<'DRAW_CREDIT' | 'DRAW_CONTROL', (p: string) => [string, string]> = {
  DRAW_CREDIT: (p) => [`信用加权随机抽检（抽检率 ${p}）`, `credit-weighted random sample (rate ${p})`],
  DRAW_CONTROL: (p) => [`统一对照随机抽检（抽检率 ${p}）`, `uniform control sample (rate ${p})`],
};

function drawReason(code: 'DRAW_CREDIT' | 'DRAW_CONTROL', rate: number, value: number, share: ReasonSharing): Reason {
  const [text, textEn] = DRAW_TEXT[code](pct(rate));
  return {
    code,
    points: 0,
    text: share.text(text),
    textEn: share.text(textEn),
    evidence: ['u', value.toFixed(6)].join('='),
  };
}
