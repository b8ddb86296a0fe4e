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

/** A passage's two draws (credit-weighted and control) and the rates they were held against. */
export interface PassageDraw {
  passageId: string;
  credit: number;
  control: number;
  rate: number;
  controlRate: number;
}

/**
 * The draws of the passage `${shiftId}:${targetId}` at the given rates. A passage is rescored
 * many times and its draws never change, so one frozen object per passage (and rates) is made
 * and every rescore's decision shares it: at 50,000 live targets, a fresh object, id string and
 * boxed numbers per rescore were a measurable part of the heap.
 */
export function passageDraw(seedHex: string, shiftId: string, targetId: string, rate: number, controlRate: number): Readonly<PassageDraw> {
  if (seedHex !== memoSeed) {
    memo.clear();
    memoSeed = seedHex;
  }
  // join, not a template: it makes one flat string, where concatenation keeps a rope and its parts.
  const passageId = [shiftId, targetId].join(':');
  const known = memo.get(passageId);
  if (known && known.rate === rate && known.controlRate === controlRate) return known;
  const draw = Object.freeze({
    passageId,
    credit: known?.credit ?? drawFraction(seedHex, passageId),
    control: known?.control ?? drawFraction(seedHex, `${passageId}#control`),
    rate,
    controlRate,
  });
  if (!known && memo.size >= MEMO_MAX) memo.clear();
  memo.set(passageId, draw);
  return draw;
}

// Draws of the current seed by passage: a new shift brings a new seed and a fresh memo.
let memoSeed = '';
const memo = new Map<string, Readonly<PassageDraw>>();
const MEMO_MAX = 200_000;

/** The commitment published at shift start: SHA-256 of the seed bytes, hex. */
export function commitment(seedHex: string): string {
  return createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');
}
