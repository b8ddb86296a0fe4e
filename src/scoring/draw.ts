import { createHash, createHmac } from 'node:crypto';

/**
 * Verifiable random draw: HMAC-SHA256(seed, passage id), the first 53 bits read as a fraction of
 * 2^53, so the value is uniform in [0, 1). Anyone holding the revealed seed can recompute it.
 */
export function drawFraction(seedHex: string, passageId: string): number {
  // A passage is rescored many times and its draw never changes: computed once (pure, so safe to keep).
  if (seedHex !== memoSeed) {
    memo.clear();
    memoSeed = seedHex;
  }
  const known = memo.get(passageId);
  if (known !== undefined) return known;
  const mac = createHmac('sha256', Buffer.from(seedHex, 'hex')).update(passageId, 'utf8').digest();
  const hi = mac.readUInt32BE(0) >>> 11; // top 21 bits
  const lo = mac.readUInt32BE(4); // next 32 bits
  const v = (hi * 2 ** 32 + lo) / 2 ** 53;
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(passageId, v);
  return v;
}

// Draws of the current seed by passage: a new shift brings a new seed and a fresh memo.
let memoSeed = '';
const memo = new Map<string, number>();
const MEMO_MAX = 200_000;

/** The commitment published at shift start: SHA-256 of the seed bytes, hex. */
export function commitment(seedHex: string): string {
  return createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');
}
