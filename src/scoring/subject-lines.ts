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
  policy: Policy,
  shift: (at: number) => ShiftDraw,
  now: number,
): Generator<ScoredLine> {
  let n = 0;
  for (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { line: n, ok: false, problems: [`not JSON: ${(err as Error).message}`] };
      continue;
    }
    const problems = subjectProblems(value);
    if (problems.length > 0) {
      yield { line: n, ok: false, problems };
      continue;
    }
    const subject = value as SubjectLine;
    const scored = subjectToInput(subject, now);
    // A backtest passage is its own draw unit; a scored subject is drawn under its target id.
    const input = subject.passageId ? { ...scored, track: { ...scored.track, id: subject.passageId } } : scored;
    const { shiftId, seedHex } = shift(input.now);
    const decision = decide(input, policy, { passageId: [shiftId, input.track.id].join(':'), seedHex });
    yield { line: n, ok: true, subject, id: input.id, at: input.now, decision };
  }
}
