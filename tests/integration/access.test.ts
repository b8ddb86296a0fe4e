import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRoutes } from '../../src/web/roles.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { truckAtGate } from '../support/messages.js';

type Op = { 'x-kakou-roles': string[] | 'public'; requestBody?: unknown; responses: Record<string, unknown> };
type Doc = { paths: Record<string, Record<string, Op>> };
const ROLES = ['officer', 'supervisor', 'admin'] as const;

let t: TestApp;
const cookies: Record<string, string> = {};
let doc: Doc;

beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 60_000 } });
  await importDemoSnapshot(t.app);
  for (const role of ROLES) cookies[role] = await t.login(role);
  const res = await t.app.web.app.inject({ url: '/docs/openapi.json', headers: { cookie: cookies.officer as string } });
  expect(res.statusCode).toBe(200);
  doc = res.json() as Doc;
});
afterAll(async () => {
  await t.close();
});

const call = (method: string, path: string, cookie?: string) =>
  t.app.web.app.inject({
    method: method.toUpperCase() as 'GET',
    url: path.replace('{id}', 'x').replace('{seq}', '1'),
    headers: { ...(cookie && { cookie }), ...(method !== 'get' && { 'content-type': 'application/json' }) },
    ...(method !== 'get' && method !== 'delete' && { payload: '{}' }),
  });

describe('access control, route by route from the OpenAPI document', () => {
  it('describes every API route with the roles that may call it', () => {
    const ops = Object.entries(doc.paths).flatMap(([path, m]) => Object.keys(m).map((method) => `${method} ${path}`));
    expect(ops).toEqual(
      expect.arrayContaining([
        'get /api/v1/targets',
        'post /api/v1/inspections',
        'get /api/v1/audit',
        'post /api/v1/users',
        'post /api/v1/sync/dead-letters/{seq}/retry',
      ]),
    );
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(methods)) {
        expect(op['x-kakou-roles'], `${m} ${path}`).toBeDefined();
        // A schema for the success answer, and the error shape for everything else.
        expect(
          Object.keys(op.responses).some((code) => /^2\d\d$/.test(code)),
          `${m} ${path} documents its answer`,
        ).toBe(true);
        expect(op.responses.default, `${m} ${path}`).toBeDefined();
        // Actions without input (a retry, a password reset) take no body.
        const action = path.endsWith('/retry') || path.endsWith('/password-reset');
        if (['post', 'put', 'patch'].includes(m) && !['/api/v1/session'].includes(path) && !action)
          expect(op.requestBody, `${m} ${path} documents its body`).toBeDefined();
      }
    }
  });

  it('refuses every non-public route without a session, and every role it does not list', async () => {
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const roles = op['x-kakou-roles'];
        if (roles === 'public') continue;
        const anon = await call(method, path);
        expect(
          [anon.statusCode, anon.json<{ error: { code: string } }>().error.code],
          `${method} ${path} without a session`,
        ).toEqual([401, 'KAKOU_E_AUTH_REQUIRED']);
        for (const role of ROLES.filter((r) => !roles.includes(r))) {
          const res = await call(method, path, cookies[role]);
          expect(
            [res.statusCode, res.json<{ error: { code: string } }>().error.code],
            `${method} ${path} as ${role}`,
          ).toEqual([403, 'KAKOU_E_AUTH_FORBIDDEN']);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(14);
    expect((await t.app.web.app.inject({ url: '/docs' })).statusCode).toBe(401);
  });

  it('refuses to start with a route that does not declare who may call it', async () => {
    const app = Fastify();
    collectRoutes(app);
    expect(() => app.get('/api/v1/forgotten', async () => 'x')).toThrow(/does not declare its access/);
    await app.close();
  });

  it('lets an administrator create accounts, and nobody take a name twice', async () => {
    const admin = { cookie: cookies.admin as string };
    const created = await t.app.web.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: { username: 'wang.officer', password: 'long-enough-pw-42', role: 'officer' },
    });
    expect(created.statusCode).toBe(201);
    const again = await t.app.web.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: { username: 'wang.officer', password: 'long-enough-pw-42', role: 'officer' },
    });
    expect([again.statusCode, again.json<{ error: { code: string } }>().error.code]).toEqual([
      409,
      'KAKOU_E_USER_EXISTS',
    ]);
    const list = (await t.app.web.app.inject({ url: '/api/v1/users', headers: admin })).json<{
      users: Array<{ username: string; passwordHash?: string }>;
    }>();
    expect(list.users.map((u) => u.username)).toContain('wang.officer');
    expect(list.users.every((u) => u.passwordHash === undefined)).toBe(true);
  });
});

describe('inspection defects and photos', () => {
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );
  // A PNG with trailing bytes: big enough that the audit log summarises it instead of copying it.
  const BIG = Buffer.concat([PNG, Buffer.alloc(3000, 7)]);

  it('records against the coded defect list only, and keeps photos on disk by their SHA-256, out of the audit log', async () => {
    const officer = { cookie: cookies.officer as string };
    t.app.ingest.accept(truckAtGate('013800000104', '浙F3A104'));
    t.app.targets.flush();
    const codes = (await t.app.web.app.inject({ url: '/api/v1/defect-codes', headers: officer })).json<{
      codes: Array<{ code: string; kind: string }>;
    }>().codes;
    expect(codes.filter((c) => c.kind === 'vehicle').length).toBeGreaterThan(5);
    const bad = await t.app.web.app.inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: officer,
      payload: { targetId: 'vehicle:浙F3A104', result: 'defects-found', action: 'warning', defects: [{ code: 'X-1' }] },
    });
    expect([bad.statusCode, bad.json<{ error: { code: string; details: string[] } }>().error.code]).toEqual([
      400,
      'KAKOU_E_API_VALIDATION',
    ]);
    const rec = await t.app.web.app.inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: officer,
      payload: {
        targetId: 'vehicle:浙F3A104',
        result: 'defects-found',
        action: 'correction-order',
        defects: [{ code: 'H-QUAL-01' }],
      },
    });
    const id = rec.json<{ inspection: { id: string } }>().inspection.id;
    const up = await t.app.web.app.inject({
      method: 'POST',
      url: `/api/v1/inspections/${id}/photos`,
      headers: officer,
      payload: { contentType: 'image/png', dataBase64: BIG.toString('base64') },
    });
    expect(up.statusCode).toBe(201);
    const { photo } = up.json<{ photo: { sha256: string; bytes: number } }>();
    expect(photo.bytes).toBe(BIG.length);
    const got = await t.app.web.app.inject({
      url: `/api/v1/inspections/${id}/photos/${photo.sha256}`,
      headers: officer,
    });
    expect([got.statusCode, got.headers['content-type'], got.rawPayload.equals(BIG)]).toEqual([200, 'image/png', true]);
    const fake = await t.app.web.app.inject({
      method: 'POST',
      url: `/api/v1/inspections/${id}/photos`,
      headers: officer,
      payload: { contentType: 'image/jpeg', dataBase64: Buffer.from('not a photo at all').toString('base64') },
    });
    expect([fake.statusCode, fake.json<{ error: { code: string } }>().error.code]).toEqual([
      400,
      'KAKOU_E_API_VALIDATION',
    ]);
    const none = await t.app.web.app.inject({
      url: '/api/v1/inspections/00000000-0000-4000-8000-000000000000/photos',
      headers: officer,
    });
    expect(none.statusCode).toBe(404);
    const { entries } = (
      await t.app.web.app.inject({ url: '/api/v1/audit', headers: { cookie: cookies.supervisor as string } })
    ).json<{ entries: Array<{ action: string; detail: { status: number; body: { dataBase64?: string } } }> }>();
    expect(
      entries.find((e) => e.action === 'POST /api/v1/inspections/:id/photos' && e.detail.status === 201)?.detail.body
        .dataBase64,
    ).toBe(`[${BIG.toString('base64').length} characters]`);
  });
});

describe('selection override', () => {
  it("lets a supervisor set a target's tier for the shift, keeping the computed decision in the reasons, recorded and audited", async () => {
    t.app.ingest.accept(truckAtGate('013800000106', '浙F3A106'));
    t.app.targets.flush();
    const before = t.app.targets.get('vehicle:浙F3A106');
    expect(before?.selection).not.toBe('override');
    const res = await t.app.web.app.inject({
      method: 'POST',
      url: '/api/v1/targets/vehicle:浙F3A106/override',
      headers: { cookie: cookies.supervisor as string },
      payload: { tier: 'must-inspect', reason: '群众举报夹带' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      target: {
        tier: 'must-inspect',
        selection: 'override',
        reasons: expect.arrayContaining([expect.objectContaining({ code: 'OVERRIDE' })]),
      },
    });
    const officer = { cookie: cookies.officer as string };
    const shift = (await t.app.web.app.inject({ url: '/api/v1/shifts', headers: officer })).json<{
      current: { id: string };
    }>().current.id;
    const { decisions } = (
      await t.app.web.app.inject({ url: `/api/v1/shifts/${shift}/decisions`, headers: officer })
    ).json<{ decisions: Array<{ targetId: string; selection: string }> }>();
    expect(decisions).toContainEqual(expect.objectContaining({ targetId: 'vehicle:浙F3A106', selection: 'override' }));
    const { entries } = (
      await t.app.web.app.inject({ url: '/api/v1/audit', headers: { cookie: cookies.supervisor as string } })
    ).json<{ entries: Array<{ action: string; target: string; detail: { body: { reason: string } } }> }>();
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'POST /api/v1/targets/:id/override',
        target: 'vehicle:浙F3A106',
        detail: expect.objectContaining({ body: expect.objectContaining({ reason: '群众举报夹带' }) }),
      }),
    );
  });
});

describe('audit log', () => {
  it('records every state-changing action with its actor, masks secrets, and detects a deleted or edited entry', async () => {
    const sup = { cookie: cookies.supervisor as string };
    await t.app.web.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'nobody', password: 'wrong-password' },
    });
    t.app.ingest.accept(truckAtGate('013800000101', '浙F3A101'));
    t.app.targets.flush();
    const rec = await t.app.web.app.inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: { cookie: cookies.officer as string },
      payload: {
        targetId: 'vehicle:浙F3A101',
        result: 'defects-found',
        action: 'warning',
        defects: [{ code: 'H-SIGN-01' }],
      },
    });
    expect(rec.statusCode).toBe(201);
    const { entries } = (await t.app.web.app.inject({ url: '/api/v1/audit?limit=1000', headers: sup })).json<{
      entries: Array<{
        seq: number;
        actor: string;
        action: string;
        target: string | null;
        detail: { status: number; body: Record<string, unknown> };
      }>;
    }>();
    const inspection = entries.find((e) => e.action === 'POST /api/v1/inspections');
    expect(inspection).toMatchObject({
      actor: expect.stringMatching(/^user\d+$/),
      target: 'vehicle:浙F3A101',
      detail: { status: 201 },
    });
    const refused = entries.find((e) => e.actor === 'nobody');
    expect(refused).toMatchObject({
      action: 'POST /api/v1/session',
      detail: { status: 401, body: { username: 'nobody', password: '[masked]' } },
    });
    expect(JSON.stringify(entries)).not.toContain('wrong-password');
    expect(
      (await t.app.web.app.inject({ url: '/api/v1/audit', headers: { cookie: cookies.officer as string } })).statusCode,
    ).toBe(403);

    const verify = async () =>
      (await t.app.web.app.inject({ url: '/api/v1/audit/verify', headers: sup })).json<{
        ok: boolean;
        brokenAt: number | null;
        problem: string | null;
      }>();
    expect(await verify()).toMatchObject({ ok: true, brokenAt: null });
    const db = new Database(join(t.dataDir, 'kakou.db'));
    try {
      expect(() => db.prepare('DELETE FROM audit WHERE seq = 2').run()).toThrow(/append-only/);
      // Someone with the file and sqlite3 can drop the triggers: the chain still tells.
      db.exec('DROP TRIGGER audit_append_only_update; DROP TRIGGER audit_append_only_delete');
      const original = db.prepare('SELECT detail FROM audit WHERE seq = 2').get() as { detail: string };
      db.prepare('UPDATE audit SET detail = ? WHERE seq = 2').run(original.detail.replace('{', '{"edited":true,'));
      expect(await verify()).toMatchObject({
        ok: false,
        brokenAt: 2,
        problem: expect.stringMatching(/does not match its hash/),
      });
      db.prepare('UPDATE audit SET detail = ? WHERE seq = 2').run(original.detail);
      expect(await verify()).toMatchObject({ ok: true });
      db.prepare('DELETE FROM audit WHERE seq = 3').run();
      expect(await verify()).toMatchObject({ ok: false, brokenAt: 4, problem: 'entry 3 is missing' });
    } finally {
      db.close();
    }
  });
});
