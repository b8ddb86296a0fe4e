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

function checksumMatches(line: string, from: number, star: number): boolean {
  let x = 0;
  for (let i = from; i < star; i++) x ^= line.charCodeAt(i);
  const hi = parseInt(line.slice(star + 1, star + 2), 16);
  const lo = parseInt(line.slice(star + 2, star + 3), 16);
  return hi * 16 + lo === x;
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
  const f = line.slice(at + 1, star).split(',');
  // Seven fields per IEC 61162-1; some base stations add an eighth (a radio channel or slot): tolerated.
  if (f.length < 7 || f.length > 8) return fail('KAKOU_E_NMEA_FRAMING', `expected 7 fields, got ${f.length}`);
  const [address, count, num, seq, channel, payload, fill] = f as [string, string, string, string, string, string, string];
  const kind = address.slice(-3);
  if (address.length !== 5 || (kind !== 'VDM' && kind !== 'VDO')) return fail('KAKOU_E_NMEA_FRAMING', `sentence ${address} is not VDM/VDO`);
  const fragmentCount = count.length === 1 ? count.charCodeAt(0) - 48 : -1;
  const fragmentNumber = num.length === 1 ? num.charCodeAt(0) - 48 : -1;
  const fillBits = fill === '' ? 0 : fill.length === 1 ? fill.charCodeAt(0) - 48 : -1;
  if (fragmentCount < 1 || fragmentCount > 9 || fragmentNumber < 1 || fragmentNumber > fragmentCount) {
    return fail('KAKOU_E_NMEA_FRAMING', `bad fragment ${num}/${count}`);
  }
  if (fillBits < 0 || fillBits > 5) return fail('KAKOU_E_NMEA_FRAMING', `bad fill bits ${fill}`);
  return ok({
    talker: address.slice(0, 2), own: kind === 'VDO', fragmentCount, fragmentNumber, sequenceId: seq, channel, payload, fillBits, tag, tagRejected, end: star + 3,
  });
}

/** Builds a sentence with its checksum: used by the simulator and by tests. */
export function formatSentence(body: string): string {
  return `!${body}*${nmeaChecksum(body)}`;
}
