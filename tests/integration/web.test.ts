import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let cookie: string;
const inject = (opts: InjectOptions) => t.app.web.app.inject(opts);

/** A rollover alarm from a hazmat truck, through the real ingest path as the MQTT adapter hands it over. */
function reportRolloverTruck(): void {
  t.app.ingest.accept({
    form: 'message',
    topic: 'kakou/hazmat/013800000101/location',
    payload: Buffer.from(
      JSON.stringify({ plate: '浙F3A101', lat: 30752200, lon: 120758500, speed: 500, direction: 90, alarm: 1 << 30 }),
    ),
  });
}

beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 60_000 } });
  await importDemoSnapshot(t.app);
  cookie = await t.login('officer');
});
afterAll(async () => {
  await t.close();
});

describe('probes and metrics', () => {
  it('answers /healthz without authentication', async () => {
    const res = await inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
  });

  it('reports not ready with reasons while the broker is unreachable', async () => {
    const res = await inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    const body = res.json() as { checks: Record<string, { ok: boolean }>; reasons: string[] };
    expect(body.checks.broker?.ok).toBe(false);
    expect(body.checks.database?.ok).toBe(true);
    expect(body.checks.snapshot?.ok).toBe(true);
    expect(body.reasons.some((r) => r.startsWith('broker'))).toBe(true);
  });

  it('serves Prometheus text with ingest, target and event-loop metrics', async () => {
    t.app.ingest.accept({ form: 'message', topic: 'kakou/nowhere', payload: Buffer.from('x') });
    const res = await inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('kakou_ingest_drops_total{profile="unknown",reason="KAKOU_E_INGEST_UNKNOWN_TOPIC"} 1');
    expect(res.body).toContain('nodejs_eventloop_lag_seconds');
    expect(res.body).toMatch(/kakou_targets\{tier="pass"\}/);
  });
});

describe('authentication', () => {
  it('refuses data routes without a session, with a code', async () => {
    for (const url of ['/api/v1/targets', '/api/v1/events', '/api/v1/status', '/api/v1/inspections']) {
      const res = await inject({ url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('KAKOU_E_AUTH_REQUIRED');
    }
  });

  it('rejects a wrong password and then rate-limits the address', async () => {
    await t.app.accounts.createUser('victim', 'right-password-1', 'officer');
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'victim', password: `wrong-${i}` },
      });
      codes.push(res.json().error.code);
    }
    expect(codes.slice(0, 5).every((c) => c === 'KAKOU_E_AUTH_FAILED')).toBe(true);
    expect(codes.at(-1)).toBe('KAKOU_E_AUTH_RATE_LIMITED');
  });

  it('sets an HttpOnly SameSite=Strict session cookie', async () => {
    await t.app.accounts.createUser('cookie-user', 'right-password-2', 'officer');
    const res = await inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'cookie-user', password: 'right-password-2' },
    });
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
  });

  it('refuses a cross-origin state change', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: { cookie, origin: 'http://evil.example', host: 'localhost' },
      payload: {},
    });
    expect(res.json().error.code).toBe('KAKOU_E_AUTH_FORBIDDEN');
  });
});

describe('targets and inspections', () => {
  it('lists scored targets with reasons, ordered by tier then score', async () => {
    reportRolloverTruck();
    t.app.targets.flush();
    const res = await inject({ url: '/api/v1/targets', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      targets: Array<{ id: string; tier: string; reasons: Array<{ code: string; text: string }> }>;
    };
    const truck = body.targets.find((x) => x.id === 'vehicle:浙F3A101');
    expect(truck?.tier).toBe('must-inspect');
    expect(truck?.reasons.map((r) => r.code)).toContain('ALARM_ROLLOVER');
    expect(truck?.reasons[0]?.text).toMatch(/侧翻/);
  });

  it('stores an inspection with its outbox row and answers 201', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: { cookie },
      payload: {
        targetId: 'vehicle:浙F3A101',
        result: 'defects-found',
        action: 'detention',
        defects: [{ code: 'H-TANK-01', note: '罐体阀门泄漏' }],
      },
    });
    expect(res.statusCode).toBe(201);
    const rec = res.json().inspection;
    expect(rec).toMatchObject({ targetId: 'vehicle:浙F3A101', tierAtDecision: 'must-inspect', targetKind: 'vehicle' });
    expect(rec.officer).toMatch(/^user/);
    const row = t.app.storage.outbox.peek(10).find((r) => r.idempotencyKey.endsWith(rec.id));
    expect(JSON.parse(row?.payload ?? '{}')).toEqual(rec);
  });

  it('answers bad bodies with 400 and a coded error, unknown targets with 404', async () => {
    const bad = await inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: { cookie },
      payload: { targetId: 'x', result: 'maybe', action: 'release' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('KAKOU_E_API_VALIDATION');
    const notJson = await inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{"targetId":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('KAKOU_E_API_VALIDATION');
    const unknown = await inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: { cookie },
      payload: { targetId: 'vessel:1', result: 'no-defects', action: 'release', defects: [] },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('KAKOU_E_TARGET_UNKNOWN');
    const nowhere = await inject({ url: '/api/v1/nowhere', headers: { cookie } });
    expect(nowhere.json().error.code).toBe('KAKOU_E_API_NOT_FOUND');
  });
});

describe('first-run setup', () => {
  it('creates the first administrator only with the printed setup token', async () => {
    const fresh = await createTestApp();
    try {
      const token = fresh.app.accounts.setupToken as string;
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      const wrong = await fresh.app.web.app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { setupToken: 'nope', username: 'admin', password: 'long-enough-pw-1' },
      });
      expect(wrong.json().error.code).toBe('KAKOU_E_SETUP_TOKEN');
      const weak = await fresh.app.web.app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { setupToken: token, username: 'admin', password: 'short' },
      });
      expect(weak.json().error.code).toBe('KAKOU_E_API_VALIDATION');
      const ok = await fresh.app.web.app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { setupToken: token, username: 'admin', password: 'long-enough-pw-1' },
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().user.role).toBe('admin');
      const again = await fresh.app.web.app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { setupToken: token, username: 'admin2', password: 'long-enough-pw-1' },
      });
      expect(again.json().error.code).toBe('KAKOU_E_SETUP_DONE');
    } finally {
      await fresh.close();
    }
  });
});
