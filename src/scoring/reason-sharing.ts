import type { Reason } from '../domain/target.js';
import type { Finding } from './finding.js';

/** How `decide` makes its reasons: fresh each time, or shared between targets by a SharedReasons. */
export interface ReasonSharing {
  /** The reason a finding gives at these points, frozen. */
  reason(f: Finding, points: number): Reason;
  /** A recurring text (a draw's wording at its rate). */
  text(s: string): string;
  /** A recurring list of factor codes, frozen. */
  codes(list: string[]): readonly string[];
}

const freeze = (f: Finding, points: number): Reason =>
  Object.freeze({
    code: f.code,
    text: f.text,
    textEn: f.textEn,
    ...(f.evidence !== undefined && { evidence: f.evidence }),
    points,
    ...(f.units !== undefined && f.units > 1 && { units: f.units }),
  });

/** Every reason its own object: what a one-off decision (kakou score, a test) needs. */
export const UNSHARED: ReasonSharing = { reason: freeze, text: (s) => s, codes: (list) => Object.freeze(list) };

/**
 * One shared, frozen copy of each recurring reason and text, for a live target list. Most reasons
 * recur on thousands of targets whole ("not in the credit snapshot", "grade C", with the same
 * points), and each sampled target keeps its draw's wording for the passage: shared, they cost
 * one copy each instead of one per target. Reasons are never changed after a decision (a target
 * that adds one builds a new array), so sharing is safe. Bounded: past `max` entries the memory
 * starts again from the reasons still in use.
 */
export class SharedReasons implements ReasonSharing {
  // Keyed by code and evidence (often the subject's own, so the lists stay short); the texts, long
  // and the same strings on every rescore, are compared rather than hashed.
  private readonly reasons = new Map<string, Map<string, Reason[]>>();
  private readonly texts = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();
  private count = 0;

  constructor(private readonly max = 20_000) {}

  /** Reasons, texts and code lists held. */
  get size(): number {
    return this.count + this.texts.size + this.lists.size;
  }

  reason(f: Finding, points: number): Reason {
    if (this.count >= this.max) {
      this.reasons.clear();
      this.count = 0;
    }
    let byEvidence = this.reasons.get(f.code);
    if (!byEvidence) this.reasons.set(f.code, (byEvidence = new Map()));
    const evidence = f.evidence ?? '';
    const known = byEvidence.get(evidence);
    if (known)
      for (const k of known)
        if (
          k.points === points &&
          k.text === f.text &&
          k.textEn === f.textEn &&
          k.evidence === f.evidence &&
          k.units === (f.units !== undefined && f.units > 1 ? f.units : undefined)
        )
          return k;
    const frozen = freeze(f, points);
    if (known) known.push(frozen);
    else byEvidence.set(evidence, [frozen]);
    this.count++;
    return frozen;
  }

  text(s: string): string {
    let shared = this.texts.get(s);
    if (shared === undefined) {
      if (this.texts.size >= 1_000) this.texts.clear();
      // Joined, so the copy kept is one flat string, not a rope of the parts it was built from.
      shared = [s].join('');
      this.texts.set(shared, shared);
    }
    return shared;
  }

  codes(list: string[]): readonly string[] {
    // A handful of combinations recur on every target (the low-risk criteria a domestic vessel fails).
    const key = list.join(',');
    let shared = this.lists.get(key);
    if (shared === undefined) {
      if (this.lists.size >= 1_000) this.lists.clear();
      shared = Object.freeze(list);
      this.lists.set(key, shared);
    }
    return shared;
  }
}
