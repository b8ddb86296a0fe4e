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

/** A hex digit's value, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const u = c & ~32;
  return u >= 65 && u <= 70 ? u - 55 : -1;
}

function checksumMatches(line: string, from: number, star: number): boolean {
  let x = 0;
  for (let i = from; i < star; i++) x ^= line.charCodeAt(i);
  const hi = hexValue(line.charCodeAt(star + 1));
  const lo = hexValue(line.charCodeAt(star + 2));
  return hi >= 0 && lo >= 0 && hi * 16 + lo === x;
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
  const star = line.indexOf('*', at);
  if (star < 0 || star + 3 > line.length) return fail('KAKOU_E_NMEA_FRAMING', 'no checksum');
  if (!checksumMatches(line, at + 1, star)) {
    return fail('KAKOU_E_NMEA_CHECKSUM', `checksum ${line.slice(star + 1, star + 3)}, computed ${nmeaChecksum(line, at + 1, star)}`);
  }
  // Fields located by their commas rather than split(): this runs for every sentence of a feed.
  const commas = [0, 0, 0, 0, 0, 0, 0];
  let c = at;
  for (let i = 0; i < 7; i++) {
    c = line.indexOf(',', c + 1);
    if (c < 0 || c > star) {
      if (i === 6) {
        commas[6] = star; // the fill-bits field ends at the checksum
        break;
      }
      return fail('KAKOU_E_NMEA_FRAMING', `expected 7 fields, got ${i + 1}`);
    }
    commas[i] = c;
  }
  // Seven fields per IEC 61162-1; some base stations add an eighth (a radio channel or slot): tolerated.
  if (commas[6] !== star && line.indexOf(',', (commas[6] as number) + 1) >= 0 && line.indexOf(',', (commas[6] as number) + 1) < star) {
    return fail('KAKOU_E_NMEA_FRAMING', 'more than 8 fields');
  }
  const [c1, c2, c3, c4, c5, c6, c7] = commas as [number, number, number, number, number, number, number];
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
