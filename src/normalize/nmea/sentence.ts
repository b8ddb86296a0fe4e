import { fail, ok, type Failure, type Outcome } from '../outcome.js';
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

/**
 * Where the fields of a sentence lie in its line, filled in place by `scanAisSentence` so that a
 * decoder streaming a file allocates nothing per sentence.
 */
export interface SentenceSpan {
  /** Index of the '!' (or '$'). */
  at: number;
  own: boolean;
  fragmentCount: number;
  fragmentNumber: number;
  fillBits: number;
  seqStart: number;
  seqEnd: number;
  channelStart: number;
  channelEnd: number;
  payloadStart: number;
  payloadEnd: number;
  tag: TagBlock | null;
  tagRejected: boolean;
  end: number;
}

export function newSpan(): SentenceSpan {
  return {
    at: 0,
    own: false,
    fragmentCount: 0,
    fragmentNumber: 0,
    fillBits: 0,
    seqStart: 0,
    seqEnd: 0,
    channelStart: 0,
    channelEnd: 0,
    payloadStart: 0,
    payloadEnd: 0,
    tag: null,
    tagRejected: false,
    end: 0,
  };
}

/** Comma positions of the sentence being scanned (scanning is synchronous, so one scratch serves every call). */
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
 * Scans the sentence starting at `from` (after blanks) and ending by `to`, into `s`. Returns null
 * when it is a well-formed AIVDM/AIVDO sentence, else why not. A leading tag block is split off and
 * parsed; anything after the two checksum digits is left to the caller (some receivers append
 * their own timestamps there; some feeds put a second tagged sentence on the same line).
 */
export function scanAisSentence(line: string, from: number, to: number, s: SentenceSpan): Failure | null {
  let at = from;
  while (at < to && line.charCodeAt(at) <= 32) at++;
  s.tag = null;
  s.tagRejected = false;
  if (line.charCodeAt(at) === 92 /* \ */) {
    let close = at + 1;
    while (close < to && line.charCodeAt(close) !== 92) close++;
    if (close >= to) return fail('KAKOU_E_NMEA_FRAMING', 'unterminated tag block');
    s.tag = parseTagBlock(line.slice(at + 1, close));
    s.tagRejected = s.tag === null;
    at = close + 1;
  }
  const c0 = line.charCodeAt(at);
  if ((c0 !== 33 /* ! */ && c0 !== 36) /* $ */ || to - at < 15)
    return fail('KAKOU_E_NMEA_FRAMING', 'no !--VDM sentence');
  // One pass from the '!' to the '*' computes the checksum and finds the field boundaries: this
  // runs for every sentence of every feed, and was the largest single cost of decoding.
  let x = 0;
  let n = 0;
  let star = at + 1;
  for (; star < to; star++) {
    const c = line.charCodeAt(star);
    if (c === 42 /* * */) break;
    x ^= c;
    if (c === 44 /* , */) {
      if (n < 8) COMMAS[n] = star;
      n++;
    }
  }
  if (star + 3 > to) return fail('KAKOU_E_NMEA_FRAMING', 'no checksum');
  const hi = hexValue(line.charCodeAt(star + 1));
  const lo = hexValue(line.charCodeAt(star + 2));
  if (hi < 0 || lo < 0 || hi * 16 + lo !== x) {
    return fail(
      'KAKOU_E_NMEA_CHECKSUM',
      `checksum ${line.slice(star + 1, star + 3)}, computed ${nmeaChecksum(line, at + 1, star)}`,
    );
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
  const kindOk =
    c1 - at === 6 &&
    line.charCodeAt(c1 - 3) === 86 /* V */ &&
    line.charCodeAt(c1 - 2) === 68 /* D */ &&
    (line.charCodeAt(c1 - 1) === 77 /* M */ || line.charCodeAt(c1 - 1) === 79) /* O */;
  if (!kindOk) return fail('KAKOU_E_NMEA_FRAMING', `sentence ${line.slice(at + 1, c1)} is not VDM/VDO`);
  const fragmentCount = digit(line, c1 + 1, c2, -1);
  const fragmentNumber = digit(line, c2 + 1, c3, -1);
  const fillBits = digit(line, c6 + 1, c7, 0);
  if (fragmentCount < 1 || fragmentNumber < 1 || fragmentNumber > fragmentCount) {
    return fail('KAKOU_E_NMEA_FRAMING', `bad fragment ${line.slice(c2 + 1, c3)}/${line.slice(c1 + 1, c2)}`);
  }
  if (fillBits < 0 || fillBits > 5) return fail('KAKOU_E_NMEA_FRAMING', `bad fill bits ${line.slice(c6 + 1, c7)}`);
  s.at = at;
  s.own = line.charCodeAt(c1 - 1) === 79;
  s.fragmentCount = fragmentCount;
  s.fragmentNumber = fragmentNumber;
  s.fillBits = fillBits;
  s.seqStart = c3 + 1;
  s.seqEnd = c4;
  s.channelStart = c4 + 1;
  s.channelEnd = c5;
  s.payloadStart = c5 + 1;
  s.payloadEnd = c6;
  s.end = star + 3;
  return null;
}

/** The scanned sentence as an object of its own (strings cut out of the line). */
export function spanToSentence(line: string, s: SentenceSpan): AisSentence {
  return {
    talker: line.slice(s.at + 1, s.at + 3),
    own: s.own,
    fragmentCount: s.fragmentCount,
    fragmentNumber: s.fragmentNumber,
    sequenceId: line.slice(s.seqStart, s.seqEnd),
    channel: line.slice(s.channelStart, s.channelEnd),
    payload: line.slice(s.payloadStart, s.payloadEnd),
    fillBits: s.fillBits,
    tag: s.tag,
    tagRejected: s.tagRejected,
    end: s.end,
  };
}

/** Parses the sentence starting at `from`; see `scanAisSentence`. */
export function parseAisSentence(line: string, from = 0): Outcome<AisSentence> {
  const s = newSpan();
  return scanAisSentence(line, from, line.length, s) ?? ok(spanToSentence(line, s));
}

/** Builds a sentence with its checksum: used by the simulator and by tests. */
export function formatSentence(body: string): string {
  return `!${body}*${nmeaChecksum(body)}`;
}
