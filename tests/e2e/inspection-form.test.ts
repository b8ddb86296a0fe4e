/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, logIn, requireChromium } from '../support/browser.js';
import { truckAtGate } from '../support/messages.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let url: string;
beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
  await importDemoSnapshot(t.app);
  await t.app.accounts.createUser('wu', 'correct-horse-9', 'officer');
  t.app.ingest.accept(truckAtGate('013800000106', '浙F3A106'));
  t.app.targets.flush();
  ({ url } = await t.app.start());
});
afterAll(async () => {
  await t?.close();
});

// jsqr is CommonJS: its default export arrives as the module itself or under .default, by loader.
type Decode = typeof jsQRModule.default;
const jsQR: Decode = (jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode);

const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('the printable inspection record form', () => {
  it('prints the record with its defects, photo, officer and times, and a QR code of its chain hash', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await logIn(page, url, 'wu', 'correct-horse-9');
      await page.waitForSelector('#main-view:not([hidden])');
      // Recorded through the terminal's own session, as an officer would.
      const record = await page.evaluate(async () => {
        const res = await fetch('/api/v1/inspections', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            targetId: 'vehicle:浙F3A106',
            result: 'defects-found',
            action: 'correction-order',
            defects: [{ code: 'H-TANK-01', note: '阀门渗漏' }],
            notes: '现场责令整改',
          }),
        });
        const body = (await res.json()) as { inspection: { id: string; nodeId: string } };
        if (!body.inspection) throw new Error(JSON.stringify(body));
        return body.inspection;
      });
      const photo = await page.evaluate(
        async ({ id, data }) =>
          (
            await fetch(`/api/v1/inspections/${id}/photos`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ contentType: 'image/png', dataBase64: data }),
            })
          ).status,
        { id: record.id, data: PNG_1PX.toString('base64') },
      );
      expect(photo).toBe(201);
      const hash = t.app.storage.inspections.recordHash(record.id);
      const row = t.app.storage.outbox.peek(1000).find((r) => r.idempotencyKey.endsWith(`:inspection:${record.id}`));
      expect(hash).toBe(row?.hash.toString('hex'));

      await page.goto(new URL(`/api/v1/inspections/${record.id}/form`, url).href);
      const text = await page.textContent('body');
      for (const expected of ['检查记录单', '浙F3A106', 'H-TANK-01', '阀门渗漏', '责令改正', 'wu', '现场责令整改'])
        expect(text).toContain(expected);
      expect(await page.locator('.photos img').count()).toBe(1);
      // The QR code, read back from the rendered page, names the record and its chain hash.
      const shot = PNG.sync.read(await page.locator('#qr').screenshot());
      const code = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
      expect(code?.data).toBe(`kakou:${record.nodeId}:inspection:${record.id}:${hash}`);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
