import { createHash, createHmac } from 'node:crypto';

/**
 * Verifiable random draw: HMAC-SHA256(seed, passage id), the first 53 bits read as a fraction of
 * 2^53, so the value is uniform in [0, 1). Anyone holding the revealed seed can recompute it.
 */
export function drawFraction(seedHex: string, passageId: string): number {
  const mac = createHmac('sha256', Buffer.from(seedHex, 'hex')).update(passageId, 'utf8').digest();
  const hi = mac.readUInt32BE(0) >>> 11; // top 21 bits
  const lo = mac.readUInt32BE(4); // next 32 bits
  return (hi * 2 ** 32 + lo) / 2 ** 53;
}

/** The commitment published at shift start: SHA-256 of the seed bytes, hex. */
export function commitment(seedHex: string): string {
  return createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');
}
