import { fail, ok, type Outcome } from '../outcome.js';

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
  /** IEC 62320 tag block text, without the backslashes, if one preceded the sentence. */
  tagBlock: string | null;
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** XOR of the characters between the start delimiter and '*'. */
export function nmeaChecksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return hex2(x);
}

/**
 * Parses one line. A leading tag block is split off; anything after the two checksum digits is
 * tolerated (some receivers append their own timestamps there).
 */
export function parseAisSentence(input: string): Outcome<AisSentence> {
  let line = input.trim();
  let tagBlock: string | null = null;
  if (line.startsWith('\\')) {
    const end = line.indexOf('\\', 1);
    if (end < 0) return fail('KAKOU_E_NMEA_FRAMING', 'unterminated tag block');
    tagBlock = line.slice(1, end);
    line = line.slice(end + 1);
  }
  if (line[0] !== '!' || line.length < 15) return fail('KAKOU_E_NMEA_FRAMING', 'no !--VDM sentence');
  const star = line.indexOf('*');
  if (star < 0 || star + 3 > line.length) return fail('KAKOU_E_NMEA_FRAMING', 'no checksum');
  const body = line.slice(1, star);
  const given = line.slice(star + 1, star + 3).toUpperCase();
  if (nmeaChecksum(body) !== given) return fail('KAKOU_E_NMEA_CHECKSUM', `checksum ${given}, computed ${nmeaChecksum(body)}`);
  const f = body.split(',');
  if (f.length !== 7) return fail('KAKOU_E_NMEA_FRAMING', `expected 7 fields, got ${f.length}`);
  const [address, count, num, seq, channel, payload, fill] = f as [string, string, string, string, string, string, string];
  const kind = address.slice(2);
  if (address.length !== 5 || (kind !== 'VDM' && kind !== 'VDO')) return fail('KAKOU_E_NMEA_FRAMING', `sentence ${address} is not VDM/VDO`);
  const fragmentCount = Number(count);
  const fragmentNumber = Number(num);
  const fillBits = fill === '' ? 0 : Number(fill);
  if (!Number.isInteger(fragmentCount) || fragmentCount < 1 || fragmentCount > 9 ||
      !Number.isInteger(fragmentNumber) || fragmentNumber < 1 || fragmentNumber > fragmentCount) {
    return fail('KAKOU_E_NMEA_FRAMING', `bad fragment ${num}/${count}`);
  }
  if (!Number.isInteger(fillBits) || fillBits < 0 || fillBits > 5) return fail('KAKOU_E_NMEA_FRAMING', `bad fill bits ${fill}`);
  return ok({
    talker: address.slice(0, 2),
    own: kind === 'VDO',
    fragmentCount,
    fragmentNumber,
    sequenceId: seq,
    channel,
    payload,
    fillBits,
    tagBlock,
  });
}

/** Builds a sentence with its checksum: used by the simulator and by tests. */
export function formatSentence(body: string): string {
  return `!${body}*${nmeaChecksum(body)}`;
}
