import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from '../support/artifacts.js';
import { launchChromium, requireChromium } from '../support/browser.js';
import { startCentral, type TestCentral } from '../support/central.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { fillToCap } from '../support/storage-fill.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { truckAtGate } from '../support/messages.js';

/**
 * What an officer sees of outages, in real Chromium: the terminal's header names the input that is
 * down, the uplink that is down with how many records wait, and a full disk, while each lasts.
 */
let t: TestApp;
let central: TestCentral | null;
let url: string;
let port: number;

beforeAll(async () => {
  central = await startCentral();
  port = central.port;
  // The site broker is unreachable from the start: the first outage on screen.
  t = await createTestApp({
    mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 60_000 },
    sync: { centralUrl: central.url, minBackoffMs: 50, maxBackoffMs: 500, probeMs: 100 },
  });
  await importDemoSnapshot(t.app);
  ({ url } = await t.app.start());
  await t.app.accounts.createUser('officer-wang', 'correct-horse-9', 'officer');
}, 30_000);
afterAll(async () => {
  await t?.close();
  await central?.close();
});

const truck = (plate: string, terminal: string) => t.app.ingest.accept(truckAtGate(terminal, plate));

describe('outages on the terminal', () => {
  it('shows the broker, the uplink and a full disk while each is down, and clears each when it is back', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(url);
      await page.fill('#login-form input[name=username]', 'officer-wang');
      await page.fill('#login-form input[name=password]', 'correct-horse-9');
      await page.click('#login-form button[type=submit]');
      await page.waitForFunction(
        () => /数据接入中断：site-broker/.test(document.querySelector('#header-status')?.textContent ?? ''),
        undefined,
        { timeout: 10_000 },
      );

      // The central goes away while an officer records an inspection: the record waits, and says so.
      await central?.close();
      central = null;
      truck('浙F3A101', '013800000101');
      t.app.targets.flush();
      const cookie = await t.login('officer');
      expect(
        (
          await t.app.web.app.inject({
            method: 'POST',
            url: '/api/v1/inspections',
            headers: { cookie },
            payload: { targetId: 'vehicle:浙F3A101', result: 'no-defects', action: 'release', defects: [] },
          })
        ).statusCode,
      ).toBe(201);
      await page.waitForSelector('#uplink-down', { timeout: 15_000 });
      expect(await page.textContent('#uplink-down')).toMatch(/上传中心中断，\d+ 条记录待上传/);

      // Then the disk fills: a new vehicle's decision cannot be written.
      fillToCap(t.app, 'e2e');
      truck('浙F3A106', '013800000106');
      t.app.targets.flush();
      await page.waitForSelector('#storage-full', { timeout: 15_000 });
      expect(await page.textContent('#storage-full')).toContain('SQLITE_FULL');
      await page.screenshot({ path: artifactPath('terminal-outages.png'), fullPage: false });

      // Room is made and the central returns: both notices go by themselves.
      t.app.storage.maintenance.setMaxBytes(0);
      central = await startCentral(port);
      await page.waitForFunction(
        () => !document.querySelector('#storage-full') && !document.querySelector('#uplink-down'),
        undefined,
        { timeout: 25_000 },
      );
    } finally {
      await browser.close();
    }
  }, 60_000);
});
