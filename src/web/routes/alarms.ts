import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { requireUser } from '../auth.js';
import type { WebDeps } from '../deps.js';
import { ALL_ROLES } from '../roles.js';

const open = { additionalProperties: true };
const Alarm = Type.Object(
  {
    alarmId: Type.String(),
    targetId: Type.String(),
    alarm: Type.String(),
    critical: Type.Boolean(),
    raisedAt: Type.String(),
    clearedAt: Type.Union([Type.String(), Type.Null()]),
    acknowledged: Type.Union([
      Type.Object({ by: Type.String(), at: Type.String(), note: Type.String() }, open),
      Type.Null(),
    ]),
  },
  open,
);

/** Device alarms and their handling (处置): every officer sees them and acknowledges them. */
export function alarmRoutes(app: FastifyInstance, deps: WebDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/v1/alarms',
    {
      config: {
        access: ALL_ROLES,
        summary: 'the latest alarms and node alerts, newest first: raised, cleared, who acknowledged them and how',
      },
      schema: {
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
            waiting: Type.Optional(
              Type.Boolean({ description: 'only critical alarms and alerts no officer has acknowledged' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ alarms: Type.Array(Alarm) }) },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 200;
      return { alarms: req.query.waiting ? deps.alarms.waiting(limit) : deps.alarms.recent(limit) };
    },
  );
  api.post(
    '/api/v1/alarms/:id/ack',
    {
      config: {
        access: ALL_ROLES,
        summary: 'acknowledge an alarm with the handling note: a record that goes upstream',
      },
      schema: {
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ alarm: Alarm }) },
      },
    },
    async (req) => ({ alarm: deps.alarms.acknowledge(req.params.id, requireUser(req).username, req.body.note) }),
  );
}
