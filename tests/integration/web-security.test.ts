import type { AddressInfo } from 'node:net';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { openEventStream } from '../support/event-stream.js';
import { until } from '../support/until.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * What a stranger on the site LAN could do to the terminal's API before: grow the audit log
 * without limit, outrun the login limit by concurrency, keep a stream after logout, read file
 * paths from /readyz. Each case here failed on the main branch of 2026-12-01.
 */
let t: TestApp;
const clock = new ManualClock(Date.parse('2026-12-02T01:00:00Z'));
const inject = (opts: InjectOptions) => t.app.web.app.inject(opts);
const auditCount = () => t.app.storage.audit.page(100_000).length;

beforeAll(async () => {
  t = await createTestApp(
    {
      mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 60_000 },
      auth: { sessionIdleMinutes: 1, sessionMaxHours: 2, loginAttemptsPerMinute: 5 },
    },
    clock,
  );
});
afterAll(async () => {
  await t.close();
});

describe('request bodies and the audit log', () => {
  it('refuses a body with a property its route does not name, and audits no raw body', async () => {
    const before = auditCount();
    const res = await inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'nobody', password: 'x', filler: 'y'.repeat(100_000) },
      remoteAddress: '10.9.0.1',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('KAKOU_E_API_VALIDATION');
    const entries = t.app.storage.audit.page(auditCount() - before);
    expect(JSON.stringify(entries).length).toBeLessThan(2000);
    expect(JSON.stringify(entries)).not.toContain('yyyy');
  });

  it('writes a bounded, typed summary with secrets masked', async () => {
    await inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'nobody', password: 'hunter2-secret' },
      remoteAddress: '10.9.0.2',
    });
    const [entry] = t.app.storage.audit.page(1);
    expect(entry?.detail).toMatchObject({
      status: 401,
      body: { username: 'nobody', password: '[masked]' },
      address: '10.9.0.2',
    });
    expect(JSON.stringify(entry)).not.toContain('hunter2');
  });

  it('admits a bounded number of audit entries per address and minute for requests without a session', async () => {
    const before = auditCount();
    for (let i = 0; i < 200; i++) {
      await inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: `guess${i % 7}`, password: 'nope' },
        remoteAddress: '10.9.0.3',
      });
    }
    const written = auditCount() - before;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(20);
    clock.advance(61_000);
    await inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'guess0', password: 'nope' },
      remoteAddress: '10.9.0.3',
    });
    // The next admitted entry says how many were left out, so nothing is suppressed silently.
    expect(t.app.storage.audit.page(1)[0]?.detail).toMatchObject({ suppressedBefore: 200 - written });
  });

  it('refuses text that is not well-formed Unicode with a coded 400', async () => {
    const cookie = await t.login('officer');
    const res = await inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{"targetId":"vessel:1","result":"no-defects","action":"release","defects":[],"notes":"\\ud800"}',
    });
    expect(res.json().error.code).toBe('KAKOU_E_API_VALIDATION');
  });
});

describe('logins', () => {
  it('counts an attempt before the password is checked: 100 concurrent guesses get at most the limit through', async () => {
    await t.app.accounts.createUser('target-user', 'right-password-7', 'officer');
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username: 'target-user', password: `guess-${i}` },
          remoteAddress: '10.9.1.1',
        }),
      ),
    );
    const checked = answers.filter((a) => a.json().error.code === 'KAKOU_E_AUTH_FAILED').length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.json().error.code === 'KAKOU_E_AUTH_RATE_LIMITED').length).toBe(100 - checked);
  });

  it('fails a login whose audit entry cannot be written, and hands out no session', async () => {
    await t.app.accounts.createUser('audited-user', 'right-password-8', 'officer');
    const append = t.app.storage.audit.append.bind(t.app.storage.audit);
    t.app.storage.audit.append = () => {
      throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' });
    };
    try {
      const res = await inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'audited-user', password: 'right-password-8' },
        remoteAddress: '10.9.1.2',
      });
      expect(res.statusCode).toBe(507);
      expect(res.headers['set-cookie']).toBeUndefined();
    } finally {
      t.app.storage.audit.append = append;
    }
  });
});

describe('sessions', () => {
  it('keeps an active session alive under a short idle timeout, and ends it at its absolute lifetime', async () => {
    const cookie = await t.login('officer');
    // Idle timeout 1 minute: a request every 20 s keeps the session, however long.
    for (let i = 0; i < 18; i++) {
      clock.advance(20_000);
      expect((await inject({ url: '/api/v1/session', headers: { cookie } })).json().user).not.toBeNull();
    }
    for (let elapsed = 6 * 60_000; elapsed < 2 * 3_600_000; elapsed += 50_000) {
      clock.advance(50_000);
      await inject({ url: '/api/v1/targets', headers: { cookie } });
    }
    clock.advance(50_000);
    expect((await inject({ url: '/api/v1/targets', headers: { cookie } })).json().error.code).toBe(
      'KAKOU_E_AUTH_REQUIRED',
    );
  });

  it('ends an event stream when its session ends: logout, and idle expiry', async () => {
    await t.app.web.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.web.app.server.address() as AddressInfo).port;
    const open = (cookie: string) => openEventStream(port, cookie);
    const first = await t.login('officer');
    const a = open(first);
    await until(() => a.text.includes('event: targets'));
    await inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: first } });
    await until(() => a.ended);
    expect(a.text).toContain('event: session-ended');

    const second = await t.login('officer');
    const b = open(second);
    await until(() => b.text.includes('event: targets'));
    clock.advance(2 * 60_000);
    t.app.accounts.sweep();
    await until(() => b.ended);
  });
});

describe('origins and probes', () => {
  it('answers an opaque or unreadable Origin with 403, not 500', async () => {
    const cookie = await t.login('officer');
    for (const origin of ['null', 'not a url', 'file:///etc/passwd']) {
      const res = await inject({
        method: 'POST',
        url: '/api/v1/inspections',
        headers: { cookie, origin, host: 'localhost' },
        payload: {},
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('KAKOU_E_AUTH_FORBIDDEN');
    }
  });

  it('names no file or address in /readyz without a session', async () => {
    const anonymous = JSON.stringify((await inject({ url: '/readyz' })).json());
    expect(anonymous).not.toContain(t.dataDir);
    expect(anonymous).not.toContain('127.0.0.1');
    const cookie = await t.login('officer');
    expect(JSON.stringify((await inject({ url: '/readyz', headers: { cookie } })).json())).toContain(t.dataDir);
  });
});
