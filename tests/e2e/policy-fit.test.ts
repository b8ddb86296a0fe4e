import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/scoring/policy.js';
import { runCli } from '../support/cli.js';
import { compareWithPreset } from '../support/policy-compare.js';

/**
 * `kakou policy fit` on one generated week, judged on the next week of the same register with
 * `kakou policy compare`: the fitted prices board nearly what the oracle would at the capacity,
 * no worse than the hand-set default, and the policy says where its prices come from.
 */
const SEED = '5e'.repeat(16);
const dir = mkdtempSync(join(tmpdir(), 'kakou-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const week = (k: number) => join(dir, `week-${k}`);

describe('kakou policy fit', () => {
  it('prices the factors from one week so the next week is boarded close to the oracle', async () => {
    for (const k of [0, 1])
      expect((await runCli(['backtest', '--generate', '20160', '--week', String(k), '--out', week(k)])).code).toBe(0);
    const fitted = join(dir, 'fitted.json');
    const fit = await runCli([
      ...['policy', 'fit', '--passages', join(week(0), 'passages.jsonl')],
      ...['--outcomes', join(week(0), 'outcomes.jsonl'), '--out', fitted],
    ]);
    expect(fit.code, fit.stderr).toBe(0);
    const policy = JSON.parse(readFileSync(fitted, 'utf8')) as Policy;
    expect(policy.fit).toMatchObject({ count: 20160, heldOut: { count: expect.any(Number) } });
    expect(policy.fit?.heldOut.auc).toBeGreaterThan(0.7);
    expect(policy.fit?.calibration.reduce((n, b) => n + b.passages, 0)).toBe(policy.fit?.heldOut.count);
    // Every price names the data it came from; points only add; the regulation's overriding factors stay.
    for (const [code, f] of Object.entries(policy.factors)) {
      expect(f.points, code).toBeGreaterThanOrEqual(0);
      expect(f.source, code).toMatch(/^fitted on .*20160 passages/);
    }
    expect(policy.factors.LIST_BLACK?.effect).toBe('overriding');
    expect(policy.factors.WAYBILL_MISSING?.effect).toBe('overriding');
    expect(policy.controlRate).toBe(0.02);

    const { preset, ours, moves } = await compareWithPreset(fitted, week(1), SEED);
    expect(ours.policy.captured).toBeGreaterThanOrEqual(preset.policy.captured);
    expect(ours.policy.captured / ours.oracle.captured).toBeGreaterThanOrEqual(0.95);
    expect(Object.keys(moves).length).toBeGreaterThan(0);
  }, 120_000);

  it('reaches 95 % of the oracle on every pair of weeks, and on another register', async () => {
    // Weeks 2 and 5 of this register fitted and judged on the week after; then a register of its own.
    const pairs: Array<[number, number, string[]]> = [
      [2, 3, []],
      [5, 6, []],
      [10, 11, ['--scenario-seed', '31337']],
    ];
    for (const [fitOn, judgeOn, scenario] of pairs) {
      for (const k of [fitOn, judgeOn]) {
        const args = ['backtest', '--generate', '20160', '--week', String(k), ...scenario];
        expect((await runCli([...args, '--out', week(k)])).code).toBe(0);
      }
      const fitted = join(dir, `fitted-${fitOn}.json`);
      const fit = await runCli([
        ...['policy', 'fit', '--passages', join(week(fitOn), 'passages.jsonl')],
        ...['--outcomes', join(week(fitOn), 'outcomes.jsonl'), '--out', fitted],
      ]);
      expect(fit.code, fit.stderr).toBe(0);
      const { preset, ours } = await compareWithPreset(fitted, week(judgeOn), SEED);
      expect(ours.policy.captured / ours.oracle.captured, `week ${judgeOn}`).toBeGreaterThanOrEqual(0.95);
      expect(ours.policy.captured, `week ${judgeOn}`).toBeGreaterThanOrEqual(preset.policy.captured);
    }
  }, 180_000);
});
