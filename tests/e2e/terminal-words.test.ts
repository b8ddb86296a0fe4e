/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { launchChromium, requireChromium } from '../support/browser.js';
import { latinWords, openTerminalPage, TERMINAL_PAGES } from '../support/terminal-pages.js';
import { openTerminal, useTerminalSite } from '../support/terminal-site.js';

const site = useTerminalSite();

describe("the terminal's words", () => {
  it('has every string in both languages', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(site().url);
      // The tables as the terminal loads them; nested tables (alarm names, states) key by key too.
      // A string, not a function: the test runner rewrites import() in functions it compiles.
      const missing = (await page.evaluate(`(async () => {
        const { ZH } = await import('/strings-zh.js');
        const { EN } = await import('/strings-en.js');
        const keys = (o, at = '') =>
          Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, at + k + '.') : [at + k]));
        const zh = new Set(keys(ZH));
        const en = new Set(keys(EN));
        return [
          ...[...zh].filter((k) => !en.has(k)).map((k) => 'en lacks ' + k),
          ...[...en].filter((k) => !zh.has(k)).map((k) => 'zh lacks ' + k),
        ];
      })()`)) as string[];
      expect(missing).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows no Latin word on any Chinese page outside identifiers, codes, units and names', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const page = await openTerminal(browser, site());
      const leaks: string[] = [];
      for (const name of TERMINAL_PAGES) {
        await openTerminalPage(page, name);
        leaks.push(...(await latinWords(page)).map((w) => `${name}: ${w}`));
      }
      expect(leaks).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe("the terminal's accessibility", () => {
  it('has no serious or critical axe-core violation on any page, in either language or theme', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const found: string[] = [];
      for (const [lang, theme] of [
        ['zh', 'day'],
        ['en', 'day'],
        ['zh', 'night'],
      ] as const) {
        const page = await openTerminal(browser, site(), { lang, theme });
        for (const name of TERMINAL_PAGES) {
          await openTerminalPage(page, name);
          const { violations } = await new AxeBuilder({ page }).analyze();
          for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
            found.push(`${lang}/${theme}/${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
        }
        await page.context().close();
      }
      expect(found).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
