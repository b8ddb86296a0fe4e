import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { PASSAGE_STATUSES, type Passage } from '../../domain/passage.js';
import { requireUser } from '../auth.js';
import type { WebDeps } from '../deps.js';
import { ALL_ROLES } from '../roles.js';
import { Iso, Nullable } from '../schemas.js';

const Status = Type.Union(PASSAGE_STATUSES.map((s) => Type.Literal(s)));

export const PassageSchema = Type.Object(
  {
    id: Type.String(),
    targetId: Type.String(),
    kind: Type.String(),
    shiftId: Type.String(),
    status: Type.String({ description: PASSAGE_STATUSES.join(', ') }),
    tier: Type.String(),
    openedAt: Iso,
    closedAt: Nullable(Iso),
    closedBy: Nullable(Type.String({ description: 'crossing, inspection or lost' })),
    crossedAt: Nullable(Iso),
    calledAt: Nullable(Iso),
    calledBy: Nullable(Type.String()),
    startedAt: Nullable(Iso),
    finishedAt: Nullable(Iso),
    inspectionId: Nullable(Type.String()),
  },
  { additionalProperties: true },
);

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A passage as the API shows it. */
export function passageView(p: Passage) {
  return {
    ...{ id: p.id, targetId: p.targetId, kind: p.kind, shiftId: p.shiftId, status: p.status, tier: p.tier },
    ...{
      openedAt: new Date(p.openedAt).toISOString(),
      closedAt: iso(p.closedAt),
      closedBy: p.closedBy,
      crossedAt: iso(p.crossedAt),
    },
    ...{ calledAt: iso(p.called?.at ?? null), calledBy: p.called?.by ?? null, startedAt: iso(p.startedAt) },
    ...{ finishedAt: iso(p.finishedAt), inspectionId: p.inspectionId },
  };
}

const Step = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 500, description: 'kept in the log with the step' })) },
  { additionalProperties: false },
);
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 160 }) }, { additionalProperties: false });

/** Passages: the supervisor's view of missed and open ones, and the officer's call, start and finish. */
export function passageRoutes(app: FastifyInstance, deps: WebDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/v1/passages',
    {
      config: {
        access: ALL_ROLES,
        summary: 'passages by status, newest first: missed ones for the supervisor, called or inspecting ones open now',
      },
      schema: {
        querystring: Type.Object(
          {
            status: Type.Optional(Status),
            since: Type.Optional(
              Type.String({ format: 'date-time', description: 'closed at or after (default: 24 h ago)' }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ passages: Type.Array(PassageSchema) }) },
      },
    },
    async (req) => {
      const since = req.query.since ? Date.parse(req.query.since) : deps.clock.now() - 86_400_000;
      const passages = deps.passages.list(req.query.status ?? null, since, req.query.limit ?? 200);
      return { passages: passages.map(passageView) };
    },
  );
  const steps = [
    ['call', 'order the stop: the passage is called'],
    ['start', 'the inspection starts (called or not)'],
    ['finish', 'the inspection work is done; the record follows'],
  ] as const;
  for (const [step, summary] of steps) {
    api.post(
      `/api/v1/passages/:id/${step}`,
      {
        config: { access: ALL_ROLES, summary },
        schema: {
          params: Id,
          body: Step,
          response: { 200: Type.Object({ passage: PassageSchema }) },
        },
      },
      async (req) => {
        const by = requireUser(req).username;
        return { passage: passageView(deps.passages[step](req.params.id, by)) };
      },
    );
  }
}
