/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { AlarmBook } from '../../src/inspections/alarm-book.js';
import { launchChromium, logIn, requireChromium } from '../support/browser.js';
import { ROAD_LINE, truckAt } from '../support/messages.js';
import { useRoadLineApp } from '../support/road-line-app.js';

// A north-south line across an east-west road; the truck drives east towards it and over it.
const LAT = ROAD_LINE.lat;
const TRUCK = 'vehicle:浙F3A103';
const node = useRoadLineApp();

const drive = (lon: number) =>
  node().t.app.ingest.accept(truckAt('013800000103', '浙F3A103', { lat: LAT, lon, heading: 90, kmh: 40 }));

/** Records each browser notification and tone the page makes, so the test can see the alert reached the officer. */
function observeAlerts(): void {
  const w = window as unknown as { seen: { notes: string[]; tones: number } };
  w.seen = { notes: [], tones: 0 };
  const Real = window.Notification;
  class Observed extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      w.seen.notes.push(title);
    }
  }
  Object.defineProperty(window, 'Notification', { value: Observed });
  const create = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    w.seen.tones++;
    return create.call(this);
  };
}

describe("the officers' attention", () => {
  it('rings every terminal for a must-inspect target and a missed passage until one officer acknowledges it', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const terminals = await Promise.all(
        ['sun', 'li'].map(async (user) => {
          const context = await browser.newContext({
            permissions: ['notifications'],
            viewport: { width: 1440, height: 900 },
          });
          await context.addInitScript(observeAlerts);
          const page = await context.newPage();
          await logIn(page, node().url, user, 'correct-horse-9');
          await page.waitForSelector('#main-view:not([hidden])');
          return page;
        }),
      );
      const [desk, supervisor] = terminals as [(typeof terminals)[0], (typeof terminals)[0]];

      // Six hundred metres short of the line, heading for it: must-inspect (its company is on the black list).
      drive(120.7555);
      for (const page of terminals) {
        const alert = page.locator('#alarm-banner form[data-code="must-inspect"]');
        await alert.waitFor();
        expect(await alert.locator(`a[href="#target/${encodeURIComponent(TRUCK)}"]`).count()).toBe(1);
        // And it heads the arriving strip with its tier.
        await page.locator(`#arriving a[data-id="${TRUCK}"] .tier-must-inspect`).waitFor();
        await page.waitForFunction(() => {
          const seen = (window as unknown as { seen: { notes: string[]; tones: number } }).seen;
          return seen.notes.length >= 1 && seen.tones >= 1;
        });
      }
      const raised = node()
        .t.app.storage.alarms.waiting()
        .find((a) => a.alarm === 'must-inspect');
      expect(raised).toMatchObject({ targetId: TRUCK, profile: 'kakou', critical: true, acknowledged: null });

      // One officer acknowledges it; it stops on the other terminal too, and the acknowledgement is a record.
      await desk.locator('#alarm-banner form[data-code="must-inspect"] button[type=submit]').click();
      await supervisor.locator('#alarm-banner form[data-code="must-inspect"]').waitFor({ state: 'detached' });
      // The desk hides its banner when the acknowledgement comes back, which may be after the other terminal hears of it.
      await desk.locator('#alarm-banner').waitFor({ state: 'hidden' });
      expect(node().t.app.storage.alarms.get(raised?.alarmId as string)?.acknowledged).toMatchObject({
        by: 'sun',
        note: '已知悉',
      });

      // Nobody calls it and it crosses the line: a missed passage rings both terminals.
      drive(120.7584); // just short of the line
      drive(120.7586); // across it, a plausible move a moment later
      for (const page of terminals) await page.locator('#alarm-banner form[data-code="passage-missed"]').waitFor();
      const states = node().t.app.storage.alarms.recent(10);
      expect(states.find((a) => a.alarmId === raised?.alarmId)?.clearedAt).not.toBeNull();
      const missed = states.find((a) => a.alarm === 'passage-missed');
      expect(missed).toMatchObject({ targetId: TRUCK, clearedAt: null, acknowledged: null });
      await supervisor
        .locator('#alarm-banner form[data-code="passage-missed"] input[name=note]')
        .fill('已通知下游卡口拦截');
      await supervisor.locator('#alarm-banner form[data-code="passage-missed"] button[type=submit]').click();
      await desk.locator('#alarm-banner form[data-code="passage-missed"]').waitFor({ state: 'detached' });

      // Every step went upstream: raised, acknowledged, cleared and the missed alert with its acknowledgement.
      const outbox = node()
        .t.app.storage.outbox.peek(1000)
        .filter((r) => r.kind === 'alarm')
        .map((r) => JSON.parse(r.payload) as { alarm: string; event: string });
      expect(outbox.map((r) => `${r.alarm}:${r.event}`).sort()).toEqual([
        'must-inspect:acknowledged',
        'must-inspect:cleared',
        'must-inspect:raised',
        'passage-missed:acknowledged',
        'passage-missed:raised',
      ]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('raises one alert per passage, however often it is noticed, across a restart too', () => {
    const passageId = `20261204-1:${TRUCK}:1796420000000`;
    const before = node().t.app.storage.alarms.recent(1000).length;
    // A second book over the same records is the node after a restart: it knows the alert is raised.
    const [first, restarted] = [1, 2].map(
      () =>
        new AlarmBook(
          node().t.app.storage.alarms,
          'test-node',
          systemClock,
          { emit: () => undefined },
          pino({ level: 'silent' }),
        ),
    ) as [AlarmBook, AlarmBook];
    first.alert('must-inspect', passageId, TRUCK);
    first.alert('must-inspect', passageId, TRUCK);
    restarted.alert('must-inspect', passageId, TRUCK);
    expect(node().t.app.storage.alarms.recent(1000).length).toBe(before + 1);
    restarted.alertSettled('must-inspect', passageId);
    restarted.alertSettled('must-inspect', passageId);
    const cleared = node()
      .t.app.storage.alarms.recent(1000)
      .filter((a) => a.deviceId === passageId);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]?.clearedAt).not.toBeNull();
  });
});
