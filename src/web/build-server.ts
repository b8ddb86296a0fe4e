import Fastify, { type FastifyInstance } from 'fastify';
import { fastifyOptions } from '../http/fastify-options.js';
import cookie from '@fastify/cookie';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { registerAuditHook } from './audit-hook.js';
import { registerAuth } from './auth.js';
import type { WebDeps } from './deps.js';
import { installErrorHandling } from '../http/error-handling.js';
import { collectRoutes } from './roles.js';
import { adminRoutes } from './routes/admin.js';
import { docsRoutes } from './routes/docs.js';
import { photoRoutes } from './routes/photos.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { alarmRoutes } from './routes/alarms.js';
import { mapRoutes } from './routes/map.js';
import { inspectionRoutes } from './routes/inspections.js';
import { passageRoutes } from './routes/passages.js';
import { disputeRoutes } from './routes/disputes.js';
import { statusRoutes } from './routes/status.js';
import { shiftRoutes } from './routes/shifts.js';
import { syncRoutes } from './routes/sync.js';
import { targetRoutes } from './routes/targets.js';
import { staticRoutes } from './static.js';

export interface WebServer {
  app: FastifyInstance;
  /** Ends open event streams so close() does not wait on them. */
  closeStreams(): void;
  /** Once listening: the terminal's URL, on the loopback address when bound to every interface. */
  url(): string;
}

/** Builds the HTTP app without listening; tests drive it with inject(). */
export async function buildServer(deps: WebDeps): Promise<WebServer> {
  // Over HTTPS fastify types the server as https.Server; routes and inject() do not care which.
  const app = Fastify(
    fastifyOptions(deps.log.child({ module: 'web' }), 256 * 1024, deps.https),
  ) as unknown as FastifyInstance;
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // Response schemas document the API (/docs); they must never strip a field from an answer.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandling(app);
  const routes = collectRoutes(app);
  await app.register(cookie);
  registerAuth(app, deps);
  registerAuditHook(app, deps);
  healthRoutes(app, deps);
  staticRoutes(app);
  targetRoutes(app, deps);
  inspectionRoutes(app, deps);
  passageRoutes(app, deps);
  disputeRoutes(app, deps);
  statusRoutes(app, deps);
  syncRoutes(app, deps);
  shiftRoutes(app, deps);
  adminRoutes(app, deps);
  photoRoutes(app, deps);
  alarmRoutes(app, deps);
  mapRoutes(app, deps);
  docsRoutes(app, routes, deps.version);
  const events = eventRoutes(app, deps);
  const url = () => {
    const address = app.server.address();
    const host = typeof address === 'object' && address ? address.address : '127.0.0.1';
    const port = typeof address === 'object' && address ? address.port : 0;
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    return `${deps.https ? 'https' : 'http'}://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`;
  };
  return { app, closeStreams: () => events.closeAll(), url };
}
