/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, logIn, requireChromium } from '../support/browser.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let url: string;
beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
  await importDemoSnapshot(t.app);
  await t.app.accounts.createUser('qian', 'correct-horse-9', 'officer');
  ({ url } = await t.app.start());
});
afterAll(async () => {
  await t?.close();
});

describe('off-list records in the terminal', () => {
  it('an officer records a walk-in vessel by MMSI from the list page', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await logIn(page, url, 'qian', 'correct-horse-9');
      await page.waitForSelector('#main-view:not([hidden])');
      await page.selectOption('#off-list-form select[name=by]', 'vessel');
      await page.fill('#off-list-form input[name=subject]', '413800102');
      await page.click('#off-list-form button[type=submit]');
      await page.waitForSelector('#inspect-dialog[open]');
      expect(await page.textContent('#inspect-target')).toContain('413800102');
      await page.click('#inspect-form button[type=submit]');
      await page.waitForSelector('#inspect-dialog[open]', { state: 'detached' });
      const records = t.app.storage.inspections.recent(10);
      expect(records[0]).toMatchObject({ targetId: 'vessel:413800102', officer: 'qian', offList: 'on-record' });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
