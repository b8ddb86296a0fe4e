import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { SessionUser } from '../accounts/account-service.js';
import { KakouError } from '../errors.js';
import type { WebDeps } from './deps.js';
import { ALL_ROLES } from './roles.js';
import { User } from './schemas.js';

export const SESSION_COOKIE = 'kakou_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    /** Set when the handler wrote the request's audit entry itself (a login must not succeed unaudited). */
    audited: boolean;
  }
}

const credentialFields = {
  username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
};
const Credentials = Type.Object(credentialFields, { additionalProperties: false });
const SetupBody = Type.Object(
  { ...credentialFields, setupToken: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
);

/** The host an Origin header names, or null when it is "null", opaque or not a URL. */
function originHost(origin: string): string | null {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : null;
  } catch {
    return null;
  }
}

/** Whether every string in a parsed JSON body is well-formed UTF-16 (no lone surrogates). */
function wellFormedBody(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.isWellFormed();
  if (typeof v !== 'object' || v === null || depth > 16) return true;
  for (const [k, x] of Object.entries(v)) if (!k.isWellFormed() || !wellFormedBody(x, depth + 1)) return false;
  return true;
}

export function requireUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw new KakouError('KAKOU_E_AUTH_REQUIRED');
  return req.user;
}

/** The one route a session whose password was reset may use (besides logging out). */
const PASSWORD_ROUTE = '/api/v1/session/password';

export function registerAuth(app: FastifyInstance, deps: WebDeps): void {
  app.decorateRequest('user', null);
  app.decorateRequest('audited', false);
  app.addHook('onRequest', async (req, reply) => {
    if (deps.https) reply.header('strict-transport-security', 'max-age=31536000');
    // With SameSite=Strict cookies and JSON-only bodies, a cross-site form cannot act as a user;
    // a cross-origin script is refused here as well, and so is an opaque ("null") or unreadable origin.
    const origin = req.headers.origin;
    if (
      origin !== undefined &&
      req.method !== 'GET' &&
      req.method !== 'HEAD' &&
      originHost(origin) !== req.headers.host
    ) {
      throw new KakouError('KAKOU_E_AUTH_FORBIDDEN', 'cross-origin request refused');
    }
    req.user = deps.accounts.authenticate(req.cookies[SESSION_COOKIE]);
    // Before validation, so a caller without the role learns nothing from the body's errors.
    const access = req.routeOptions.config.access;
    if (access === 'public') return;
    if (!req.user) throw new KakouError('KAKOU_E_AUTH_REQUIRED');
    // After an administrator's reset the session serves one thing: choosing a new password.
    if (req.user.mustChangePassword && req.routeOptions.url !== PASSWORD_ROUTE)
      throw new KakouError('KAKOU_E_PASSWORD_CHANGE_REQUIRED', undefined, [`POST ${PASSWORD_ROUTE} first`]);
    if (access && !access.includes(req.user.role))
      throw new KakouError('KAKOU_E_AUTH_FORBIDDEN', undefined, [`needs the ${access.join(' or ')} role`]);
  });

  app.addHook('preHandler', async (req) => {
    if (req.body !== undefined && !wellFormedBody(req.body))
      throw new KakouError('KAKOU_E_API_VALIDATION', undefined, [
        'body: text must be well-formed Unicode (a lone surrogate is not)',
      ]);
  });

  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookies,
    });

  /** A session is handed out only once its audit entry is written; otherwise it is ended at once and the login fails. */
  const auditedLogin = (req: FastifyRequest, token: string, user: SessionUser, action: string, status: number) => {
    try {
      deps.audit.append({
        actor: user.username,
        role: user.role,
        action,
        target: null,
        detail: { status },
      });
    } catch (err) {
      deps.accounts.logout(token);
      throw err;
    }
    req.audited = true;
  };

  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post(
    '/api/v1/session',
    {
      schema: { body: Credentials, response: { 200: Type.Object({ user: User }) } },
      config: { access: 'public', summary: 'log in: sets the HttpOnly, SameSite=Strict session cookie' },
    },
    async (req, reply) => {
      try {
        const { token, user } = await deps.accounts.login(req.body.username, req.body.password, req.ip);
        auditedLogin(req, token, user, 'POST /api/v1/session', 200);
        deps.metrics.logins.inc({ outcome: 'ok' });
        setCookie(reply, token);
        return { user };
      } catch (err) {
        deps.metrics.logins.inc({ outcome: err instanceof KakouError ? err.code : 'error' });
        throw err;
      }
    },
  );
  api.get(
    '/api/v1/session',
    {
      config: { access: 'public', summary: 'who am I, and whether first-run setup is pending' },
      schema: {
        response: { 200: Type.Object({ user: Type.Union([User, Type.Null()]), setupRequired: Type.Boolean() }) },
      },
    },
    async (req) => ({ user: req.user, setupRequired: deps.accounts.needsSetup() }),
  );
  api.post(
    PASSWORD_ROUTE,
    {
      config: { access: ALL_ROLES, summary: 'change your own password (required after an administrator reset it)' },
      schema: {
        body: Type.Object(
          {
            password: Type.String({ minLength: 1, maxLength: 256 }),
            newPassword: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ user: User }) },
      },
    },
    async (req) => {
      const user = requireUser(req);
      await deps.accounts.changePassword(user, req.body.password, req.body.newPassword);
      const { mustChangePassword: _done, ...rest } = user;
      return { user: rest };
    },
  );
  api.delete(
    '/api/v1/session',
    {
      config: { access: 'public', summary: 'log out' },
      schema: { response: { 200: Type.Object({ ok: Type.Boolean() }) } },
    },
    async (req, reply) => {
      deps.accounts.logout(req.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );
  api.post(
    '/api/v1/setup',
    {
      config: { access: 'public', summary: 'create the first administrator with the one-time setup token' },
      schema: { body: SetupBody, response: { 201: Type.Object({ user: User }) } },
    },
    async (req, reply) => {
      await deps.accounts.setup(req.body.setupToken, req.body.username, req.body.password);
      const { token, user } = await deps.accounts.login(req.body.username, req.body.password, req.ip);
      auditedLogin(req, token, user, 'POST /api/v1/setup', 201);
      setCookie(reply, token);
      return reply.status(201).send({ user });
    },
  );
}
