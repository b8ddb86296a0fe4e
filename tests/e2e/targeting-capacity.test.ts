import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BacktestReport } from '../../src/scoring/backtest/backtest.js';
import { PRESET_DIR } from '../../src/scoring/policy.js';
import { runCli } from '../support/cli.js';

/**
 * The default policy with thresholds set by volume, at several traffic levels, against the
 * boarding teams it can count on: boardings never exceed capacity, must-inspect overflow is
 * reported hour by hour, and what the teams board finds violations several times more often than
 * the control sample, near the scenario's own oracle.
 */
const SEED = '5e'.repeat(16);
const dir = mkdtempSync(join(tmpdir(), 'kakou-targeting-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(perHour: number, days: number): Promise<NonNullable<BacktestReport['atCapacity']>> {
  const out = join(dir, `traffic-${perHour}`);
  const n = perHour * 24 * days;
  expect((await runCli(['backtest', '--generate', String(n), '--per-hour', String(perHour), '--out', out])).code).toBe(
    0,
  );
  // Boardings for a twentieth of the traffic, half asked for as must-inspect and half as may-inspect.
  const capacity = Math.round(perHour * 0.05);
  const preset = JSON.parse(readFileSync(join(PRESET_DIR, 'kakou-checkpoint.json'), 'utf8')) as {
    thresholds: Record<string, number>;
    capacity: Record<string, unknown>;
  };
  preset.thresholds.mustInspectPerHour = capacity / 2;
  preset.thresholds.mayInspectPerHour = capacity / 2;
  preset.capacity.boardingsPerHour = capacity;
  const policy = join(out, 'policy.json');
  writeFileSync(policy, JSON.stringify(preset));
  const r = await runCli([
    'backtest',
    ...['--passages', join(out, 'passages.jsonl'), '--outcomes', join(out, 'outcomes.jsonl')],
    ...['--policy', policy, '--seed', SEED, '--json'],
  ]);
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as BacktestReport;
  expect(report.atCapacity).not.toBeNull();
  return report.atCapacity as NonNullable<BacktestReport['atCapacity']>;
}

describe('capacity-aware selection', () => {
  it.each([60, 120, 240])(
    'keeps boardings within capacity at %i passages an hour, overflow visible',
    async (perHour) => {
      const a = await run(perHour, 7);
      const capacity = Math.round(perHour * 0.05);
      expect(a.boardingsPerHour.capacity).toBe(capacity);
      expect(Math.max(...a.hours.map((h) => h.boarded))).toBeLessThanOrEqual(capacity);
      // Must-inspect beyond the teams is reported, hour by hour, and the exception once a day of
      // traffic sets the cut-offs (arrivals bunch, and overriding factors are must-inspect whatever
      // the volume: at 3 boardings an hour that shows).
      expect(a.hours.reduce((n, h) => n + h.mustDeferred, 0)).toBe(a.mustDeferred.passages);
      const settled = a.hours.slice(24);
      expect(settled.filter((h) => h.mustDeferred > 0).length).toBeLessThan(settled.length * 0.25);
      expect(a.policy.budget).toBeGreaterThan(0.04);
      expect(a.policy.budget).toBeLessThan(0.06);
    },
    120_000,
  );

  it('boards violations at least 3.5 times as often as the control sample at a 5 % budget, near the oracle', async () => {
    const a = await run(120, 14);
    expect(a.oracle?.liftOverBase).toBeGreaterThan(4.5);
    expect(a.oracle?.liftOverBase).toBeLessThan(6.5);
    expect(a.policy.lift).toBeGreaterThanOrEqual(3.5);
    const [lo, hi] = a.policy.liftCi as [number, number];
    expect(lo).toBeLessThan(a.policy.lift as number);
    expect(hi).toBeGreaterThan(a.policy.lift as number);
    // Random at the same budget finds violations at the base rate.
    expect(a.random.liftOverBase).toBeCloseTo(1, 1);
    expect(a.policy.captured).toBeGreaterThan(a.random.captured * 3.5);
  }, 120_000);
});
