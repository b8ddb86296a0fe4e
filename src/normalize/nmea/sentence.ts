import { fail, ok, type Outcome } from '../outcome.js';
import { nmeaChecksum } from './checksum.js';
import { parseTagBlock, type TagBlock } from './tag-block.js';

export { nmeaChecksum };

/** One AIVDM/AIVDO sentence, split into its fields. */
export interface AisSentence {
  talker: string;
  /** true for AIVDO (own ship). */
  own: boolean;
  fragmentCount: number;
  fragmentNumber: number;
  /** Sequential message id linking fragments; '' for single-sentence messages. */
  sequenceId: string;
  channel: string;
  payload: string;
  fillBits: number;
  /** The tag block before the sentence; null when there was none or its checksum failed. */
  tag: TagBlock | null;
  /** true when a tag block was present but its checksum failed. */
  tagRejected: boolean;
  /** Index in the line just after this sentence's checksum: another sentence may follow there. */
  end: number;
}

/** Comma positions of the sentence being parsed (parsing is synchronous, so one scratch serves every call). */
const COMMAS = new Int32Array(8);

/** A hex digit's value, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const u = c & ~32;
  return u >= 65 && u <= 70 ? u - 55 : -1;
}

/** A one-digit field's value ('' counts as `empty`), or -1. */
function digit(line: string, from: number, to: number, empty: number): number {
  if (to === from) return empty;
  const d = line.charCodeAt(from) - 48;
  return to === from + 1 && d >= 0 && d <= 9 ? d : -1;
}

/**
 * Parses the sentence starting at `from` (after blanks). A leading tag block is split off and parsed;
 * anything after the two checksum digits is left to the caller (some receivers append their own
 * timestamps there; some feeds put a second tagged sentence on the same line).
 */
export function parseAisSentence(line: string, from = 0): Outcome<AisSentence> {
  let at = from;
  while (at < line.length && line.charCodeAt(at) <= 32) at++;
  let tag: TagBlock | null = null;
  let tagRejected = false;
  if (line.charCodeAt(at) === 92 /* \ */) {
    const close = line.indexOf('\\', at + 1);
    if (close < 0) return fail('KAKOU_E_NMEA_FRAMING', 'unterminated tag block');
    tag = parseTagBlock(line.slice(at + 1, close));
    tagRejected = tag === null;
    at = close + 1;
  }
  const c0 = line.charCodeAt(at);
  if ((c0 !== 33 /* ! */ && c0 !== 36 /* $ */) || line.length - at < 15) return fail('KAKOU_E_NMEA_FRAMING', 'no !--VDM sentence');
  // One pass from the '!' to the '*' computes the checksum and finds the field boundaries: this
  // runs for every sentence of every feed, and was the largest single cost of decoding.
  let x = 0;
  let n = 0;
  let star = at + 1;
  for (const len = line.length; star < len; star++) {
    const c = line.charCodeAt(star);
    if (c === 42 /* * */) break;
    x ^= c;
    if (c === 44 /* , */) {
      if (n < 8) COMMAS[n] = star;
      n++;
    }
  }
  if (star + 3 > line.length) return fail('KAKOU_E_NMEA_FRAMING', 'no checksum');
  const hi = hexValue(line.charCodeAt(star + 1));
  const lo = hexValue(line.charCodeAt(star + 2));
  if (hi < 0 || lo < 0 || hi * 16 + lo !== x) {
    return fail('KAKOU_E_NMEA_CHECKSUM', `checksum ${line.slice(star + 1, star + 3)}, computed ${nmeaChecksum(line, at + 1, star)}`);
  }
  if (n < 6) return fail('KAKOU_E_NMEA_FRAMING', `expected 7 fields, got ${n + 1}`);
  // Seven fields per IEC 61162-1; some base stations add an eighth (a radio channel or slot): tolerated.
  if (n > 7) return fail('KAKOU_E_NMEA_FRAMING', 'more than 8 fields');
  const c1 = COMMAS[0] as number;
  const c2 = COMMAS[1] as number;
  const c3 = COMMAS[2] as number;
  const c4 = COMMAS[3] as number;
  const c5 = COMMAS[4] as number;
  const c6 = COMMAS[5] as number;
  // The fill-bits field ends at the checksum, or at the eighth field's comma.
  const c7 = n === 7 ? (COMMAS[6] as number) : star;
  const v = line.charCodeAt(c1 - 3);
  const kindOk = c1 - at === 6 && v === 86 /* V */ && line.charCodeAt(c1 - 2) === 68 /* D */ && (line.charCodeAt(c1 - 1) === 77 /* M */ || line.charCodeAt(c1 - 1) === 79 /* O */);
  if (!kindOk) return fail('KAKOU_E_NMEA_FRAMING', `sentence ${line.slice(at + 1, c1)} is not VDM/VDO`);
  const fragmentCount = digit(line, c1 + 1, c2, -1);
  const fragmentNumber = digit(line, c2 + 1, c3, -1);
  const fillBits = digit(line, c6 + 1, c7, 0);
  if (fragmentCount < 1 || fragmentNumber < 1 || fragmentNumber > fragmentCount) {
    return fail('KAKOU_E_NMEA_FRAMING', `bad fragment ${line.slice(c2 + 1, c3)}/${line.slice(c1 + 1, c2)}`);
  }
  if (fillBits < 0 || fillBits > 5) return fail('KAKOU_E_NMEA_FRAMING', `bad fill bits ${line.slice(c6 + 1, c7)}`);
  return ok({
    talker: line.slice(at + 1, at + 3), own: line.charCodeAt(c1 - 1) === 79, fragmentCount, fragmentNumber,
    sequenceId: c4 === c3 + 1 ? '' : line.slice(c3 + 1, c4), channel: line.slice(c4 + 1, c5), payload: line.slice(c5 + 1, c6),
    fillBits, tag, tagRejected, end: star + 3,
  });
}

/** Builds a sentence with its checksum: used by the simulator and by tests. */
export function formatSentence(body: string): string {
  return `!${body}*${nmeaChecksum(body)}`;
}
