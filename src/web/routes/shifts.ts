import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { WebDeps } from '../deps.js';

/** Shifts and their decisions: the commitment now, the revealed seeds and every draw afterwards, for anyone to verify. */
export function shiftRoutes(app: FastifyInstance, deps: WebDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get('/api/v1/shifts', async () => deps.shifts.publicView());
  api.get('/api/v1/shifts/:id/decisions', { schema: { params: Type.Object({ id: Type.String({ pattern: '^[0-9T-]{13}$' }) }) } }, async (req) => ({
    shiftId: req.params.id,
    decisions: deps.shifts.decisions(req.params.id),
  }));
}
