import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../deps.js';
import { ALL_ROLES } from '../roles.js';
import { Loose } from '../schemas.js';

/** Node status for the terminal: adapters, devices, rejected messages, snapshot and shift. */
export function statusRoutes(app: FastifyInstance, deps: WebDeps): void {
  app.get(
    '/api/v1/status',
    {
      config: { access: ALL_ROLES, summary: 'adapters, devices, rejected messages, snapshot, shift, outbox, sync' },
      schema: { response: { 200: Loose } },
    },
    async () => deps.status(),
  );
}
