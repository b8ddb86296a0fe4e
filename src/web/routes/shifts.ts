import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { WebDeps } from '../deps.js';
import { ALL_ROLES } from '../roles.js';
import { Loose, Shift } from '../schemas.js';

/** Shifts and their decisions: the commitment now, the revealed seeds and every draw afterwards, for anyone to verify. */
export function shiftRoutes(app: FastifyInstance, deps: WebDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/v1/shifts',
    {
      config: { access: ALL_ROLES, summary: "the current shift's draw commitment and past shifts with revealed seeds" },
      schema: { response: { 200: Type.Object({ current: Shift, past: Type.Array(Loose) }) } },
    },
    async () =>
      deps.shifts.publicView() as { current: { id: string; startedAt: string; commitment: string }; past: object[] },
  );
  api.get(
    '/api/v1/shifts/:id/decisions',
    {
      config: { access: ALL_ROLES, summary: 'every decision of a shift (input of kakou verify-draws)' },
      schema: {
        params: Type.Object({ id: Type.String({ pattern: '^[0-9T-]{13}$' }) }),
        response: { 200: Type.Object({ shiftId: Type.String(), decisions: Type.Array(Loose) }) },
      },
    },
    async (req) => ({
      shiftId: req.params.id,
      decisions: deps.shifts.decisions(req.params.id) as object[],
    }),
  );
}
