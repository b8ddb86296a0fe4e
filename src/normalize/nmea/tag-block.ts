import { nmeaChecksum } from './checksum.js';

/** The IEC 61162-450 / 62320 tag block before a sentence: `\s:rORBCOMM008,c:1418169601,g:1-2-1604*37\`. */
export interface TagBlock {
  /** s: the receiving station or source. */
  source: string | null;
  /** c: receiver time, epoch milliseconds (the field is seconds; some feeds send milliseconds). */
  timeMs: number | null;
  /** g: this sentence's place in a group that spans several sentences, linked by id. */
  group: { sentence: number; size: number; id: string } | null;
}

/**
 * Parses the text between the backslashes. Returns null when the tag block's own checksum fails:
 * the sentence after it has a checksum of its own and is still used, but nothing in a corrupt tag
 * block is trusted. Unknown parameters (n:, r:, t:, q:, T: and vendors' own) are skipped.
 */
export function parseTagBlock(text: string): TagBlock | null {
  const star = text.lastIndexOf('*');
  const body = star < 0 ? text : text.slice(0, star);
  if (star >= 0 && nmeaChecksum(body) !== text.slice(star + 1, star + 3).toUpperCase()) return null;
  const tag: TagBlock = { source: null, timeMs: null, group: null };
  for (const field of body.split(',')) {
    const colon = field.indexOf(':');
    if (colon !== 1) continue;
    const value = field.slice(2);
    switch (field[0]) {
      case 's':
        tag.source = value;
        break;
      case 'c': {
        const n = Number(value);
        if (Number.isFinite(n) && n > 0) tag.timeMs = n > 1e11 ? Math.round(n) : Math.round(n * 1000);
        break;
      }
      case 'g': {
        // "sentence-size-id"; the id may itself start with '-' (seen in the wild: g:1-2--001).
        const m = /^(\d+)-(\d+)-(.+)$/.exec(value);
        if (m) tag.group = { sentence: Number(m[1]), size: Number(m[2]), id: m[3] as string };
        break;
      }
      default:
        break;
    }
  }
  return tag;
}
