/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BacktestReport } from '../../src/scoring/backtest/backtest.js';
import { artifactPath } from '../support/artifacts.js';
import { launchChromium, requireChromium } from '../support/browser.js';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kakou-scoring-'));
const SEED = 'cd'.repeat(32);

describe('kakou score', () => {
  it('prints one decision per valid line and a coded error per invalid one, then exits 1', async () => {
    const file = join(dir, 'subjects.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({
          kind: 'vessel',
          at: '2026-11-25T08:00:00Z',
          identity: { mmsi: 413000001 },
          credit: { grade: 'D', lists: [{ list: 'black' }] },
        }),
        '{"kind":"boat"}',
        JSON.stringify({
          kind: 'vehicle',
          at: '2026-11-25T08:00:00Z',
          identity: { plate: '浙F00001' },
          credit: {
            grade: 'AA',
            hazmatQualified: true,
            inspections: [{ at: '2026-10-01T00:00:00Z', deficiencies: 0 }],
          },
        }),
      ].join('\n'),
    );
    const r = await runCli(['score', '--input', file, '--seed', SEED, '--policy', 'kakou-checkpoint']);
    expect(r.code).toBe(1);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out[0]).toMatchObject({ line: 1, id: 'vessel:413000001', tier: 'must-inspect', selection: 'overriding' });
    expect(out[1]).toMatchObject({ line: 2, error: { code: 'KAKOU_E_SCORE_INPUT' } });
    expect(out[2]).toMatchObject({ line: 3, id: 'vehicle:浙F00001', policy: 'kakou-checkpoint@1' });
    expect((out[2] as { draw: { passageId: string } }).draw.passageId).toBe('score:vehicle:浙F00001');
    expect(out[2]).toMatchObject({ passageId: 'score:vehicle:浙F00001' });

    // What kakou score prints is what kakou verify-draws checks: its own draws verify, a changed one does not.
    const decisions = join(dir, 'scored.jsonl');
    const scored = out.filter((o) => !('error' in o));
    writeFileSync(decisions, scored.map((o) => JSON.stringify(o)).join('\n'));
    expect((await runCli(['verify-draws', '--seed', SEED, '--passages', decisions])).code).toBe(0);
    const forged = scored.map((o) => ({ ...o, draw: { ...(o.draw as object), credit: 0.000001 } }));
    writeFileSync(decisions, forged.map((o) => JSON.stringify(o)).join('\n'));
    const refused = await runCli(['verify-draws', '--seed', SEED, '--passages', decisions]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^TAMPERED score:vehicle:浙F00001: credit draw recorded/m);
  });
});

describe('kakou backtest', () => {
  it('shows lift above 1 on a scenario where violations follow credit, and renders its HTML report with charts in Chromium', async (ctx) => {
    const gen = await runCli(['backtest', '--generate', '4000', '--out', dir]);
    expect(gen.code).toBe(0);
    const html = join(dir, 'report.html');
    const r = await runCli([
      'backtest',
      '--passages',
      join(dir, 'passages.jsonl'),
      '--outcomes',
      join(dir, 'outcomes.jsonl'),
      '--seed',
      SEED,
      '--html',
      html,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as BacktestReport;
    expect(report.passages).toBe(4000);
    expect(report.outcomes?.control.n).toBeGreaterThan(40);
    expect(report.outcomes?.lift).toBeGreaterThan(1);
    expect(report.outcomes?.capture.at(-1)).toEqual({ inspected: 1, captured: 1 });
    expect(report.hours.capacity).toBe(6);
    const text = await runCli([
      'backtest',
      '--passages',
      join(dir, 'passages.jsonl'),
      '--outcomes',
      join(dir, 'outcomes.jsonl'),
      '--seed',
      SEED,
    ]);
    expect(text.stdout).toMatch(/Lift of targeted over the control sample: \d+\.\d\d/);
    expect(readFileSync(html, 'utf8')).not.toMatch(/<script|https?:\/\//);

    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(html).href);
      const figures = await page.$$eval('figure', (els) =>
        els.map((f) => ({
          id: f.id,
          marks: f.querySelectorAll('svg rect, svg polyline').length,
          width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
        })),
      );
      expect(figures.map((f) => f.id)).toEqual(['tiers', 'per-hour', 'hit-rates', 'capture']);
      for (const f of figures) {
        expect(f.marks, f.id).toBeGreaterThan(0);
        expect(f.width, f.id).toBeGreaterThan(300);
      }
      expect(await page.textContent('.lift')).toMatch(/Lift of targeted over the control sample: \d/);
      // The boardings at capacity beside random and the oracle (the generated outcomes carry probabilities).
      expect(await page.$$eval('#at-capacity tbody tr th', (ths) => ths.map((t) => t.textContent))).toEqual([
        'policy',
        'random',
        'oracle',
      ]);
      expect(await page.textContent('.at-capacity')).toMatch(/Lift of boarded over the control sample: \d/);
      await page.screenshot({ path: artifactPath('backtest-report.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
