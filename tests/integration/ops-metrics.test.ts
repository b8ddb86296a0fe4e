import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { addNode } from '../../src/central/node-admin.js';
import { PACKAGE_VERSION } from '../../src/paths.js';
import { startCentral, type TestCentral } from '../support/central.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

/** What a Prometheus operator alerts on, as the node exports it (deploy/prometheus/). */
const apps: TestApp[] = [];
const centrals: TestCentral[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const c of centrals.splice(0)) await c.close();
});

async function scrape(t: TestApp): Promise<string> {
  const res = await t.app.web.app.inject({ url: '/metrics' });
  expect(res.statusCode).toBe(200);
  return res.body;
}

async function readyz(t: TestApp): Promise<{ status: number; body: { ready: boolean; reasons: string[] } }> {
  const res = await t.app.web.app.inject({ url: '/readyz' });
  return { status: res.statusCode, body: res.json() };
}

describe('operations metrics', () => {
  it('exports the build, readiness by check, and every known counter at zero from start', async () => {
    const t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
    apps.push(t);
    const text = await scrape(t);
    expect(text).toContain(`kakou_build_info{version="${PACKAGE_VERSION}"} 1`);
    expect(text).toContain('kakou_sync_batches_total{outcome="refused"} 0');
    expect(text).toContain('kakou_outbox_acked_total{lane="0"} 0');
    expect(text).toContain('kakou_inspections_total{result="defects-found"} 0');
    expect(text).toContain('kakou_ingest_messages_total{profile="hazmat-terminal-json",outcome="dropped"} 0');
    expect(text).toContain('kakou_tracks_removed_total{cause="evicted"} 0');
    // The broker is out of reach: the node is not ready, and says which check fails.
    expect(text).toContain('kakou_ready 0');
    expect(text).toContain('kakou_ready_check{check="broker"} 0');
    expect(text).toContain('kakou_ready_check{check="database"} 1');
  });

  it("shows each device's liveness and shares, and the publish-to-list latency", async () => {
    const clock = new ManualClock(Date.parse('2026-12-03T02:00:00Z'));
    const t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } }, clock);
    apps.push(t);
    const report = JSON.stringify({
      plate: '浙F3A106',
      lat: 30752200,
      lon: 120758500,
      speed: 500,
      direction: 90,
      alarm: 0,
      time: new Date(clock.now()).toISOString(),
    });
    t.app.ingest.accept({
      form: 'message',
      topic: 'kakou/hazmat/013800000106/location',
      payload: Buffer.from(report),
    });
    // The list is rescored after its debounce; the device then stays silent for half a minute.
    clock.advance(300);
    clock.advance(29_700);
    const text = await scrape(t);
    const labels = 'profile="hazmat-terminal-json",device="013800000106"';
    expect(text).toContain(`kakou_device_online{${labels}} 1`);
    expect(text).toContain(`kakou_device_last_message_age_seconds{${labels}} 30`);
    expect(text).toContain(`kakou_device_share_ratio{${labels},measure="valid"} 1`);
    expect(text).toMatch(/kakou_publish_to_list_seconds_count [1-9]/);
  });

  it('fails readiness on an uplink that is stuck: dead letters and an old backlog, each by name', async () => {
    const clock = new ManualClock(Date.now());
    const t = await createTestApp(
      { mqtt: { url: 'mqtt://127.0.0.1:1' }, sync: { centralUrl: 'http://127.0.0.1:1/', backlogAlertMinutes: 30 } },
      clock,
    );
    apps.push(t);
    const outbox = t.app.storage.outbox;
    const { seq } = outbox.append({
      kind: 'alarm',
      idempotencyKey: 'n:alarm:1',
      lane: 1,
      payload: '{}',
      createdAtMs: clock.now(),
    });
    outbox.deadLetter(seq, 'KAKOU_E_SYNC_CONFLICT', 'a different record is stored', clock.now());
    let text = await scrape(t);
    expect(text).toContain('kakou_uplink_problem{problem="dead_letters"} 1');
    expect(text).toContain('kakou_uplink_problem{problem="backlog_old"} 0');
    const r = await readyz(t);
    expect(r.status).toBe(503);
    expect(r.body.reasons.join('\n')).toMatch(/^uplink: dead_letters/m);

    outbox.append({ kind: 'alarm', idempotencyKey: 'n:alarm:2', lane: 1, payload: '{}', createdAtMs: clock.now() });
    clock.advance(31 * 60_000);
    text = await scrape(t);
    expect(text).toContain('kakou_uplink_problem{problem="backlog_old"} 1');
    expect(text).toContain('kakou_ready_check{check="uplink"} 0');
  });

  it('fails readiness when the central holds another key for this node', async () => {
    const central = await startCentral(0, undefined, undefined, false);
    centrals.push(central);
    await addNode(central.store, 'node-conflict', 'ab'.repeat(32), 'someone else', Date.now());
    const t = await createTestApp({
      node: { id: 'node-conflict' },
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      sync: { centralUrl: central.url, minBackoffMs: 20, maxBackoffMs: 100, probeMs: 20 },
    });
    apps.push(t);
    await t.app.start();
    t.app.storage.outbox.append({
      kind: 'alarm',
      idempotencyKey: 'n:alarm:1',
      lane: 1,
      payload: '{}',
      createdAtMs: Date.now(),
    });
    t.app.events.emit('outbox-changed', { seq: 0 });
    await until(
      async () => (await scrape(t)).includes('kakou_uplink_problem{problem="key_conflict"} 1'),
      10_000,
      'key conflict shown',
    );
    expect((await readyz(t)).body.reasons.join('\n')).toMatch(/^uplink: key_conflict/m);
  });
});

describe('the metrics listener', () => {
  it('serves /metrics over plain HTTP on its own port, and nothing else', async () => {
    const t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' }, http: { port: 0, metricsPort: 0 } });
    apps.push(t);
    const { metricsUrl } = await t.app.start();
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(metricsUrl as string);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('kakou_build_info');
    expect((await fetch(new URL('/api/v1/targets', metricsUrl))).status).toBe(404);
    expect((await fetch(metricsUrl as string, { method: 'POST' })).status).toBe(405);
  });
});
