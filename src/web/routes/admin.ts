import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { WebDeps } from '../deps.js';
import { ADMINS, SUPERVISORS } from '../roles.js';
import { AuditEntry, User } from '../schemas.js';

const Role = Type.Union([Type.Literal('officer'), Type.Literal('supervisor'), Type.Literal('admin')]);

/** Accounts (administrators) and the audit log (supervisors and administrators). */
export function adminRoutes(app: FastifyInstance, deps: WebDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/v1/users',
    {
      config: { access: ADMINS, summary: 'every account and its role' },
      schema: { response: { 200: Type.Object({ users: Type.Array(User) }) } },
    },
    async () => ({ users: deps.accounts.users() }),
  );
  api.post(
    '/api/v1/users',
    {
      config: { access: ADMINS, summary: 'create an account with a role' },
      schema: {
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
            role: Role,
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ user: User }) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send({ user: await deps.accounts.createUser(req.body.username, req.body.password, req.body.role) }),
  );

  const Username = Type.Object(
    { username: Type.String({ minLength: 1, maxLength: 64 }) },
    { additionalProperties: false },
  );
  api.patch(
    '/api/v1/users/:username',
    {
      config: {
        access: ADMINS,
        summary: 'disable or enable an account (disabling ends its sessions at once), or change its role',
      },
      schema: {
        params: Username,
        body: Type.Object(
          { disabled: Type.Optional(Type.Boolean()), role: Type.Optional(Role) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Object({ user: User }) },
      },
    },
    async (req) => ({ user: deps.accounts.updateUser(req.params.username, req.body) }),
  );
  api.post(
    '/api/v1/users/:username/password-reset',
    {
      config: {
        access: ADMINS,
        summary: 'reset a forgotten password: a temporary one, shown once, to be changed at the next login',
      },
      schema: { params: Username, response: { 200: Type.Object({ temporaryPassword: Type.String() }) } },
    },
    async (req) => ({ temporaryPassword: await deps.accounts.resetPassword(req.params.username) }),
  );

  api.get(
    '/api/v1/audit',
    {
      config: {
        access: SUPERVISORS,
        summary: 'the audit log, newest first: every state-changing action, who did it and when',
      },
      schema: {
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            before: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ entries: Type.Array(AuditEntry) }) },
      },
    },
    async (req) => ({ entries: deps.audit.page(req.query.limit ?? 100, req.query.before) }),
  );
  api.get(
    '/api/v1/audit/verify',
    {
      config: { access: SUPERVISORS, summary: 'walk the audit hash chain: the first deleted or edited entry, if any' },
      schema: {
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checked: Type.Integer(),
            brokenAt: Type.Union([Type.Integer(), Type.Null()]),
            problem: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async () => deps.audit.verify(),
  );
}
