import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { WebDeps } from '../deps.js';
import { Readiness } from '../schemas.js';

/** Probes and metrics: unauthenticated, cheap, and never touching personal data. */
export function healthRoutes(app: FastifyInstance, deps: WebDeps): void {
  app.get(
    '/healthz',
    {
      config: { access: 'public', summary: 'the process is alive' },
      schema: { response: { 200: Type.Object({ status: Type.String() }) } },
    },
    async () => ({ status: 'alive' }),
  );

  app.get(
    '/readyz',
    {
      config: {
        access: 'public',
        summary:
          'ready: broker, inputs, database, snapshot, profiles; else 503 with reasons (file paths and addresses only with a session)',
      },
      schema: { response: { 200: Readiness, 503: Readiness } },
    },
    async (req, reply) => {
      // Without a session, details that name files or addresses are replaced by their path-free form.
      const checks = Object.fromEntries(
        Object.entries(deps.readiness()).map(([name, c]) => [
          name,
          { ok: c.ok, detail: req.user || c.public === undefined ? c.detail : c.public },
        ]),
      );
      const failing = Object.entries(checks).filter(([, c]) => !c.ok);
      return reply.status(failing.length === 0 ? 200 : 503).send({
        ready: failing.length === 0,
        checks,
        reasons: failing.map(([name, c]) => `${name}: ${c.detail}`),
      });
    },
  );

  app.get(
    '/metrics',
    { config: { access: 'public', summary: 'Prometheus metrics', produces: 'text/plain' } },
    async (_req, reply) => {
      deps.refreshGauges();
      const body = await deps.metrics.registry.metrics();
      return reply.type(deps.metrics.registry.contentType).send(body);
    },
  );
}
