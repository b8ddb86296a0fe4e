import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KakouError } from '../../../src/errors.js';
import { FACTOR_CODES, loadPolicy, price, type Policy } from '../../../src/scoring/policy.js';

const dir = mkdtempSync(join(tmpdir(), 'kakou-policy-'));

describe('targeting policy as data', () => {
  it('ships the kakou-checkpoint preset, pricing every factor and naming a source for each', () => {
    const p = loadPolicy('kakou-checkpoint');
    for (const code of FACTOR_CODES) expect(p.factors[code]?.source, code).toBeTruthy();
    expect(p.thresholds).toEqual({ mustInspect: 60, mayInspect: 35 });
  });

  it('prices per-unit factors with their cap, and unknown alarms as ALARM_OTHER', () => {
    const p = loadPolicy('kakou-checkpoint');
    expect(price(p, 'PENALTIES_36M', 2).points).toBe(10);
    expect(price(p, 'PENALTIES_36M', 9).points).toBe(15);
    expect(price(p, 'ALARM_SOMETHING_NEW')).toEqual({ points: 10, effect: undefined });
    expect(price(p, 'LIST_BLACK')).toEqual({ points: 40, effect: 'overriding' });
  });

  it('reports every problem of a policy file at once, including unpriced factors', () => {
    const base = loadPolicy('kakou-checkpoint');
    const broken = { ...base, name: 'Bad Name', thresholds: { mustInspect: 30, mayInspect: 40 }, controlRate: 2, factors: { ...base.factors, LIST_BLACK: { points: 500, effect: 'sometimes', source: '' } } } as unknown as Policy;
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(broken));
    try {
      loadPolicy(file);
      expect.unreachable();
    } catch (err) {
      expect((err as KakouError).code).toBe('KAKOU_E_POLICY_INVALID');
      const text = (err as KakouError).details.join('\n');
      expect(text).toMatch(/\/name/);
      expect(text).toMatch(/\/controlRate/);
      expect(text).toMatch(/\/factors\/LIST_BLACK/);
    }
    const { LIST_RED: _dropped, ...fewer } = base.factors;
    writeFileSync(file, JSON.stringify({ ...base, factors: fewer }));
    expect(() => loadPolicy(file)).toThrow(expect.objectContaining({ details: [expect.stringMatching(/no price for LIST_RED/)] }));
    writeFileSync(file, JSON.stringify({ ...base, thresholds: { mustInspect: 30, mayInspect: 40 } }));
    expect(() => loadPolicy(file)).toThrow(expect.objectContaining({ details: [expect.stringMatching(/mayInspect must be below mustInspect/)] }));
  });
});
