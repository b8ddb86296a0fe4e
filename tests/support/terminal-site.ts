/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import { createHash } from 'node:crypto';
import { ManualClock } from '../../src/clock.js';
import { DEMO_SITE, demoCheckpoint } from '../../src/demo/route.js';
import { Simulator } from '../../src/demo/simulator.js';
import { demoSiteDrawing } from '../../src/demo/site-drawing.js';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { logIn } from './browser.js';
import { startBroker, type TestBroker } from './broker.js';
import { importDemoSnapshot } from './snapshots.js';
import { createTestApp, type TestApp } from './test-app.js';

/** The terminal site's fixed moment: 10:00 at the checkpoint (UTC+8). */
export const SITE_TIME = Date.parse('2026-12-04T02:00:00.000Z');
/** How much demo traffic runs before the terminal is looked at. */
const TRAFFIC_S = 90;

export interface TerminalSite {
  t: TestApp;
  url: string;
  clock: ManualClock;
  /** The site's time once the traffic has run (the browser's clock is fixed to it). */
  now: number;
  users: { officer: string; supervisor: string; admin: string };
  password: string;
  close(): Promise<void>;
}

/**
 * The demo's checkpoint, traffic and drawing on a node whose clock the test holds: the same
 * subjects in the same places on every run, so the terminal's pages can be compared with their
 * baselines picture by picture. The simulator feeds the node's ingest in step with the clock; the
 * node still has its broker connection, as at a site.
 */
export async function startTerminalSite(): Promise<TerminalSite> {
  const clock = new ManualClock(SITE_TIME);
  const broker: TestBroker = await startBroker();
  const t = await createTestApp(
    {
      node: { id: 'kakou-jx-01', name: '嘉兴杭申线卡口节点' },
      site: { name: '嘉兴杭申线示范卡口', ...DEMO_SITE },
      checkpoint: demoCheckpoint(DEMO_SITE),
      map: { features: demoSiteDrawing(DEMO_SITE) },
      scoring: { seed: createHash('sha256').update('kakou terminal site').digest('hex') },
      mqtt: { url: broker.url, watch: '#' },
    },
    clock,
  );
  await importDemoSnapshot(t.app, SITE_TIME);
  const password = 'correct-horse-9';
  const users = { officer: 'sun', supervisor: 'li', admin: 'wang' };
  await t.app.accounts.createUser(users.officer, password, 'officer');
  await t.app.accounts.createUser(users.supervisor, password, 'supervisor');
  await t.app.accounts.createUser(users.admin, password, 'admin');
  const { url } = await t.app.start();
  const sim = new Simulator(
    {
      brokerUrl: broker.url,
      site: DEMO_SITE,
      faults: true,
      deliver: (topic, payload) => t.app.ingest.accept({ form: 'message', topic, payload }),
    },
    pino({ level: 'silent' }),
    clock,
  );
  await sim.start();
  for (let s = 0; s < TRAFFIC_S; s++) await clock.advanceAsync(1000);
  await sim.stop();
  return {
    t,
    url,
    clock,
    now: clock.now(),
    users,
    password,
    async close() {
      await t.close();
      await broker.stop();
    },
  };
}

/** Starts the terminal site before a test file's tests and stops it after them; the getter gives it to the tests. */
export function useTerminalSite(): () => TerminalSite {
  let site: TerminalSite | undefined;
  beforeAll(async () => {
    site = await startTerminalSite();
  }, 120_000);
  afterAll(async () => {
    await site?.close();
  });
  return () => site as TerminalSite;
}

export interface TerminalOptions {
  viewport?: { width: number; height: number };
  lang?: 'zh' | 'en';
  theme?: 'day' | 'night';
  touch?: boolean;
  user?: keyof TerminalSite['users'];
  /** Keep the browser's own clock (timing measurements); otherwise it is fixed at the site's moment. */
  realClock?: boolean;
}

/** A terminal on the site: a fresh browser context at a viewport, in a language and theme, logged in. */
export async function openTerminal(browser: Browser, site: TerminalSite, opts: TerminalOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    hasTouch: opts.touch ?? false,
  });
  await context.addInitScript(
    ([lang, theme]) => {
      localStorage.setItem('kakou.lang', lang as string);
      localStorage.setItem('kakou.theme', theme as string);
    },
    [opts.lang ?? 'zh', opts.theme ?? 'day'],
  );
  const page = await context.newPage();
  if (!opts.realClock) await page.clock.setFixedTime(site.now);
  await logIn(page, site.url, site.users[opts.user ?? 'admin'], site.password);
  await page.waitForSelector('#main-view:not([hidden])');
  return page;
}
