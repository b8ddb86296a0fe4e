import { createHash } from 'node:crypto';

/**
 * HMAC-SHA256 under one key, for the draws: every passage takes two, so a backtest of a million
 * passages takes two million. Node's createHmac sets the key up again on every call and spent
 * most of its time there (a quarter of `kakou backtest`, tests/bench/README.md); here the key's
 * inner and outer pads are compressed once and each MAC costs the message's own SHA-256 blocks
 * plus one. Written here because no maintained package keeps that state without allocating per
 * call; tests/unit/scoring/seed-mac.test.ts holds it to node:crypto's HMAC on random keys and
 * messages of every length, and `verify-draws` checks the draws with node:crypto's.
 */

const K = Int32Array.from(
  [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
  ].map((k) => k | 0),
);
const IV = Int32Array.from(
  [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19].map((k) => k | 0),
);
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** SHA-256's compression of the block whose 16 words are in w[0..15] into the state h. */
function compress(h: Int32Array, w: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15] as number;
    const y = w[i - 2] as number;
    const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
    const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
  }
  let a = h[0] as number;
  let b = h[1] as number;
  let c = h[2] as number;
  let d = h[3] as number;
  let e = h[4] as number;
  let f = h[5] as number;
  let g = h[6] as number;
  let hh = h[7] as number;
  for (let i = 0; i < 64; i++) {
    const t1 =
      (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (K[i] as number) + (w[i] as number)) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = ((h[0] as number) + a) | 0;
  h[1] = ((h[1] as number) + b) | 0;
  h[2] = ((h[2] as number) + c) | 0;
  h[3] = ((h[3] as number) + d) | 0;
  h[4] = ((h[4] as number) + e) | 0;
  h[5] = ((h[5] as number) + f) | 0;
  h[6] = ((h[6] as number) + g) | 0;
  h[7] = ((h[7] as number) + hh) | 0;
}

const encoder = new TextEncoder();

export class SeedMac {
  readonly #inner = new Int32Array(8);
  readonly #outer = new Int32Array(8);
  readonly #h = new Int32Array(8);
  readonly #w = new Int32Array(64);
  #bytes = new Uint8Array(256);

  constructor(key: Uint8Array) {
    // RFC 2104: a key longer than the block is hashed first.
    const k = key.length > 64 ? createHash('sha256').update(key).digest() : key;
    for (const [state, pad] of [
      [this.#inner, 0x36],
      [this.#outer, 0x5c],
    ] as const) {
      const block = new Uint8Array(64).fill(pad);
      for (let i = 0; i < k.length; i++) block[i] = (block[i] as number) ^ (k[i] as number);
      state.set(IV);
      this.#load(block, 0);
      compress(state, this.#w);
    }
  }

  /** The MAC of the message's UTF-8 bytes, as its eight big-endian 32-bit words. */
  words(message: string): Int32Array {
    if (this.#bytes.length < message.length * 3 + 72) this.#bytes = new Uint8Array(message.length * 6 + 144);
    const bytes = this.#bytes;
    const n = encoder.encodeInto(message, bytes).written;
    // SHA-256 padding after the 64-byte pad block: 0x80, zeros, the bit length as 64 bits.
    let end = n;
    bytes[end++] = 0x80;
    while (end % 64 !== 56) bytes[end++] = 0;
    const bits = (64 + n) * 8;
    const hi = Math.floor(bits / 2 ** 32);
    for (const word of [hi, bits >>> 0]) {
      bytes[end++] = word >>> 24;
      bytes[end++] = (word >>> 16) & 0xff;
      bytes[end++] = (word >>> 8) & 0xff;
      bytes[end++] = word & 0xff;
    }
    const h = this.#h;
    const w = this.#w;
    h.set(this.#inner);
    for (let off = 0; off < end; off += 64) {
      this.#load(bytes, off);
      compress(h, w);
    }
    // The outer hash: the inner digest, 0x80, zeros and the length of pad and digest (768 bits).
    for (let i = 0; i < 8; i++) w[i] = h[i] as number;
    w[8] = 0x80000000 | 0;
    w.fill(0, 9, 15);
    w[15] = 768;
    h.set(this.#outer);
    compress(h, w);
    return h;
  }

  #load(bytes: Uint8Array, off: number): void {
    const w = this.#w;
    for (let i = 0; i < 16; i++) {
      const j = off + 4 * i;
      w[i] =
        ((bytes[j] as number) << 24) |
        ((bytes[j + 1] as number) << 16) |
        ((bytes[j + 2] as number) << 8) |
        (bytes[j + 3] as number);
    }
  }
}
