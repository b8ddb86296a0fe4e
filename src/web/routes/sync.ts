import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { KakouError } from '../../errors.js';
import { requireUser } from '../auth.js';
import type { WebDeps } from '../deps.js';
import { ADMINS, ALL_ROLES } from '../roles.js';
import { CentralReview, DeadLetter } from '../schemas.js';

/**
 * Dead letters (records the central rejected, shown with the reason and retryable by an
 * administrator) and the central's reviews of inspection records.
 */
export function syncRoutes(app: FastifyInstance, deps: WebDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/v1/sync/dead-letters',
    {
      config: { access: ALL_ROLES, summary: 'records the central rejected, with the reason' },
      schema: { response: { 200: Type.Object({ deadLetters: Type.Array(DeadLetter) }) } },
    },
    async () => ({
      deadLetters: deps.sync.list().map((d) => ({
        seq: d.seq,
        kind: d.kind,
        idempotencyKey: d.idempotencyKey,
        lane: d.lane,
        code: d.code,
        reason: d.reason,
        createdAt: new Date(d.createdAtMs).toISOString(),
        failedAt: new Date(d.failedAtMs).toISOString(),
        retiredAt: d.retiredAtMs === null ? null : new Date(d.retiredAtMs).toISOString(),
      })),
    }),
  );

  api.get(
    '/api/v1/sync/reviews',
    {
      config: {
        access: ALL_ROLES,
        summary:
          "the central's reviews of this node's inspection records: a standing refusal is answered with a correction or a void",
      },
      schema: { response: { 200: Type.Object({ reviews: Type.Array(CentralReview) }) } },
    },
    async () => ({
      reviews: deps.reviews.list().map(({ idempotencyKey: _key, ...r }) => r),
    }),
  );

  api.post(
    '/api/v1/sync/dead-letters/:seq/retire',
    {
      config: {
        access: ADMINS,
        summary:
          'retire a dead letter that can never be delivered: a tombstone keeps the chain whole at the central and reports the reason',
      },
      schema: {
        params: Type.Object({ seq: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ reason: Type.String({ minLength: 4, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ retired: Type.Integer() }) },
      },
    },
    async (req) => {
      const user = requireUser(req);
      if (!deps.sync.retire(req.params.seq, `retired by ${user.username}: ${req.body.reason}`))
        throw new KakouError('KAKOU_E_API_NOT_FOUND', undefined, [`no dead letter waiting with seq ${req.params.seq}`]);
      req.log.warn({ seq: req.params.seq, user: user.username }, 'dead letter retired');
      return { retired: req.params.seq };
    },
  );

  api.post(
    '/api/v1/sync/dead-letters/:seq/retry',
    {
      config: { access: ADMINS, summary: 'resend a dead letter unchanged' },
      schema: {
        params: Type.Object({ seq: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Object({ retried: Type.Integer() }) },
      },
    },
    async (req) => {
      const user = requireUser(req);
      if (user.role !== 'admin')
        throw new KakouError('KAKOU_E_AUTH_FORBIDDEN', undefined, ['retrying a dead letter needs the admin role']);
      if (!deps.sync.retry(req.params.seq))
        throw new KakouError('KAKOU_E_API_NOT_FOUND', undefined, [`no dead letter with seq ${req.params.seq}`]);
      req.log.info({ seq: req.params.seq, user: user.username }, 'dead letter retried');
      return { retried: req.params.seq };
    },
  );
}
