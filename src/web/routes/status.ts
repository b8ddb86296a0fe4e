import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../deps.js';

/** Node status for the terminal: adapters, devices, rejected messages, snapshot and shift. */
export function statusRoutes(app: FastifyInstance, deps: WebDeps): void {
  app.get('/api/v1/status', async () => deps.status());
}
