import { createHash, createHmac } from 'node:crypto';
import { BoundedMemo } from '../domain/bounded-memo.js';
import { SeedMac } from './seed-mac.js';

// The MACs of the seeds in use: a node draws under one shift's seed at a time, a backtest under a
// few; bounded all the same.
const macs = new BoundedMemo<string, SeedMac>(8);
const macOf = (seedHex: string) => macs.get(seedHex, (hex) => new SeedMac(Buffer.from(hex, 'hex')));

/**
 * Verifiable random draw: HMAC-SHA256(seed, passage id), the first 53 bits read as a fraction of
 * 2^53, so the value is uniform in [0, 1). Anyone holding the revealed seed can recompute it.
 */
export function drawFraction(seedHex: string, passageId: string): number {
  const mac = macOf(seedHex).words(passageId);
  const hi = (mac[0] as number) >>> 11; // top 21 bits
  const lo = (mac[1] as number) >>> 0; // next 32 bits
  return (hi * 2 ** 32 + lo) / 2 ** 53;
}

/**
 * The same draw by node:crypto's HMAC: what `verify-draws` recomputes with, so a check of the
 * node's draws does not rest on the code that made them.
 */
export function referenceDrawFraction(seedHex: string, passageId: string): number {
  const mac = createHmac('sha256', Buffer.from(seedHex, 'hex')).update(passageId, 'utf8').digest();
  return ((mac.readUInt32BE(0) >>> 11) * 2 ** 32 + mac.readUInt32BE(4)) / 2 ** 53;
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
 * The draws of a passage at the given rates. A passage is rescored many times and its draws never
 * change: given the draw of its last rescore (`previous`), the same frozen object is returned, or
 * one sharing its id and values when the rates changed. At 50,000 live targets a fresh object and
 * boxed numbers per rescore were a measurable part of the heap, and so was a cache of them by target.
 */
export function passageDraw(
  seedHex: string,
  passageId: string,
  rate: number,
  controlRate: number,
  previous?: Readonly<PassageDraw> | null,
): Readonly<PassageDraw> {
  if (previous && previous.passageId === passageId) {
    if (previous.rate === rate && previous.controlRate === controlRate) return previous;
    return Object.freeze({ passageId, credit: previous.credit, control: previous.control, rate, controlRate });
  }
  return Object.freeze({
    passageId,
    credit: drawFraction(seedHex, passageId),
    control: drawFraction(seedHex, `${passageId}#control`),
    rate,
    controlRate,
  });
}

/** The commitment published at shift start: SHA-256 of the seed bytes, hex. */
export function commitment(seedHex: string): string {
  return createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');
}
