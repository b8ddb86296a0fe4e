import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../src/domain/bounded-memo.js';
import { flat } from '../../src/domain/flat-string.js';

describe('bounded memo and flat strings', () => {
  it('makes a value once per key and hands the same one out again', () => {
    const memo = new BoundedMemo<number, string>(10);
    let made = 0;
    const make = (mmsi: number) => {
      made++;
      return flat(`vessel:${mmsi}`);
    };
    const a = memo.get(413000001, make);
    expect(memo.get(413000001, make)).toBe(a);
    expect(a).toBe('vessel:413000001');
    expect(made).toBe(1);
  });

  it('never holds more than its bound, however many keys arrive', () => {
    const memo = new BoundedMemo<number, string>(100);
    for (let i = 0; i < 10_000; i++) memo.get(i, String);
    expect(memo.size).toBeLessThanOrEqual(100);
    expect(memo.get(9_999, String)).toBe('9999');
  });

  it('keeps a flat string equal to the one it was given', () => {
    for (const s of ['', 'short', 'vessel:413000001', `vessel:hull:${'浙'.repeat(20)}`]) expect(flat(s)).toBe(s);
  });
});
