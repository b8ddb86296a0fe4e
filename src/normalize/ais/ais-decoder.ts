import type { ErrorCode } from '../../errors.js';
import type { TagBlock } from '../nmea/tag-block.js';
import { parseAisSentence, type AisSentence } from '../nmea/sentence.js';
import { fail, type Outcome } from '../outcome.js';
import { FragmentAssembler, type AssemblerOptions, DEFAULT_ASSEMBLER } from './assembler.js';
import { AisBits } from './bits.js';
import { decodeAis } from './decode.js';
import type { AisMessage } from './messages.js';

export interface LineSink {
  message(m: AisMessage, tag: TagBlock | null): void;
  reject(code: ErrorCode, detail: string): void;
  /** A tag block whose checksum failed: ignored, the sentence after it still used. */
  tagRejected?(): void;
}

/**
 * Line-in, message-out AIS decoder: framing and checksum, tag blocks, reassembly, de-armouring,
 * decoding. Pure apart from the reassembly state; never throws on input.
 */
export class AisDecoder {
  private readonly assembler: FragmentAssembler;
  /** The tag block of the message completed last (its first sentence's). */
  private tag: TagBlock | null = null;
  private readonly bits = new AisBits();

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
    const sentence = parseAisSentence(line);
    if (!sentence.ok) return sentence;
    return this.complete(sentence.value, source, now);
  }

  /**
   * Every sentence of a line (some feeds put two tagged sentences on one line); text after a
   * checksum that does not start another sentence is ignored. Returns the number of sentences seen.
   */
  feedLine(line: string, source: string, now: number, sink: LineSink): number {
    const c0 = line.charCodeAt(0);
    // Captures with a prefix before the sentence (line numbers, receiver time stamps) are read from its start.
    let at = c0 === 33 || c0 === 92 || c0 === 36 ? 0 : Math.max(0, sentenceStart(line, 0));
    let sentences = 0;
    for (;;) {
      const s = parseAisSentence(line, at);
      sentences++;
      if (!s.ok) {
        sink.reject(s.code, s.detail);
        return sentences;
      }
      if (s.value.tagRejected) sink.tagRejected?.();
      const r = this.complete(s.value, source, now);
      if (!r.ok) sink.reject(r.code, r.detail);
      else if (r.value) sink.message(r.value, this.tag);
      at = s.value.end;
      const start = sentenceStart(line, at);
      if (start < 0 || line.slice(at, start).includes(',')) return sentences;
      at = start;
    }
  }

  private complete(s: AisSentence, source: string, now: number): Outcome<AisMessage | null> {
    // Nine sentences in ten are whole messages: they skip the assembler and its allocations.
    if (s.fragmentCount === 1) return this.decode(s.payload, s.fillBits, s.tag);
    const whole = this.assembler.add(s, source, now);
    if (!whole.ok || whole.value === null) return whole as Outcome<null>;
    return this.decode(whole.value.payload, whole.value.fillBits, whole.value.tag);
  }

  private decode(payload: string, fillBits: number, tag: TagBlock | null): Outcome<AisMessage> {
    this.tag = tag;
    const bad = this.bits.load(payload, fillBits);
    if (bad >= 0) return fail('KAKOU_E_AIS_ARMOUR', `character "${payload[bad]}" at ${bad}`);
    if (this.bits.length <= 0) return fail('KAKOU_E_AIS_BIT_COUNT', 'empty payload');
    return decodeAis(this.bits);
  }
}

/** Where the next tag block or sentence starts at or after `from`, or -1. */
function sentenceStart(line: string, from: number): number {
  const tag = line.indexOf('\\', from);
  const bang = line.indexOf('!', from);
  return tag < 0 ? bang : bang < 0 ? tag : Math.min(tag, bang);
}
