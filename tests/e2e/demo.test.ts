/// <reference lib="dom" />
// The page functions passed to Playwright run in Chromium, hence the DOM types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIERS } from '../../src/domain/target.js';
import { artifactPath } from '../support/artifacts.js';
import { launchChromium, requireChromium } from '../support/browser.js';
import { startCli, type RunningCli } from '../support/cli.js';

interface ApiTarget {
  id: string;
  kind: string;
  tier: string;
  score: number;
  distanceM: number | null;
  etaS: number | null;
  crossingSoon: boolean;
  gate: string | null;
  reasons: Array<{ code: string; text: string; evidence?: string }>;
}

/** A 1 x 1 PNG, for the photo upload. */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

let demo: RunningCli;
let url: string;
let username: string;
let password: string;
let cookie: string;
let startedAt: number;

beforeAll(async () => {
  startedAt = Date.now();
  demo = startCli(['demo', '--port', '0'], { KAKOU_LOG__LEVEL: 'warn' });
  url = (await demo.waitFor(/Terminal:\s+(http:\/\/\S+)/))[1] as string;
  const account = await demo.waitFor(/Account:\s+(\S+) \/ (\S+)/);
  username = account[1] as string;
  password = account[2] as string;
  const res = await fetch(new URL('/api/v1/session', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}, 30_000);

afterAll(async () => {
  if (demo) {
    const { code, ms } = await demo.stop('SIGINT');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
  }
});

describe('kakou demo', () => {
  it('shows at least 10 live targets, vessels and vehicles, in all four tiers, with reasons, within 30 s', async () => {
    let targets: ApiTarget[] = [];
    while (Date.now() - startedAt < 30_000) {
      const body = (await (await fetch(new URL('/api/v1/targets', url), { headers: { cookie } })).json()) as {
        targets: ApiTarget[];
      };
      targets = body.targets;
      const tiers = new Set(targets.map((t) => t.tier));
      const kinds = new Set(targets.map((t) => t.kind));
      if (targets.length >= 10 && TIERS.every((t) => tiers.has(t)) && kinds.has('vessel') && kinds.has('vehicle'))
        break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(targets.length).toBeGreaterThanOrEqual(10);
    expect(new Set(targets.map((t) => t.tier))).toEqual(new Set(TIERS));
    expect(new Set(targets.map((t) => t.kind))).toEqual(new Set(['vessel', 'vehicle']));
    for (const t of targets.filter((x) => x.tier !== 'pass')) expect(t.reasons.length, t.id).toBeGreaterThan(0);
    expect(targets.every((t) => t.reasons.every((r) => r.text.length > 0))).toBe(true);
  }, 35_000);

  it('moves vessels along the waterway past the checkpoint line with ETAs and live AIS risk signals', async () => {
    // Each scripted vessel shows its signal within seconds; the one that goes dark takes minutes and is unit-tested.
    const wanted: Record<string, string> = {
      'vessel:123456789': 'AIS_INVALID_MMSI',
      'vessel:413800101': 'DRAUGHT_OVER_MAX',
      'vessel:413800106': 'AIS_SPEEDING_ZONE',
      'vessel:413800103': 'AIS_POSITION_JUMP',
      'vessel:413800107': 'AIS_DUPLICATE_MMSI',
      'vessel:413800108': 'AIS_IDENTITY_CHANGED',
      'vessel:413800111': 'CONES_UNDECLARED',
    };
    const missing = () =>
      Object.entries(wanted).filter(
        ([id, code]) => !targets.find((t) => t.id === id)?.reasons.some((r) => r.code === code && r.evidence),
      );
    let targets: ApiTarget[] = [];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      targets = (
        (await (await fetch(new URL('/api/v1/targets?kind=vessel', url), { headers: { cookie } })).json()) as {
          targets: ApiTarget[];
        }
      ).targets;
      if (missing().length === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(missing()).toEqual([]);
    const arriving = targets.filter((t) => t.crossingSoon && t.etaS !== null && t.etaS > 0);
    expect(arriving.length).toBeGreaterThanOrEqual(3);
    for (const t of arriving) expect(t.distanceM).toBeGreaterThan(0);
    expect(targets.some((t) => t.etaS === null)).toBe(true); // vessels that have passed the line are leaving
  }, 25_000);

  it('checks trucks against their waybills and the checkpoint scale, and plans the hour against capacity', async () => {
    const wanted: Record<string, string> = {
      'vehicle:浙F3A103': 'WAYBILL_MISSING',
      'vehicle:浙F3A102': 'WAYBILL_OUT_OF_WINDOW',
      'vehicle:浙F3A105': 'OVERLOAD_GROSS',
      // A second truck under this plate crosses the scale while the plate's terminal is 6 km away.
      'vehicle:浙F3A104': 'PLATE_CLONED',
    };
    let body: { targets: ApiTarget[]; capacity: { boardingsPerHour: number; arriving: number } | null } = {
      targets: [],
      capacity: null,
    };
    const missing = () =>
      Object.entries(wanted).filter(
        ([id, code]) => !body.targets.find((t) => t.id === id)?.reasons.some((r) => r.code === code),
      );
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      body = (await (
        await fetch(new URL('/api/v1/targets?kind=vehicle', url), { headers: { cookie } })
      ).json()) as typeof body;
      if (missing().length === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(missing()).toEqual([]);
    expect(body.targets.find((t) => t.id === 'vehicle:浙F3A105')?.tier).toBe('must-inspect');
    // Two gates' teams of three: every truck is planned against the road gate.
    expect(body.capacity?.boardingsPerHour).toBe(6);
    expect(body.capacity?.arriving).toBeGreaterThan(0);
    expect(new Set(body.targets.filter((t) => t.gate !== null).map((t) => t.gate))).toEqual(new Set(['road']));
  }, 25_000);

  it('fires every hazmat and checkpoint-device check: driver, cargo class, route, leak, hull name, no AIS', async () => {
    // The scripted units show these within a minute: the detouring truck is the last to leave its corridor. (The
    // silent tank sensor's SENSOR_STALE waits on a 60 s liveness: protobuf-devices.test.ts moves a test clock past it.)
    const wanted: Record<string, string> = {
      'vehicle:浙F3A108': 'DRIVER_UNQUALIFIED',
      'vehicle:浙F3A109': 'CARGO_CLASS_NOT_PERMITTED',
      'vehicle:浙F3A110': 'WAYBILL_OFF_ROUTE',
      'vehicle:浙F3A111': 'ALARM_TANK_LEAK',
      'vehicle:浙F3A112': 'WAYBILL_UN_CLASS_MISMATCH',
      'vessel:413800109': 'HULL_NAME_MISMATCH',
      'vessel:413800110': 'AIS_NOT_SEEN',
    };
    let targets: ApiTarget[] = [];
    const missing = () =>
      Object.entries(wanted).filter(
        ([id, code]) => !targets.find((t) => t.id === id)?.reasons.some((r) => r.code === code),
      );
    while (Date.now() - startedAt < 80_000) {
      targets = (
        (await (await fetch(new URL('/api/v1/targets', url), { headers: { cookie } })).json()) as {
          targets: ApiTarget[];
        }
      ).targets;
      if (missing().length === 0) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(missing()).toEqual([]);
    // A leak makes its tanker must-inspect at once; a hull that is not the vessel's, likewise.
    expect(targets.find((t) => t.id === 'vehicle:浙F3A111')?.tier).toBe('must-inspect');
    expect(targets.find((t) => t.id === 'vessel:413800109')?.tier).toBe('must-inspect');
    // The misdeclared waybill is shown with what the dangerous goods list says of its UN number.
    const misdeclared = targets
      .find((t) => t.id === 'vehicle:浙F3A112')
      ?.reasons.find((r) => r.code === 'WAYBILL_UN_CLASS_MISMATCH');
    expect(misdeclared?.evidence).toMatch(/UN1830\/3 ≠ 8 C1 PG II/);
    // The driver is named by a masked ID only.
    const driver = targets
      .find((t) => t.id === 'vehicle:浙F3A108')
      ?.reasons.find((r) => r.code === 'DRIVER_UNQUALIFIED');
    expect(driver?.text).toMatch(/330\*+\d{3}[0-9X]/);
  }, 85_000);

  it('streams the target list over server-sent events', async () => {
    const ctrl = new AbortController();
    const res = await fetch(new URL('/api/v1/events', url), { headers: { cookie }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const events: Array<{ version: number; targets: ApiTarget[] }> = [];
    const deadline = Date.now() + 10_000;
    while (events.length < 2 && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      let idx;
      while ((idx = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, idx);
        text = text.slice(idx + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (block.includes('event: targets') && data) events.push(JSON.parse(data.slice(6)));
      }
    }
    ctrl.abort();
    expect(events.length).toBe(2);
    expect(events[0]?.targets.length).toBeGreaterThanOrEqual(10);
    expect(events[1]?.version).toBeGreaterThan(events[0]?.version ?? Infinity);
  });

  it('works in Chromium: log in, open an arriving vessel, record a defect, see it on the shift page, capture each page', async (ctx) => {
    requireChromium(ctx);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(url);
      await page.fill('#login-form input[name=username]', username);
      await page.fill('#login-form input[name=password]', password);
      await page.click('#login-form button[type=submit]');
      await page.waitForFunction(() => document.querySelectorAll('#targets tbody tr').length >= 10, undefined, {
        timeout: 15_000,
      });
      const tiers = await page.$$eval('#targets tbody tr .tier', (els) => [...new Set(els.map((e) => e.textContent))]);
      expect(new Set(tiers)).toEqual(new Set(['必检', '可检', '随机抽检', '放行']));
      expect(await page.textContent('h1')).toContain('卡口检查终端');
      await page.screenshot({ path: artifactPath('terminal-list.png'), fullPage: true });

      // The nearest approaching vessel that is selected for inspection: its distance falls as the list updates live.
      const pick = () =>
        page.$$eval(
          '#targets tbody tr',
          (rows) =>
            rows
              .filter(
                (r) =>
                  r.querySelector('.eta-soon') &&
                  r.children[2]?.textContent === '船舶' &&
                  r.getAttribute('data-tier') !== 'pass' &&
                  r.children[3]?.textContent !== '0',
              )
              .map((r) => ({
                id: r.getAttribute('data-id') as string,
                d: r.querySelector('.distance')?.textContent ?? '',
              }))
              .sort(
                (a, b) =>
                  parseFloat(a.d) * (a.d.endsWith('km') ? 1000 : 1) - parseFloat(b.d) * (b.d.endsWith('km') ? 1000 : 1),
              )[0],
        );
      await page.waitForFunction(
        () =>
          Array.from(document.querySelectorAll('#targets tbody tr')).some(
            (r) =>
              r.querySelector('.eta-soon') &&
              r.children[2]?.textContent === '船舶' &&
              r.getAttribute('data-tier') !== 'pass' &&
              r.children[3]?.textContent !== '0',
          ),
        undefined,
        { timeout: 20_000 },
      );
      const vessel = await pick();
      expect(vessel, 'an approaching vessel selected for inspection').toBeDefined();
      const { id, d: before } = vessel as { id: string; d: string };
      await page.waitForFunction(
        ([vid, d]) => {
          const row = document.querySelector(`#targets tbody tr[data-id="${vid}"]`);
          return row !== null && row.querySelector('.distance')?.textContent !== d;
        },
        [id, before] as const,
        { timeout: 40_000 },
      );

      await page.click(`#targets tbody tr[data-id="${id}"] td:nth-child(2) a`);
      await page.waitForSelector('#target-body h2');
      expect(await page.$$eval('#target-body svg.breakdown rect', (r) => r.length)).toBeGreaterThan(0);
      await page.screenshot({ path: artifactPath('terminal-target.png'), fullPage: true });
      await page.click('#detail-inspect');
      await page.selectOption('#inspect-form select[name=result]', 'defects-found');
      await page.selectOption('#inspect-form select[name=action]', 'correction-order');
      await page.check('#defect-list input[value="V-NAV-01"]');
      await page.setInputFiles('#inspect-form input[name=photos]', {
        name: 'deck.png',
        mimeType: 'image/png',
        buffer: Buffer.from(PNG_1X1, 'base64'),
      });
      await page.click('#inspect-form button[type=submit]');
      await page.waitForFunction(
        () => /V-NAV-01/.test(document.querySelector('#detail-inspections')?.textContent ?? ''),
        undefined,
        { timeout: 10_000 },
      );
      await page.waitForSelector('#detail-inspections img.thumb', { timeout: 10_000 });

      await page.click('nav a[href="#shift"]');
      await page.waitForFunction(
        (vid) =>
          document.querySelector(`#shift-decisions tr[data-id="${vid}"]`)?.textContent?.includes('已检查') ?? false,
        id,
        { timeout: 10_000 },
      );
      await page.screenshot({ path: artifactPath('terminal-shift.png'), fullPage: true });

      // The situation map: the demo's canal and road drawn from its own geometry, the line, the ETA
      // rings, a scale bar and north arrow, every placed target with its track; nothing from the internet.
      const outside: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).host !== new URL(url).host) outside.push(r.url());
      });
      await page.click('nav a[href="#map"]');
      await page.waitForFunction(() => document.querySelectorAll('#map .target-mark').length >= 10, undefined, {
        timeout: 10_000,
      });
      for (const kind of ['fairway', 'bank', 'road', 'lane', 'berth'])
        expect(await page.locator(`#map path.feature-${kind}`).count(), kind).toBeGreaterThan(0);
      expect(await page.locator('#map .ring-label').allTextContents()).toEqual(['5 分钟', '15 分钟', '30 分钟']);
      expect(await page.locator('#map .leaflet-control-scale-line').textContent()).toMatch(/^\d+ k?m$/);
      expect(await page.locator('#map .north-arrow').textContent()).toContain('北');
      expect(await page.locator('#map .feature-label-fairway').textContent()).toBe('杭申线');
      await page.waitForFunction(() => document.querySelectorAll('#map .leaflet-overlay-pane path.trail').length >= 5);
      await page.screenshot({ path: artifactPath('terminal-map.png'), fullPage: true });
      // The kind filter is the list's: vehicles only, and the rings follow the vehicles' speed.
      await page.selectOption('#filter-kind', 'vehicle');
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('#map .target-mark')).every((m) => m.classList.contains('kind-vehicle')),
      );
      await page.selectOption('#filter-kind', '');
      // Two gates, each its team's: the road gate's filter shows the trucks heading for it, on the map and the list.
      await page.selectOption('#filter-gate', 'road');
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('#map .target-mark')).every((m) => m.classList.contains('kind-vehicle')),
      );
      expect(await page.locator('#map .gate-label').allTextContents()).toEqual(['杭申线航道', '公路桥卡口']);
      await page.click('nav a[href="#list"]');
      await page.waitForFunction(() => {
        const badges = Array.from(document.querySelectorAll('#targets .gate-badge'));
        return badges.length > 0 && badges.every((b) => b.getAttribute('data-gate') === 'road');
      });
      await page.selectOption('#filter-gate', '');
      await page.click('nav a[href="#map"]');
      // A click on a target opens its page.
      const mark = page.locator('#map .target-mark.tier-must-inspect').first();
      const markId = await mark.getAttribute('data-id');
      await mark.click();
      await page.waitForFunction((id) => location.hash === `#target/${encodeURIComponent(id as string)}`, markId);
      expect(outside).toEqual([]);

      await page.click('nav a[href="#devices"]');
      // The simulator's first malformed messages go out 2 s after start.
      await page.waitForFunction(
        () =>
          /未知主题|报文格式错误|NMEA校验和错误|缺少身份标识/.test(
            document.querySelector('#devices-body')?.textContent ?? '',
          ),
        undefined,
        { timeout: 15_000 },
      );
      expect(await page.$$eval('#device-table tbody tr', (r) => r.length)).toBeGreaterThan(3);
      await page.screenshot({ path: artifactPath('terminal-devices.png'), fullPage: true });

      await page.click('nav a[href="#admin"]');
      await page.waitForSelector('#user-table');
      await page.screenshot({ path: artifactPath('terminal-admin.png'), fullPage: true });

      // Keyboard alone: the page links are reachable with Tab and followed with Enter.
      await page.click('nav a[href="#list"]');
      await page.focus('nav a[href="#list"]');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => !(document.querySelector('#page-map') as HTMLElement).hidden);
      // A tablet held upright.
      await page.setViewportSize({ width: 820, height: 1180 });
      await page.click('nav a[href="#list"]');
      await page.screenshot({ path: artifactPath('terminal-tablet.png'), fullPage: false });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      await page.setViewportSize({ width: 1366, height: 768 });

      await page.click('#lang');
      expect(await page.textContent('nav a[href="#list"]')).toBe('Targets');
      await page.click('nav a[href="#list"]');
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('#targets tbody tr .tier')).some((e) => e.textContent === 'must inspect'),
      );
      await page.screenshot({ path: artifactPath('terminal-list-en.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 90_000);
});
