import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { openEventStream } from '../support/event-stream.js';
import { until } from '../support/until.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
  admin = await t.login('admin');
});
afterAll(async () => {
  await t?.close();
});

const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie?: string, payload?: object) =>
  t.app.web.app.inject({ method, url, ...(cookie && { headers: { cookie } }), ...(payload && { payload }) });
const code = (res: { json(): unknown }) => (res.json() as { error?: { code: string } }).error?.code;

async function loginAs(username: string, password: string): Promise<string | null> {
  const res = await inject('POST', '/api/v1/session', undefined, { username, password });
  if (res.statusCode !== 200) return null;
  const cookie = res.headers['set-cookie'];
  return ((Array.isArray(cookie) ? cookie[0] : cookie) ?? '').split(';')[0] as string;
}

describe('account administration', () => {
  it('disables an account: its sessions and open event streams end at once, and it cannot log in', async () => {
    await t.app.accounts.createUser('li', 'correct-horse-9', 'officer');
    const li = (await loginAs('li', 'correct-horse-9')) as string;
    await t.app.web.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.web.app.server.address() as AddressInfo).port;
    const stream = openEventStream(port, li);
    await until(() => stream.text.includes('event: targets'));

    const off = await inject('PATCH', '/api/v1/users/li', admin, { disabled: true });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ user: { username: 'li', disabled: true } });
    await until(() => stream.ended, 5000, 'the stream ended');
    expect(stream.text).toContain('event: session-ended');
    expect(code(await inject('GET', '/api/v1/targets', li))).toBe('KAKOU_E_AUTH_REQUIRED');
    expect(await loginAs('li', 'correct-horse-9')).toBeNull();
    // Enabled again, the same password works.
    await inject('PATCH', '/api/v1/users/li', admin, { disabled: false });
    expect(await loginAs('li', 'correct-horse-9')).not.toBeNull();
  });

  it('changes a role at once, refuses to leave the node without an administrator, and names an unknown user', async () => {
    await t.app.accounts.createUser('zhao', 'correct-horse-9', 'officer');
    const zhao = (await loginAs('zhao', 'correct-horse-9')) as string;
    expect(code(await inject('GET', '/api/v1/audit', zhao))).toBe('KAKOU_E_AUTH_FORBIDDEN');
    expect((await inject('PATCH', '/api/v1/users/zhao', admin, { role: 'supervisor' })).statusCode).toBe(200);
    expect((await inject('GET', '/api/v1/audit', zhao)).statusCode).toBe(200);

    const admins = t.app.accounts.users().filter((u) => u.role === 'admin' && !u.disabled);
    expect(admins).toHaveLength(1);
    const last = admins[0]?.username as string;
    expect(code(await inject('PATCH', `/api/v1/users/${last}`, admin, { disabled: true }))).toBe(
      'KAKOU_E_USER_LAST_ADMIN',
    );
    expect(code(await inject('PATCH', `/api/v1/users/${last}`, admin, { role: 'officer' }))).toBe(
      'KAKOU_E_USER_LAST_ADMIN',
    );
    expect(code(await inject('PATCH', '/api/v1/users/nobody', admin, { disabled: true }))).toBe('KAKOU_E_USER_UNKNOWN');
    expect(code(await inject('PATCH', '/api/v1/users/zhao', zhao, { role: 'admin' }))).toBe('KAKOU_E_AUTH_FORBIDDEN');
    expect((await inject('PATCH', '/api/v1/users/zhao', admin, {})).statusCode).toBe(400);
  });

  it('resets a password: the temporary one works only to choose a new one, and every step is audited with secrets masked', async () => {
    await t.app.accounts.createUser('sun', 'correct-horse-9', 'officer');
    const before = (await loginAs('sun', 'correct-horse-9')) as string;
    const reset = await inject('POST', '/api/v1/users/sun/password-reset', admin);
    expect(reset.statusCode).toBe(200);
    const temporary = reset.json<{ temporaryPassword: string }>().temporaryPassword;
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    expect(code(await inject('GET', '/api/v1/targets', before))).toBe('KAKOU_E_AUTH_REQUIRED'); // its sessions ended
    expect(await loginAs('sun', 'correct-horse-9')).toBeNull();

    const sun = (await loginAs('sun', temporary)) as string;
    expect((await inject('GET', '/api/v1/session', sun)).json()).toMatchObject({ user: { mustChangePassword: true } });
    expect(code(await inject('GET', '/api/v1/targets', sun))).toBe('KAKOU_E_PASSWORD_CHANGE_REQUIRED');
    const wrong = await inject('POST', '/api/v1/session/password', sun, {
      password: 'guess-guess-1',
      newPassword: 'battery-staple-7',
    });
    expect(code(wrong)).toBe('KAKOU_E_AUTH_FAILED');
    const same = await inject('POST', '/api/v1/session/password', sun, { password: temporary, newPassword: temporary });
    expect(code(same)).toBe('KAKOU_E_API_VALIDATION');
    const ok = await inject('POST', '/api/v1/session/password', sun, {
      password: temporary,
      newPassword: 'battery-staple-7',
    });
    expect(ok.statusCode).toBe(200);
    expect((await inject('GET', '/api/v1/targets', sun)).statusCode).toBe(200);
    expect(await loginAs('sun', 'battery-staple-7')).not.toBeNull();

    const { entries } = (await inject('GET', '/api/v1/audit?limit=1000', admin)).json<{
      entries: Array<{ action: string; target: string | null; detail: { body?: Record<string, unknown> } }>;
    }>();
    const actions = entries.map((e) => e.action);
    for (const a of [
      'PATCH /api/v1/users/:username',
      'POST /api/v1/users/:username/password-reset',
      'POST /api/v1/session/password',
    ])
      expect(actions).toContain(a);
    const change = entries.find((e) => e.action === 'POST /api/v1/session/password' && e.detail.body);
    expect(change?.detail.body).toMatchObject({ password: '[masked]', newPassword: '[masked]' });
    expect(JSON.stringify(entries)).not.toContain('battery-staple-7');
    expect(JSON.stringify(entries)).not.toContain(temporary);
  });
});
