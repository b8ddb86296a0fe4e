/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, requireChromium } from '../support/browser.js';
import { openTerminalPage, type TerminalPage } from '../support/terminal-pages.js';
import { openTerminal, useTerminalSite } from '../support/terminal-site.js';

const site = useTerminalSite();
/** The site's terminal for an officer at a viewport. */
const terminal = (
  browser: Browser,
  viewport: { width: number; height: number },
  opts: { touch?: boolean; realClock?: boolean } = {},
): Promise<Page> => openTerminal(browser, site(), { viewport, user: 'officer', ...opts });

/** Visible controls smaller than a fingertip (44 px either way), by what they are. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const controls = document.querySelectorAll(
      'button, select, input:not([type=hidden]), textarea, nav a, td a, .arriving a, #alarm-banner a',
    );
    for (const e of Array.from(controls)) {
      if (!e.checkVisibility()) continue;
      // A box to tick is touched through its label.
      const box = e.matches('input[type=checkbox], input[type=radio]') ? (e.closest('label') ?? e) : e;
      const r = box.getBoundingClientRect();
      if (r.width < 44 || r.height < 44)
        small.push(
          `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${(e.textContent ?? '').trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`,
        );
    }
    return [...new Set(small)];
  });
}

const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

describe('a tablet at the gate', () => {
  for (const [orientation, viewport] of [
    ['portrait', { width: 800, height: 1280 }],
    ['landscape', { width: 1280, height: 800 }],
  ] as const)
    it(`works in ${orientation}: the list, a target and the inspection dialog fit, with touch-sized controls`, async (ctx) => {
      requireChromium(ctx);
      const browser = await launchChromium();
      try {
        const page = await terminal(browser, viewport, { touch: true });
        const problems: string[] = [];
        for (const name of ['list', 'target', 'dialog'] as TerminalPage[]) {
          await openTerminalPage(page, name);
          if (await scrollsSideways(page)) problems.push(`${name}: scrolls sideways`);
          problems.push(...(await smallTargets(page)).map((s) => `${name}: ${s}`));
        }
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 60_000);
});

describe('a desk screen at 1440 px', () => {
  it('shows the list with no column wrapped but the reasons and names', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const page = await terminal(browser, { width: 1440, height: 900 });
      await openTerminalPage(page, 'list');
      const wrapped = await page.evaluate(() => {
        const lines = (e: Element) => {
          const range = document.createRange();
          range.selectNodeContents(e);
          // Boxes on one line differ in top by a pixel or two (a badge beside a word): a new line is a jump.
          const tops = Array.from(range.getClientRects(), (r) => r.top).sort((a, b) => a - b);
          return 1 + tops.filter((top, i) => i > 0 && top - (tops[i - 1] as number) > 8).length;
        };
        const cells = document.querySelectorAll(
          '#targets th, #targets td:not(.reasons):not(.name-cell) > *, #targets td:not(.reasons):not(.name-cell)',
        );
        return Array.from(cells)
          .filter((c) => c.textContent?.trim() && lines(c) > 1)
          .map((c) => `${c.tagName} ${c.className} "${c.textContent?.trim().slice(0, 12)}"`);
      });
      expect(wrapped).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('the inspection dialog with the keyboard alone', () => {
  it('opens from the list, takes a result, a defect and a note, and saves the record without a mouse', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const page = await terminal(browser, { width: 1440, height: 900 });
      await openTerminalPage(page, 'list');
      const row = page.locator('#targets tbody tr[data-tier="must-inspect"]').first();
      const id = await row.getAttribute('data-id');
      await row.locator('td.steps button:not(.step)').focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('#inspect-dialog[open]');
      // The dialog takes the focus; Tab walks its fields in order, arrows choose, space ticks.
      expect(await page.evaluate(() => document.activeElement?.closest('dialog')?.id)).toBe('inspect-dialog');
      const focusOn = async (selector: string) => {
        for (let i = 0; i < 60; i++) {
          if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
          await page.keyboard.press('Tab');
        }
        throw new Error(`Tab never reached ${selector}`);
      };
      await focusOn('select[name=result]');
      await page.keyboard.press('ArrowDown'); // 发现缺陷
      await focusOn('#defect-list input[type=checkbox]');
      await page.keyboard.press('Space');
      await focusOn('textarea[name=notes]');
      await page.keyboard.type('键盘录入');
      await focusOn('#inspect-form button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#inspect-dialog[open]', { state: 'detached' });
      const [record] = site().t.app.storage.inspections.recent(1);
      expect(record).toMatchObject({
        targetId: id,
        result: 'defects-found',
        notes: '键盘录入',
        officer: site().users.officer,
      });
      expect(record?.defects).toHaveLength(1);
      // Escape closes it unsaved.
      await row.locator('td.steps button:not(.step)').focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('#inspect-dialog[open]');
      await page.keyboard.press('Escape');
      await page.waitForSelector('#inspect-dialog[open]', { state: 'detached' });
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe("the terminal's weight", () => {
  it('loads whole, map library included, under 1 MB, and draws the list within 1 s of the first byte', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const page = await terminal(browser, { width: 1440, height: 900 }, { realClock: true });
      const bytes = new Map<string, number>();
      page.on('response', async (r) => {
        const body = await r.body().catch(() => null);
        if (body && !r.url().includes('/api/')) bytes.set(r.url(), body.length);
      });
      // A fresh load with the session already open: the first byte to the first row of the list.
      await page.evaluate(() => performance.clearResourceTimings());
      await page.reload();
      const firstRowMs = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const done = () =>
              resolve(
                performance.now() -
                  (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart,
              );
            if (document.querySelector('#targets tbody tr')) return done();
            new MutationObserver((_, o) => {
              if (!document.querySelector('#targets tbody tr')) return;
              o.disconnect();
              done();
            }).observe(document.body, { childList: true, subtree: true });
          }),
      );
      await openTerminalPage(page, 'map');
      await page.waitForLoadState('networkidle');
      const total = [...bytes.values()].reduce((a, b) => a + b, 0);
      expect([...bytes.keys()].some((u) => u.endsWith('/vendor/leaflet.js'))).toBe(true);
      expect(total).toBeLessThan(1024 * 1024);
      expect(firstRowMs).toBeLessThan(1000);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
