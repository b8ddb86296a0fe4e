/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import type { Page } from 'playwright-core';

/** Every page of the terminal, by the hash that opens it (the target page opens a must-inspect target). */
export const TERMINAL_PAGES = ['list', 'map', 'target', 'shift', 'devices', 'admin', 'dialog'] as const;
export type TerminalPage = (typeof TERMINAL_PAGES)[number];

/** Opens one page and waits until it has drawn what it shows. */
export async function openTerminalPage(page: Page, name: TerminalPage): Promise<void> {
  if (await page.isVisible('#inspect-dialog[open]')) await page.click('#inspect-cancel');
  const hash = async (h: string) =>
    page.evaluate((to) => {
      location.hash = to;
    }, h);
  if (name === 'dialog') {
    await hash('#list');
    await page.locator('#targets tbody tr[data-tier="must-inspect"] td.steps button:not(.step)').first().click();
    await page.waitForSelector('#inspect-dialog[open] #defect-list label');
    return;
  }
  if (name === 'target') {
    await hash('#list');
    const id = await page.locator('#targets tbody tr[data-tier="must-inspect"]').first().getAttribute('data-id');
    await hash(`#target/${encodeURIComponent(id as string)}`);
    await page.waitForSelector('#target-body h2');
    await page.waitForLoadState('networkidle');
    return;
  }
  await hash(`#${name}`);
  const ready: Record<string, string> = {
    list: '#targets tbody tr',
    map: '#map .target-mark',
    shift: '#shift-body table',
    devices: '#device-table tbody tr',
    admin: '#user-table',
  };
  await page.waitForSelector(ready[name] as string);
  await page.waitForLoadState('networkidle');
}

/**
 * Latin words a reader sees on the page (text, titles, placeholders and accessible names), outside
 * what is marked `translate="no"` (identifiers, names, addresses, codes). A word here is letters only
 * with at least one lower-case letter: codes, acronyms, identifiers and ship names (MMSI, UN1203,
 * cam-gate1, SUWUXIHUO0106) are not words; units are allowed.
 */
export async function latinWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const UNITS = new Set(['km', 'kn', 'nmi', 'min', 'ms', 'kg', 'mm', 'cm']);
    const found = new Set<string>();
    // Tokens run over letters, digits and the joiners of identifiers (cam-gate1, tank-sensor-pb, km/h);
    // only a token of letters alone is a word.
    const scan = (text: string, where: Element) => {
      for (const w of text.match(/[A-Za-z0-9_./:@'-]+/g) ?? []) {
        if (!/^[A-Za-z]+('[a-z]+)?$/.test(w) || !/[a-z]/.test(w) || w.length < 2 || UNITS.has(w)) continue;
        found.add(`${w} (${where.tagName.toLowerCase()}${where.id ? `#${where.id}` : ''})`);
      }
    };
    const exempt = (e: Element | null) => e?.closest('[translate="no"], script, style, noscript') != null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || exempt(parent) || !parent.checkVisibility()) continue;
      scan(n.textContent ?? '', parent);
    }
    for (const e of Array.from(document.body.querySelectorAll('[title], [placeholder], [aria-label]'))) {
      if (exempt(e) || !e.checkVisibility()) continue;
      for (const a of ['title', 'placeholder', 'aria-label']) scan(e.getAttribute(a) ?? '', e);
    }
    scan(document.title, document.documentElement);
    return [...found].sort();
  });
}
