/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../support/artifacts.js';
import { launchChromium, requireChromium } from '../support/browser.js';
import { openTerminalPage, TERMINAL_PAGES } from '../support/terminal-pages.js';
import { openTerminal, useTerminalSite } from '../support/terminal-site.js';

/** Committed pictures of every page; `UPDATE_BASELINES=1` rewrites them after a deliberate change of layout. */
const BASELINES = join(import.meta.dirname, 'baselines', 'terminal');
/** Pixels that may differ (text drawn a sub-pixel apart, a count that moved by one) before a page counts as changed. */
const MAX_CHANGED = 0.01;
const SIZES = { desk: { width: 1440, height: 900 }, tablet: { width: 800, height: 1280 } } as const;

const site = useTerminalSite();

/**
 * The screenshot at half size (each pixel the mean of four): a layout change still shows, and the
 * baselines of every page, size and theme stay small enough to keep in the repository.
 */
function halve(shot: Buffer): Buffer {
  const full = PNG.sync.read(shot);
  const width = full.width >> 1;
  const height = full.height >> 1;
  const half = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 4; c++) {
        const at = (dx: number, dy: number) => full.data[((2 * y + dy) * full.width + 2 * x + dx) * 4 + c] as number;
        half.data[(y * width + x) * 4 + c] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1) + 2) >> 2;
      }
  return PNG.sync.write(half, { colorType: 2 });
}

/** Compares a screenshot with its baseline; writes the actual picture and the difference when they part. */
function compare(name: string, shot: Buffer): string | null {
  const file = join(BASELINES, `${name}.png`);
  if (process.env.UPDATE_BASELINES || !existsSync(file)) {
    if (!process.env.UPDATE_BASELINES) return `${name}: no baseline (run with UPDATE_BASELINES=1 and commit it)`;
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(file, shot);
    return null;
  }
  const want = PNG.sync.read(readFileSync(file));
  const got = PNG.sync.read(shot);
  if (want.width !== got.width || want.height !== got.height)
    return `${name}: ${got.width}x${got.height}, baseline ${want.width}x${want.height}`;
  const diff = new PNG({ width: want.width, height: want.height });
  const changed = pixelmatch(want.data, got.data, diff.data, want.width, want.height, { threshold: 0.15 });
  const share = changed / (want.width * want.height);
  if (share <= MAX_CHANGED) return null;
  writeFileSync(artifactPath(`${name}.actual.png`), shot);
  writeFileSync(artifactPath(`${name}.diff.png`), PNG.sync.write(diff));
  return `${name}: ${(share * 100).toFixed(2)}% of pixels changed (see ${name}.diff.png in the test artifacts)`;
}

describe("the terminal's pages as pictures", () => {
  it('look as their baselines do, at a desk and on a tablet, by day and by night', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    const changed: string[] = [];
    try {
      for (const theme of ['day', 'night'] as const)
        for (const [size, viewport] of Object.entries(SIZES)) {
          const page = await openTerminal(browser, site(), { viewport, theme, touch: size === 'tablet' });
          for (const name of TERMINAL_PAGES) {
            await openTerminalPage(page, name);
            // The list from the top (header, alerts, arriving strip); every other page from its own start.
            await page.evaluate((n) => {
              const start = n === 'list' || n === 'dialog' ? null : document.querySelector(`#page-${n}`);
              window.scrollTo(0, start ? Math.round(start.getBoundingClientRect().top + window.scrollY) : 0);
            }, name);
            // The node's broker address changes from run to run; it is blanked, not compared.
            const shot = await page.screenshot({
              animations: 'disabled',
              caret: 'hide',
              mask: [page.locator('#devices-body [data-adapter]')],
            });
            writeFileSync(artifactPath(`terminal-${name}-${size}-${theme}.png`), shot);
            const problem = compare(`${name}-${size}-${theme}`, halve(shot));
            if (problem) changed.push(problem);
          }
          await page.context().close();
        }
    } finally {
      await browser.close();
    }
    expect(changed).toEqual([]);
  }, 240_000);
});
