import type { ErrorCode } from '../../errors.js';
import type { TagBlock } from '../nmea/tag-block.js';
import { newSpan, scanAisSentence, spanToSentence, type SentenceSpan } from '../nmea/sentence.js';
import { fail, ok, type Outcome } from '../outcome.js';
import { FragmentAssembler, type AssemblerOptions, DEFAULT_ASSEMBLER } from './assembler.js';
import { AisBits } from './bits.js';
import { decodeAis } from './decode.js';
import type { AisMessage } from './messages.js';

export interface LineSink {
  message(m: AisMessage, tag: TagBlock | null): void;
  reject(code: ErrorCode, detail: string): void;
  /** A tag block whose checksum failed: ignored, the sentence after it still used. */
  tagRejected?(): void;
  /**
   * Offered each complete payload before it is decoded into an object; returns true when it has
   * taken the message itself (`kakou ais decode` writes JSON straight from the bits this way).
   * Whatever it declines is decoded, and delivered or rejected, as usual.
   */
  bits?(b: AisBits, tag: TagBlock | null): boolean;
}

/**
 * Line-in, message-out AIS decoder: framing and checksum, tag blocks, reassembly, de-armouring,
 * decoding. Pure apart from the reassembly state; never throws on input.
 */
export class AisDecoder {
  private readonly assembler: FragmentAssembler;
  private readonly bits = new AisBits();
  private readonly span: SentenceSpan = newSpan();
  /** What `feed` hands back: the one sentence's outcome. */
  private last: Outcome<AisMessage | null> = ok(null);
  private readonly capture: LineSink = {
    message: (m) => {
      this.last = ok(m);
    },
    reject: (code, detail) => {
      this.last = fail(code, detail);
    },
  };

  constructor(opts: AssemblerOptions = DEFAULT_ASSEMBLER) {
    this.assembler = new FragmentAssembler(opts);
  }

  /** Groups dropped incomplete so far (timeouts and bound). */
  get droppedGroups(): number {
    return this.assembler.dropped;
  }

  /** Incomplete groups held now. */
  get pendingGroups(): number {
    return this.assembler.size;
  }

  /** One sentence: ok(null) for a fragment that is waiting for the rest of its group. */
  feed(line: string, source: string, now: number): Outcome<AisMessage | null> {
    const bad = scanAisSentence(line, 0, line.length, this.span);
    if (bad) return bad;
    this.last = ok(null);
    this.complete(line, source, now, this.capture);
    return this.last;
  }

  /** Every sentence of a line; see `feedRange`. */
  feedLine(line: string, source: string, now: number, sink: LineSink): number {
    return this.feedRange(line, 0, line.length, source, now, sink);
  }

  /**
   * Every sentence of the line `text[from..to)` (some feeds put two tagged sentences on one line);
   * text after a checksum that does not start another sentence is ignored. Returns the number of
   * sentences seen.
   */
  feedRange(text: string, from: number, to: number, source: string, now: number, sink: LineSink): number {
    const c0 = text.charCodeAt(from);
    // Captures with a prefix before the sentence (line numbers, receiver time stamps) are read from its start.
    let at = c0 === 33 || c0 === 92 || c0 === 36 ? from : sentenceStart(text, from, to);
    if (at < 0) at = from;
    let sentences = 0;
    for (;;) {
      sentences++;
      const bad = scanAisSentence(text, at, to, this.span);
      if (bad) {
        sink.reject(bad.code, bad.detail);
        return sentences;
      }
      if (this.span.tagRejected) sink.tagRejected?.();
      this.complete(text, source, now, sink);
      at = this.span.end;
      const start = sentenceStart(text, at, to);
      if (start < 0) return sentences;
      // Another sentence, not a receiver's own fields after the checksum.
      for (let i = at; i < start; i++) if (text.charCodeAt(i) === 44 /* , */) return sentences;
      at = start;
    }
  }

  /** The sentence just scanned into `span`: decoded now, or added to its group. */
  private complete(text: string, source: string, now: number, sink: LineSink): void {
    const s = this.span;
    // Nine sentences in ten are whole messages: they skip the assembler and its allocations.
    if (s.fragmentCount === 1) {
      this.decode(text, s.payloadStart, s.payloadEnd, s.fillBits, s.tag, sink);
      return;
    }
    const whole = this.assembler.add(spanToSentence(text, s), source, now);
    if (!whole.ok) sink.reject(whole.code, whole.detail);
    else if (whole.value)
      this.decode(whole.value.payload, 0, whole.value.payload.length, whole.value.fillBits, whole.value.tag, sink);
  }

  private decode(text: string, from: number, to: number, fillBits: number, tag: TagBlock | null, sink: LineSink): void {
    const bad = this.bits.load(text, fillBits, from, to);
    if (bad >= 0) {
      sink.reject('KAKOU_E_AIS_ARMOUR', `character "${text[bad]}" at ${bad - from}`);
      return;
    }
    if (this.bits.length <= 0) {
      sink.reject('KAKOU_E_AIS_BIT_COUNT', 'empty payload');
      return;
    }
    if (sink.bits?.(this.bits, tag)) return;
    const r = decodeAis(this.bits);
    if (r.ok) sink.message(r.value, tag);
    else sink.reject(r.code, r.detail);
  }
}

/**
 * Where the next tag block or sentence starts at or after `from` and before `to`, or -1. A loop,
 * not indexOf: `text` may be a whole file chunk, and a search must not run past the line.
 */
function sentenceStart(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */ || c === 33 /* ! */) return i;
  }
  return -1;
}
