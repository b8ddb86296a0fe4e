import { describe, expect, it } from 'vitest';
import { SharedReasons, UNSHARED } from '../../../src/scoring/reason-sharing.js';

const finding = (code: string, evidence?: string) => ({
  code,
  text: `${code} 中文`,
  textEn: `${code} in English`,
  ...(evidence !== undefined && { evidence }),
});

describe('reason sharing', () => {
  it('gives every target the same frozen reason for the same finding at the same points', () => {
    const shared = new SharedReasons();
    const a = shared.reason(finding('NOT_IN_SNAPSHOT'), 10);
    const b = shared.reason(finding('NOT_IN_SNAPSHOT'), 10);
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(a).toEqual({
      code: 'NOT_IN_SNAPSHOT',
      text: 'NOT_IN_SNAPSHOT 中文',
      textEn: 'NOT_IN_SNAPSHOT in English',
      points: 10,
    });
  });

  it('keeps reasons apart that differ in points, evidence or wording', () => {
    const shared = new SharedReasons();
    const base = shared.reason(finding('CREDIT_GRADE_C', 'C'), 15);
    expect(shared.reason(finding('CREDIT_GRADE_C', 'C'), 20)).not.toBe(base);
    expect(shared.reason(finding('CREDIT_GRADE_C', 'D'), 15)).not.toBe(base);
    expect(shared.reason({ ...finding('CREDIT_GRADE_C', 'C'), text: 'other' }, 15).text).toBe('other');
    expect(shared.reason(finding('CREDIT_GRADE_C', 'C'), 15)).toBe(base);
  });

  it('stays within its bound, starting again from the reasons still asked for', () => {
    const shared = new SharedReasons(100);
    for (let i = 0; i < 1_000; i++) shared.reason(finding('HULL_NAME_MISMATCH', `name ${i}`), 30);
    expect(shared.size).toBeLessThanOrEqual(100);
    const again = shared.reason(finding('HULL_NAME_MISMATCH', 'name 999'), 30);
    expect(shared.reason(finding('HULL_NAME_MISMATCH', 'name 999'), 30)).toBe(again);
  });

  it('shares a recurring text as one copy; unshared reasons are equal but separate', () => {
    const shared = new SharedReasons();
    const rate = 0.05;
    const first = shared.text(`credit-weighted random sample (rate ${rate * 100}%)`);
    expect(shared.text(`credit-weighted random sample (rate ${rate * 100}%)`)).toBe(first);
    const a = UNSHARED.reason(finding('LIST_BLACK'), 100);
    const b = UNSHARED.reason(finding('LIST_BLACK'), 100);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });
});
