import { commitment, referenceDrawFraction } from './draw.js';

export interface RecordedDecision {
  passageId: string;
  tier: string;
  selection: string;
  draw: { passageId: string; credit: number; control: number; rate: number; controlRate: number } | null;
}

/** Selections decided by the draws themselves. */
const DRAWN = new Set(['credit-random', 'control-random', 'none']);

export interface DrawProblem {
  passageId: string;
  problem: string;
}

/**
 * Recomputes every recorded draw from the revealed seed and checks that each decision that went to
 * the draw was selected exactly as its draw and rates say. Pure: the same input gives the same verdict anywhere.
 */
export function verifyDraws(
  seedHex: string,
  decisions: readonly RecordedDecision[],
  expectedCommitment?: string,
): { checked: number; problems: DrawProblem[] } {
  const problems: DrawProblem[] = [];
  if (expectedCommitment && commitment(seedHex) !== expectedCommitment.toLowerCase()) {
    problems.push({ passageId: '*', problem: `seed does not match the commitment ${expectedCommitment}` });
  }
  let checked = 0;
  for (const d of decisions) {
    if (!d.draw) continue;
    checked++;
    const credit = referenceDrawFraction(seedHex, d.draw.passageId);
    const control = referenceDrawFraction(seedHex, `${d.draw.passageId}#control`);
    if (d.draw.passageId !== d.passageId)
      problems.push({ passageId: d.passageId, problem: `draw was made for passage ${d.draw.passageId}` });
    if (credit !== d.draw.credit)
      problems.push({ passageId: d.passageId, problem: `credit draw recorded ${d.draw.credit}, recomputed ${credit}` });
    if (control !== d.draw.control)
      problems.push({
        passageId: d.passageId,
        problem: `control draw recorded ${d.draw.control}, recomputed ${control}`,
      });
    // Targeted and exempt passages are drawn too (the control sample spans every passage), but
    // their tier came from elsewhere: only the draw values are checked for them.
    if (!DRAWN.has(d.selection)) continue;
    const expected = credit < d.draw.rate ? 'credit-random' : control < d.draw.controlRate ? 'control-random' : 'none';
    const expectedTier = expected === 'none' ? 'pass' : 'random-sample';
    if (d.selection !== expected || d.tier !== expectedTier) {
      problems.push({
        passageId: d.passageId,
        problem: `selected ${d.selection} (${d.tier}); the draw says ${expected} (${expectedTier})`,
      });
    }
  }
  return { checked, problems };
}
