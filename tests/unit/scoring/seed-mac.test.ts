import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawFraction, referenceDrawFraction } from '../../../src/scoring/draw.js';
import { SeedMac } from '../../../src/scoring/seed-mac.js';
import { prng } from '../../../src/domain/prng.js';

const bytesOf = (words: Int32Array) => {
  const b = Buffer.alloc(32);
  for (let i = 0; i < 8; i++) b.writeInt32BE(words[i] as number, 4 * i);
  return b;
};
const nodeMac = (key: Uint8Array, message: string) => createHmac('sha256', key).update(message, 'utf8').digest();

describe('the draws’ HMAC-SHA256', () => {
  it('is RFC 4231 test case 2 and 6 (a short key, a key longer than the block)', () => {
    const short = new SeedMac(Buffer.from('Jefe'));
    expect(bytesOf(short.words('what do ya want for nothing?')).toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    const long = new SeedMac(Buffer.alloc(131, 0xaa));
    expect(bytesOf(long.words('Test Using Larger Than Block-Size Key - Hash Key First')).toString('hex')).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  it('agrees with node:crypto on random keys and messages of every length across the block boundaries', () => {
    const r = prng(4231);
    for (let len = 0; len < 300; len++) {
      const key = randomBytes(Math.floor(r() * 100));
      const mac = new SeedMac(key);
      // ASCII, Chinese (three bytes each) and astral characters (four), so byte and string lengths differ.
      const chars = Array.from({ length: len }, () => {
        const x = r();
        return x < 0.6 ? String.fromCharCode(32 + Math.floor(r() * 95)) : x < 0.9 ? '船' : '𠀋';
      });
      const message = chars.join('');
      expect(bytesOf(mac.words(message)).equals(nodeMac(key, message)), `length ${len}`).toBe(true);
      // The same instance again, after a longer message has grown its buffer.
      expect(bytesOf(mac.words('p1')).equals(nodeMac(key, 'p1'))).toBe(true);
    }
  });

  it('gives the draws node:crypto gives, under several seeds in turn', () => {
    const seeds = Array.from({ length: 12 }, (_, i) => String(i % 10).repeat(64));
    for (let i = 0; i < 500; i++) {
      const seed = seeds[i % seeds.length] as string;
      const id = `2026-12-05T08:vessel:4138${i}:17${i}#control`;
      expect(drawFraction(seed, id)).toBe(referenceDrawFraction(seed, id));
    }
  });
});
