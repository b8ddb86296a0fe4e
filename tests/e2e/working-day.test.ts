/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, logIn, requireChromium } from '../support/browser.js';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { callStartFinish } from '../support/officer-loop.js';
import { freePort } from '../support/ports.js';
import { until } from '../support/until.js';

const TOKEN = 'working-day-admin-token';
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const TRUCK = 'vehicle:浙F3A103'; // its company is black-listed: must-inspect
const VESSEL = 'vessel:413800102'; // black-listed, and reaches the line within the first minutes

interface ApiTarget {
  id: string;
  tier: string;
  capacity: string | null;
  gate: string | null;
  passage: { id: string; status: string } | null;
}
interface Report {
  byKind: Record<string, number>;
  open: { missedPassages: { count: number; latest: Array<{ targetId: string }> }; openDisputes: number };
  photos: { cited: number; stored: number; missing: number };
  gaps: unknown[];
  chain: { verified: boolean };
}

const dir = mkdtempSync(join(tmpdir(), 'kakou-working-day-'));
let central: RunningCli;
let demo: RunningCli;
let centralUrl = '';
let url = '';
let account: [string, string] = ['', ''];
let cookie = '';

beforeAll(async () => {
  const port = await freePort();
  centralUrl = `http://127.0.0.1:${port}/`;
  const issued = await runCli(['central', 'nodes', 'token', '--id', 'kakou-demo', '--data-dir', join(dir, 'central')], {
    KAKOU_LOG__LEVEL: 'warn',
  });
  expect(issued.code).toBe(0);
  central = startCli(['central', '--port', String(port), '--data-dir', join(dir, 'central')], {
    KAKOU_CENTRAL_TOKEN: TOKEN,
    KAKOU_LOG__LEVEL: 'warn',
  });
  await central.waitFor(/listening on/);
  demo = startCli(['demo', '--port', '0', '--no-faults'], {
    KAKOU_LOG__LEVEL: 'warn',
    KAKOU_SYNC__CENTRAL_URL: centralUrl,
    KAKOU_SYNC__ENROLMENT_TOKEN: issued.stdout.trim(),
  });
  url = (await demo.waitFor(/Terminal:\s+(http:\/\/\S+)/))[1] as string;
  const printed = await demo.waitFor(/Account:\s+(\S+) \/ (\S+)/);
  account = [printed[1] as string, printed[2] as string];
  const res = await fetch(new URL('/api/v1/session', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: account[0], password: account[1] }),
  });
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}, 60_000);

afterAll(async () => {
  await demo?.stop('SIGINT');
  await central?.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const api = async <T>(path: string): Promise<T> =>
  (await (await fetch(new URL(path, url), { headers: { cookie } })).json()) as T;
const targets = async () => (await api<{ targets: ApiTarget[] }>('/api/v1/targets')).targets;
const report = async () =>
  (await (
    await fetch(new URL('v1/nodes/kakou-demo/report', centralUrl), { headers: { authorization: `Bearer ${TOKEN}` } })
  ).json()) as Report;

describe("a checkpoint's working day, from the officer's terminal to the central", () => {
  it('calls, inspects with a photo, disputes, acknowledges, corrects, and misses a vessel; the central holds each once', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await logIn(page, url, account[0], account[1]);
      await page.waitForSelector('#main-view:not([hidden])');

      // The must-inspect truck, called, started and finished from the list.
      const row = page.locator(`#targets tr[data-id="${TRUCK}"]`);
      await row.locator('.passage-approaching, .passage-called').first().waitFor({ timeout: 30_000 });
      expect((await targets()).find((t) => t.id === TRUCK)?.tier).toBe('must-inspect');
      await callStartFinish(row);
      const planBefore = await targets();

      // The record: defects found, with a photo.
      await row.locator('td.steps button:not(.step)').click();
      await page.waitForSelector('#inspect-dialog[open]');
      await page.selectOption('#inspect-form select[name=result]', 'defects-found');
      await page.locator('#defect-list input[value="H-TANK-01"]').check();
      await page.setInputFiles('#inspect-form input[name=photos]', {
        name: 'tank.png',
        mimeType: 'image/png',
        buffer: PNG_1X1,
      });
      await page.click('#inspect-form button[type=submit]');
      await page.waitForSelector('#inspect-dialog[open]', { state: 'detached' });
      await page.locator(`#targets tr.closed[data-id="${TRUCK}"] .passage-inspected`).waitFor();

      // Out of the to-stop list, its boarding place freed for the next target in the plan: each
      // gate's team has all its places taken while targets heading for its gate wait for one.
      const { targets: after, capacity } = await api<{
        targets: ApiTarget[];
        capacity: { teams: Array<{ gate: string | null; boardingsPerHour: number; boarded: number }> };
      }>('/api/v1/targets');
      const truck = after.find((t) => t.id === TRUCK);
      expect(truck?.passage?.status).toBe('inspected');
      expect(truck?.capacity).toBeNull();
      for (const team of capacity.teams) {
        const mine = after.filter((t) => t.gate === team.gate && t.capacity !== null);
        expect(mine.filter((t) => t.capacity === 'within').length, `gate ${team.gate}`).toBe(team.boarded);
        expect(team.boarded, `gate ${team.gate}`).toBe(Math.min(team.boardingsPerHour, mine.length));
      }
      expect(planBefore.find((t) => t.id === TRUCK)?.capacity).toBe('within');

      // A dispute against the company's black-list entry, and a correction of the record, on the target page.
      await page.evaluate(
        (hash) => {
          location.hash = hash;
        },
        `#target/${encodeURIComponent(TRUCK)}`,
      );
      const entry = page.locator('#credit-entries tr[data-entry^="L-company-"]');
      await entry.locator('button.link').click();
      await entry.locator('input[name=officerNote]').fill('企业称事故责任认定已变更');
      await entry.locator('input[name=subjectStatement]').fill('责任认定书已撤销，附复议决定');
      await entry.locator('form.dispute-form button[type=submit]').click();
      await page.locator('#credit-entries tr[data-entry^="L-company-"] .dispute-state').waitFor();
      const record = page.locator('#detail-inspections > li').first();
      await record.locator('button.link').first().click();
      await record.locator('form.amend-corrections input[name=reason]').fill('补记阀门型号');
      await record.locator('form.amend-corrections button[type=submit]').click();
      await page.locator('#detail-inspections > li[data-standing="corrected"]').waitFor();

      // A critical alarm rings until an officer acknowledges it with the handling note.
      const banner = page.locator('#alarm-banner form').first();
      await banner.waitFor({ timeout: 150_000 });
      await banner.locator('input[name=note]').fill('已联系驾驶员，现场确认');
      await banner.locator('button[type=submit]').click();

      // The black-listed vessel crosses the line uninspected: missed, on the supervisor's shift page.
      await until(
        async () => ((await targets()).find((t) => t.id === VESSEL)?.passage?.status === 'missed' ? true : undefined),
        180_000,
        'the black-listed vessel crossing',
      );
      await page.evaluate(() => {
        location.hash = '#shift';
      });
      await page.locator(`#shift-missed tr[data-id="${VESSEL}"] .passage-missed`).waitFor();

      // Everything reached the central, once each, and its report counts it.
      const at = await until(
        async () => {
          const r = await report();
          const done =
            (r.byKind.dispute ?? 0) >= 1 &&
            (r.byKind.inspection ?? 0) >= 2 &&
            r.photos.stored >= 1 &&
            r.photos.missing === 0 &&
            r.open.missedPassages.latest.some((p) => p.targetId === VESSEL);
          return done ? r : undefined;
        },
        90_000,
        'the records at the central',
      );
      expect(at.byKind.dispute).toBe(1);
      expect(at.byKind.inspection).toBe(2); // the record and its correction
      expect(at.byKind['inspection-photo']).toBe(1);
      expect(at.photos).toEqual({ cited: 1, stored: 1, missing: 0 });
      expect(at.open.openDisputes).toBe(1);
      expect(at.byKind.alarm).toBeGreaterThanOrEqual(2);
      expect(at.byKind.passage).toBeGreaterThanOrEqual(2);
      expect(at.gaps).toEqual([]);
      expect(at.chain.verified).toBe(true);
    } finally {
      await browser.close();
    }
  }, 600_000);
});
