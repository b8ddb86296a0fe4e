/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, logIn, requireChromium } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let url: string;
beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
  await t.app.accounts.createUser('chief', 'correct-horse-9', 'admin');
  await t.app.accounts.createUser('wu', 'correct-horse-9', 'officer');
  ({ url } = await t.app.start());
});
afterAll(async () => {
  await t?.close();
});

describe('accounts in the terminal', () => {
  it('an administrator resets a password on the admin page; the user must choose a new one before anything else', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const login = async (username: string, password: string) => {
        const page = await (await browser.newContext()).newPage();
        await logIn(page, url, username, password);
        return page;
      };
      const admin = await login('chief', 'correct-horse-9');
      await admin.waitForSelector('#main-view:not([hidden])');
      await admin.click('nav a[href="#admin"]');
      const row = admin.locator('#user-table tr', { hasText: 'wu' });
      await row.locator('button', { hasText: '重置密码' }).click();
      const notice = row.locator('.notice');
      await notice.waitFor();
      const temporary = ((await notice.textContent()) ?? '').split(': ').at(-1)?.trim() as string;
      expect(temporary.length).toBeGreaterThanOrEqual(12);

      const wu = await login('wu', temporary);
      await wu.waitForSelector('#password-view:not([hidden])');
      expect(await wu.isHidden('#main-view')).toBe(true);
      await wu.fill('#password-form input[name=password]', temporary);
      await wu.fill('#password-form input[name=newPassword]', 'battery-staple-7');
      await wu.click('#password-form button[type=submit]');
      await wu.waitForSelector('#main-view:not([hidden])');

      // Disabled from the admin page, the officer is sent back to the login page.
      await admin.reload();
      await admin.click('nav a[href="#admin"]');
      await admin.locator('#user-table tr', { hasText: 'wu' }).locator('button', { hasText: '停用' }).click();
      await wu.waitForSelector('#login-view:not([hidden])', { timeout: 10_000 });
      expect(t.app.accounts.users().find((u) => u.username === 'wu')?.disabled).toBe(true);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
