import type { Decision } from '../domain/target.js';
import { decide } from './decide.js';
import type { Policy } from './policy.js';
import { subjectProblems, subjectToInput, type SubjectLine } from './subject-input.js';

/** The shift a line is scored in: its id prefixes each passage id, its seed draws it. */
export interface ShiftDraw {
  shiftId: string;
  seedHex: string;
}

export type ScoredLine =
  | { line: number; ok: true; subject: SubjectLine; id: string; at: number; decision: Decision }
  | { line: number; ok: false; problems: string[] };

/**
 * Scores kakou-subject/1 JSON Lines one by one: a line that does not parse or validate is
 * reported with its problems and the rest are still scored. Each line's draw uses the passage id
 * (its passageId, else its target id) under the shift given.
 */
export function* scoreLines(
  lines: Iterable<string>,
  policy: Policy | ((at: number) => Policy),
  shift: (at: number) => ShiftDraw,
  now: number,
): Generator<ScoredLine> {
  let n = 0;
  for (const text of lines) {
    n++;
    const scored = scoreLine(text, n, policy, shift, now);
    if (scored) yield scored;
  }
}

/**
 * One line scored, or null for a blank one. `policy` may depend on the passage's time (score
 * thresholds set by volume follow the traffic before it: volume-thresholds.ts).
 */
export function scoreLine(
  text: string,
  n: number,
  policy: Policy | ((at: number) => Policy),
  shift: (at: number) => ShiftDraw,
  now: number,
): ScoredLine | null {
  if (text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { line: n, ok: false, problems: [`not JSON: ${(err as Error).message}`] };
  }
  const problems = subjectProblems(value);
  if (problems.length > 0) return { line: n, ok: false, problems };
  const subject = value as SubjectLine;
  const scored = subjectToInput(subject, now);
  // A backtest passage is its own draw unit; a scored subject is drawn under its target id.
  const input = subject.passageId ? { ...scored, track: { ...scored.track, id: subject.passageId } } : scored;
  const { shiftId, seedHex } = shift(input.now);
  const p = typeof policy === 'function' ? policy(input.now) : policy;
  const decision = decide(input, p, { passageId: [shiftId, input.track.id].join(':'), seedHex });
  return { line: n, ok: true, subject, id: input.id, at: input.now, decision };
}
