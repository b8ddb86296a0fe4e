import type { Policy } from '../policy.js';
import { scoreLine } from '../subject-lines.js';
import { ScoreVolume, withCutoffs } from '../volume-thresholds.js';
import { replayed, type ReplayedPassage } from './backtest.js';

const SHIFT_MS = 8 * 3_600_000;

/**
 * Replays kakou-subject/1 lines under a policy, in time order: each passage is decided under the
 * cut-offs the traffic before it sets (thresholds by volume), with the draws of its shift under
 * `seedHex`. Bad lines are handed to `bad` and skipped.
 */
export async function replayPassages(
  lines: AsyncIterable<string>,
  policy: Policy,
  seedHex: string,
  now: number,
  bad: (line: number, problems: string[]) => void,
): Promise<ReplayedPassage[]> {
  let lastShift = { start: Number.NaN, draw: { shiftId: '', seedHex } };
  const shift = (at: number) => {
    const start = Math.floor(at / SHIFT_MS) * SHIFT_MS;
    if (start !== lastShift.start)
      lastShift = { start, draw: { shiftId: new Date(start).toISOString().slice(0, 13), seedHex } };
    return lastShift.draw;
  };
  const volume = new ScoreVolume(policy);
  const policyAt = (at: number) => withCutoffs(policy, volume.cutoffs(at));
  const passages: ReplayedPassage[] = [];
  let n = 0;
  for await (const text of lines) {
    const r = scoreLine(text, ++n, policyAt, shift, now);
    if (r === null) continue;
    if (!r.ok) {
      bad(r.line, r.problems);
      continue;
    }
    volume.add(r.at, r.decision.score, r.decision.selection === 'overriding');
    passages.push(replayed(r.subject.passageId ?? `line-${r.line}`, r.at, r.subject.kind, r.decision));
  }
  return passages;
}
