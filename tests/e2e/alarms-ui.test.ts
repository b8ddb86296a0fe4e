/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, logIn, requireChromium } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { truckAtGate } from '../support/messages.js';

let t: TestApp;
let url: string;
beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
  await t.app.accounts.createUser('zhou', 'correct-horse-9', 'officer');
  ({ url } = await t.app.start());
});
afterAll(async () => {
  await t?.close();
});

const report = (alarm: number) => t.app.ingest.accept(truckAtGate('013800000111', '浙F3A111', alarm));

describe('critical alarms in the terminal', () => {
  it('ring on an open terminal until an officer acknowledges them with the handling note', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await logIn(page, url, 'zhou', 'correct-horse-9');
      await page.waitForSelector('#main-view:not([hidden])');
      expect(await page.isHidden('#alarm-banner')).toBe(true);

      report(0);
      report(1); // emergency: critical
      const banner = page.locator('#alarm-banner form[data-code="emergency"]');
      await banner.waitFor();
      // A device alarm needs its handling note: the form is not sent empty.
      expect(await banner.locator('input[name=note]').inputValue()).toBe('');
      await banner.locator('input[name=note]').fill('已联系驾驶员，车辆靠边检查');
      await banner.locator('button[type=submit]').click();
      await banner.waitFor({ state: 'detached' });
      const alarm = t.app.storage.alarms.recent(10).find((a) => a.alarm === 'emergency');
      expect(alarm?.acknowledged).toMatchObject({ by: 'zhou', note: '已联系驾驶员，车辆靠边检查' });

      // A terminal opened later rings for a critical alarm still waiting for an officer.
      report(0);
      report(1);
      const late = await context.newPage();
      await late.goto(url);
      await late.waitForSelector('#alarm-banner form[data-code="emergency"]');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
