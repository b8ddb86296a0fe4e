/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import { describe, expect, it } from 'vitest';
import { launchChromium, logIn, requireChromium } from '../support/browser.js';
import { callStartFinish } from '../support/officer-loop.js';
import { ROAD_LINE, truckAt } from '../support/messages.js';
import { useRoadLineApp } from '../support/road-line-app.js';

// A north-south line across an east-west road; the trucks drive east towards it.
const LAT = ROAD_LINE.lat;
const node = useRoadLineApp();

const drive = (terminal: string, plate: string, lon: number) =>
  node().t.app.ingest.accept(truckAt(terminal, plate, { lat: LAT, lon, heading: 90, kmh: 40 }));

describe('the officer loop in the terminal', () => {
  it('calls, starts, finishes and records a passage, corrects the record, and shows a missed one to the supervisor', async (ctx) => {
    requireChromium(ctx);
    drive('013800000103', '浙F3A103', 120.7555);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await logIn(page, node().url, 'sun', 'correct-horse-9');
      const row = page.locator('#targets tr[data-id="vehicle:浙F3A103"]');
      await row.locator('.passage-approaching').waitFor();
      await callStartFinish(row);
      await row.locator('td.steps button:not(.step)').click();
      await page.waitForSelector('#inspect-dialog[open]');
      await page.selectOption('#inspect-form select[name=result]', 'defects-found');
      await page.click('#inspect-form button[type=submit]');
      await page.waitForSelector('#inspect-dialog[open]', { state: 'detached' });
      // Inspected: the row leaves the to-stop part of the list, greyed below it.
      await page.locator('#targets tr.closed[data-id="vehicle:浙F3A103"] .passage-inspected').waitFor();
      const [record] = node().t.app.storage.inspections.recent(1);
      expect(record).toMatchObject({ officer: 'sun', calledAt: expect.any(String), startedAt: expect.any(String) });

      // The record's history on the target page: a correction is a new record under the original.
      await page.evaluate(
        (hash) => {
          location.hash = hash;
        },
        `#target/${encodeURIComponent('vehicle:浙F3A103')}`,
      );
      const item = page.locator(`#detail-inspections li[data-inspection="${record?.id}"]`);
      await item.locator('button.link').first().click();
      await item.locator('form.amend-corrections input[name=reason]').fill('补记罐体标识问题');
      await item.locator('form.amend-corrections button[type=submit]').click();
      await page
        .locator(`#detail-inspections li[data-inspection="${record?.id}"][data-standing="corrected"]`)
        .waitFor();
      expect(await page.textContent('#detail-inspections ol.amendments')).toContain('补记罐体标识问题');

      // A structured dispute (异议) against the company's black-list entry, with the subject's statement.
      const entry = page.locator('#credit-entries tr[data-entry^="L-company-"]');
      await entry.locator('button.link').click();
      await entry.locator('input[name=officerNote]').fill('企业称事故责任认定已变更');
      await entry.locator('input[name=subjectStatement]').fill('事故责任认定书已于上月撤销');
      await entry.locator('form.dispute-form button[type=submit]').click();
      await page.locator('#credit-entries tr[data-entry^="L-company-"] .dispute-state').waitFor();
      const [dispute] = node().t.app.storage.disputes.list({ targetId: 'vehicle:浙F3A103' });
      expect(dispute?.opened).toMatchObject({
        entryKind: 'list',
        officer: 'sun',
        subjectStatement: '事故责任认定书已于上月撤销',
      });

      // A selected truck that crosses uninspected shows as missed on the supervisor's shift page.
      drive('013800000104', '浙F3A104', 120.7584); // just short of the line
      node().t.app.targets.override('vehicle:浙F3A104', 'must-inspect', 'li', '群众举报');
      drive('013800000104', '浙F3A104', 120.7586); // across it, a plausible move a moment later
      const boss = await browser.newPage();
      await logIn(boss, node().url, 'li', 'correct-horse-9');
      await boss.evaluate(() => {
        location.hash = '#shift';
      });
      await boss.locator('#shift-missed tr[data-id="vehicle:浙F3A104"] .passage-missed').waitFor();
    } finally {
      await browser.close();
    }
  }, 90_000);
});
