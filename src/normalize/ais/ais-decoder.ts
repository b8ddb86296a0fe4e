import { parseAisSentence } from '../nmea/sentence.js';
import { fail, type Outcome } from '../outcome.js';
import { FragmentAssembler, type AssemblerOptions, DEFAULT_ASSEMBLER } from './assembler.js';
import { dearmour } from './bits.js';
import { decodeAis } from './decode.js';
import type { AisMessage } from './messages.js';

/**
 * Line-in, message-out AIS decoder: framing and checksum, reassembly, de-armouring, decoding.
 * `feed` returns ok(null) for a fragment that is waiting for the rest of its group.
 */
export class AisDecoder {
  private readonly assembler: FragmentAssembler;

  constructor(opts: AssemblerOptions = DEFAULT_ASSEMBLER) {
    this.assembler = new FragmentAssembler(opts);
  }

  /** Groups dropped incomplete so far (timeouts and bound). */
  get droppedGroups(): number {
    return this.assembler.dropped;
  }

  feed(line: string, source: string, now: number): Outcome<AisMessage | null> {
    const sentence = parseAisSentence(line);
    if (!sentence.ok) return sentence;
    const whole = this.assembler.add(sentence.value, source, now);
    if (!whole.ok || whole.value === null) return whole as Outcome<null>;
    const bits = dearmour(whole.value.payload, whole.value.fillBits);
    if (!bits.ok) return bits;
    if (bits.value.length <= 0) return fail('KAKOU_E_AIS_BIT_COUNT', 'empty payload');
    return decodeAis(bits.value);
  }
}
