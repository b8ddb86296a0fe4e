import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { SessionUser } from '../accounts/account-service.js';
import { KakouError } from '../errors.js';
import type { WebDeps } from './deps.js';
import { User } from './schemas.js';

export const SESSION_COOKIE = 'kakou_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

const Credentials = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});

export function requireUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw new KakouError('KAKOU_E_AUTH_REQUIRED');
  return req.user;
}

export function registerAuth(app: FastifyInstance, deps: WebDeps): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req) => {
    // With SameSite=Strict cookies and JSON-only bodies, a cross-site form cannot act as a user;
    // a cross-origin script is refused here as well.
    const origin = req.headers.origin;
    if (origin && req.method !== 'GET' && req.method !== 'HEAD' && new URL(origin).host !== req.headers.host) {
      throw new KakouError('KAKOU_E_AUTH_FORBIDDEN', 'cross-origin request refused');
    }
    req.user = deps.accounts.authenticate(req.cookies[SESSION_COOKIE]);
    // Before validation, so a caller without the role learns nothing from the body's errors.
    const access = req.routeOptions.config.access;
    if (access === 'public') return;
    if (!req.user) throw new KakouError('KAKOU_E_AUTH_REQUIRED');
    if (access && !access.includes(req.user.role)) throw new KakouError('KAKOU_E_AUTH_FORBIDDEN', undefined, [`needs the ${access.join(' or ')} role`]);
  });

  const setCookie = (reply: FastifyReply, token: string) => reply.setCookie(SESSION_COOKIE, token, {
    path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies,
  });

  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post('/api/v1/session', { schema: { body: Credentials, response: { 200: Type.Object({ user: User }) } }, config: { access: 'public', summary: 'log in: sets the HttpOnly, SameSite=Strict session cookie' } }, async (req, reply) => {
    try {
      const { token, user } = await deps.accounts.login(req.body.username, req.body.password, req.ip);
      deps.metrics.logins.inc({ outcome: 'ok' });
      setCookie(reply, token);
      return { user };
    } catch (err) {
      deps.metrics.logins.inc({ outcome: err instanceof KakouError ? err.code : 'error' });
      throw err;
    }
  });
  api.get('/api/v1/session', { config: { access: 'public', summary: 'who am I, and whether first-run setup is pending' }, schema: { response: { 200: Type.Object({ user: Type.Union([User, Type.Null()]), setupRequired: Type.Boolean() }) } } }, async (req) => ({ user: req.user, setupRequired: deps.accounts.needsSetup() }));
  api.delete('/api/v1/session', { config: { access: 'public', summary: 'log out' }, schema: { response: { 200: Type.Object({ ok: Type.Boolean() }) } } }, async (req, reply) => {
    deps.accounts.logout(req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  api.post('/api/v1/setup', {
    config: { access: 'public', summary: 'create the first administrator with the one-time setup token' },
    schema: { body: Type.Intersect([Credentials, Type.Object({ setupToken: Type.String({ minLength: 1, maxLength: 128 }) })]), response: { 201: Type.Object({ user: User }) } },
  }, async (req, reply) => {
    await deps.accounts.setup(req.body.setupToken, req.body.username, req.body.password);
    const { token, user } = await deps.accounts.login(req.body.username, req.body.password, req.ip);
    setCookie(reply, token);
    return reply.status(201).send({ user });
  });
}
