import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KakouError } from '../../../src/errors.js';
import { FACTOR_CODES } from '../../../src/domain/factors.js';
import { loadPolicy, PRESET_DIR, price, type Policy } from '../../../src/scoring/policy.js';

const dir = mkdtempSync(join(tmpdir(), 'kakou-policy-'));

describe('targeting policy as data', () => {
  it('ships the kakou-checkpoint, paris-mou-nir and tokyo-mou-nir presets, pricing every factor and naming a source for each', () => {
    for (const name of ['kakou-checkpoint', 'paris-mou-nir', 'tokyo-mou-nir']) {
      const p = loadPolicy(name);
      for (const code of FACTOR_CODES) expect(p.factors[code]?.source, `${name} ${code}`).toBeTruthy();
    }
    // The points hold until a day of traffic is known; then about 3 must-inspect and 3 more may-inspect an hour.
    expect(loadPolicy('kakou-checkpoint').thresholds).toEqual({
      mustInspect: 60,
      mayInspect: 35,
      mustInspectPerHour: 3,
      mayInspectPerHour: 3,
      volumeWindowDays: 7,
    });
    expect(loadPolicy('paris-mou-nir').windows?.months).toEqual({ high: [5, 6], standard: [10, 12], low: [24, 36] });
  });

  it('refuses volume thresholds without a must-inspect volume, and teams that do not add up to the capacity', () => {
    const base = JSON.parse(readFileSync(join(PRESET_DIR, 'kakou-checkpoint.json'), 'utf8')) as Policy;
    const file = join(dir, 'volume.json');
    const { mustInspectPerHour: _m, ...noMust } = base.thresholds;
    writeFileSync(
      file,
      JSON.stringify({
        ...base,
        thresholds: noMust,
        capacity: { ...base.capacity, teams: [{ id: 'water', kinds: ['vessel'], boardingsPerHour: 2 }] },
      }),
    );
    let details: readonly string[] = [];
    try {
      loadPolicy(file);
    } catch (err) {
      details = (err as KakouError).details;
    }
    expect(details.join('\n')).toMatch(/mayInspectPerHour needs mustInspectPerHour/);
    expect(details.join('\n')).toMatch(/boardingsPerHour must be the sum of its teams/);
  });

  it('counts a factor only from its minimum number of occurrences', () => {
    expect(price(loadPolicy('paris-mou-nir'), 'DETENTIONS_36M', 1).points).toBe(0);
    expect(price(loadPolicy('paris-mou-nir'), 'DETENTIONS_36M', 2).points).toBe(1);
    expect(price(loadPolicy('tokyo-mou-nir'), 'DETENTIONS_36M', 2).points).toBe(0);
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
    const broken = {
      ...base,
      name: 'Bad Name',
      thresholds: { mustInspect: 30, mayInspect: 40 },
      controlRate: 2,
      factors: { ...base.factors, LIST_BLACK: { points: 500, effect: 'sometimes', source: '' } },
    } as unknown as Policy;
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
    expect(() => loadPolicy(file)).toThrow(
      expect.objectContaining({ details: [expect.stringMatching(/no price for LIST_RED/)] }),
    );
    const paris = loadPolicy('paris-mou-nir');
    writeFileSync(
      file,
      JSON.stringify({
        ...paris,
        windows: {
          ...paris.windows,
          months: { ...paris.windows?.months, high: [7, 6] },
          lowRisk: { grades: ['A'], blockers: ['NO_SUCH_FACTOR'] },
        },
      }),
    );
    expect(() => loadPolicy(file)).toThrow(
      expect.objectContaining({
        details: [
          expect.stringMatching(/high opens after it closes/),
          expect.stringMatching(/unknown factor NO_SUCH_FACTOR/),
        ],
      }),
    );
    writeFileSync(file, JSON.stringify({ ...base, thresholds: { mustInspect: 30, mayInspect: 40 } }));
    expect(() => loadPolicy(file)).toThrow(
      expect.objectContaining({ details: [expect.stringMatching(/mayInspect must be below mustInspect/)] }),
    );
  });
});
