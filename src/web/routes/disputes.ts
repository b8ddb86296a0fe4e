import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { DISPUTE_ENTRY_KINDS } from '../../domain/dispute.js';
import { requireUser } from '../auth.js';
import type { WebDeps } from '../deps.js';
import { ALL_ROLES } from '../roles.js';
import { Loose } from '../schemas.js';

const Dispute = Type.Object(
  { opened: Loose, resolved: Type.Union([Loose, Type.Null()]) },
  { additionalProperties: true },
);

/** Disputes (异议) against credit entries: recorded at the checkpoint, decided by the platform. */
export function disputeRoutes(app: FastifyInstance, deps: WebDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post(
    '/api/v1/disputes',
    {
      config: {
        access: ALL_ROLES,
        summary: "record a dispute (异议) against one credit entry of the snapshot, with the subject's statement",
      },
      schema: {
        body: Type.Object(
          {
            targetId: Type.String({ minLength: 1, maxLength: 80 }),
            entryKind: Type.Union(DISPUTE_ENTRY_KINDS.map((k) => Type.Literal(k))),
            entryId: Type.String({ minLength: 1, maxLength: 64 }),
            officerNote: Type.String({ minLength: 1, maxLength: 2000 }),
            subjectStatement: Type.String({ minLength: 1, maxLength: 4000 }),
            inspectionId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ dispute: Loose }) },
      },
    },
    async (req, reply) => {
      const { inspectionId, ...rest } = req.body;
      const dispute = deps.disputes.open(
        { ...rest, ...(inspectionId !== undefined && { inspectionId }) },
        requireUser(req).username,
      );
      return reply.status(201).send({ dispute });
    },
  );
  api.get(
    '/api/v1/disputes',
    {
      config: { access: ALL_ROLES, summary: 'disputes, newest first: of one target, or those still open' },
      schema: {
        querystring: Type.Object(
          {
            targetId: Type.Optional(Type.String({ maxLength: 80 })),
            open: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ disputes: Type.Array(Dispute) }) },
      },
    },
    async (req) => {
      const { targetId, open, limit } = req.query;
      return {
        disputes: deps.disputes.list(
          { ...(targetId !== undefined && { targetId }), ...(open !== undefined && { open }) },
          limit ?? 200,
        ),
      };
    },
  );
}
