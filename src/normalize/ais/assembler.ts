import type { TagBlock } from '../nmea/tag-block.js';
import { fail, ok, type Outcome } from '../outcome.js';
import type { AisSentence } from '../nmea/sentence.js';

interface Group {
  parts: string[];
  fillBits: number;
  firstAt: number;
  tag: TagBlock | null;
}

export interface AssemblerOptions {
  /** A group not completed within this time is dropped. */
  timeoutMs: number;
  /** Hard bound on incomplete groups held at once (memory bound against fragment floods). */
  maxPending: number;
}

export const DEFAULT_ASSEMBLER: AssemblerOptions = { timeoutMs: 10_000, maxPending: 1024 };

export interface Whole {
  payload: string;
  fillBits: number;
  /** The tag block of the first sentence: it carries the group's source and time. */
  tag: TagBlock | null;
}

/**
 * Reassembles multi-sentence messages. Fragments are keyed by source, channel and sequential
 * message id (or by the tag block's group id when there is one, since later sentences of a group
 * often carry only `g:`), so interleaved groups from different receivers or channels do not
 * corrupt each other. Memory is bounded: at most `maxPending` groups of at most 9 fragments.
 */
export class FragmentAssembler {
  private readonly pending = new Map<string, Group>();
  private lastSweep = 0;
  /** Groups dropped incomplete (timeout, bound, or superseded). */
  dropped = 0;

  constructor(private readonly opts: AssemblerOptions = DEFAULT_ASSEMBLER) {}

  get size(): number {
    return this.pending.size;
  }

  /** Returns the whole payload when the group completes, null while it is still incomplete. */
  add(s: AisSentence, source: string, now: number): Outcome<Whole | null> {
    if (s.fragmentCount === 1) return ok({ payload: s.payload, fillBits: s.fillBits, tag: s.tag });
    if (now - this.lastSweep > 1000) this.sweep(now);
    const g = s.tag?.group;
    const key = g
      ? `${source}|g|${g.id}|${s.fragmentCount}`
      : `${source}|${s.tag?.source ?? ''}|${s.channel}|${s.sequenceId}|${s.fragmentCount}`;
    const group = this.pending.get(key);
    if (s.fragmentNumber === 1) {
      if (group) this.dropped++;
      if (!group && this.pending.size >= this.opts.maxPending) this.evictOldest();
      this.pending.set(key, { parts: [s.payload], fillBits: s.fillBits, firstAt: now, tag: s.tag });
      return ok(null);
    }
    if (!group)
      return fail('KAKOU_E_AIS_FRAGMENT', `fragment ${s.fragmentNumber}/${s.fragmentCount} without its first`);
    if (group.parts.length + 1 !== s.fragmentNumber) {
      this.pending.delete(key);
      this.dropped++;
      return fail(
        'KAKOU_E_AIS_FRAGMENT',
        `fragment ${s.fragmentNumber} after ${group.parts.length} of ${s.fragmentCount}`,
      );
    }
    group.parts.push(s.payload);
    group.fillBits = s.fillBits;
    if (group.parts.length < s.fragmentCount) return ok(null);
    this.pending.delete(key);
    return ok({ payload: group.parts.join(''), fillBits: group.fillBits, tag: group.tag });
  }

  sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, g] of this.pending) {
      if (now - g.firstAt > this.opts.timeoutMs) {
        this.pending.delete(key);
        this.dropped++;
      }
    }
  }

  private evictOldest(): void {
    // Map iteration order is insertion order, so the first key is the oldest group.
    const first = this.pending.keys().next();
    if (!first.done) {
      this.pending.delete(first.value);
      this.dropped++;
    }
  }
}
