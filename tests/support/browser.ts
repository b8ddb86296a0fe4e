import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium, never a downloaded browser build. */
export const CHROMIUM = process.env.TEST_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/**
 * For browser tests: skips (saying so) where Debian's chromium is not installed, and fails under
 * CI, which must run them.
 */
export function requireChromium(ctx: { skip(): void }): void {
  if (chromiumAvailable()) return;
  if (process.env.CI)
    throw new Error(`CI must run the browser tests and ${CHROMIUM} is missing (apt-get install chromium)`);
  ctx.skip();
}

/** Logs a user in on the terminal's login page and waits for the page that follows. */
export async function logIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.fill('#login-form input[name=username]', username);
  await page.fill('#login-form input[name=password]', password);
  await page.click('#login-form button[type=submit]');
}
