import type { FastifyInstance } from 'fastify';
import type { WebDeps } from './deps.js';

/** Body fields never written to the audit log. */
const SECRET = new Set(['password', 'setupToken', 'token']);

function redact(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body ?? null;
  // Secrets are masked; bulky values (a photo's bytes) are summarised, not copied into the log.
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, SECRET.has(k) ? '[masked]' : typeof v === 'string' && v.length > 1000 ? `[${v.length} characters]` : v]));
}

/**
 * Writes every state-changing API request to the hash-chained audit log after it is answered, so
 * no route can forget to: who (or which login name was tried), what, on what, and the outcome.
 */
export function registerAuditHook(app: FastifyInstance, deps: WebDeps): void {
  app.addHook('onResponse', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || !req.url.startsWith('/api/')) return;
    const body = req.body as Record<string, unknown> | undefined;
    const params = req.params as Record<string, unknown> | undefined;
    // Unauthenticated requests other than logins and setup are refused before they do anything.
    const route = req.routeOptions.url ?? req.url.split('?')[0];
    if (!req.user && route !== '/api/v1/session' && route !== '/api/v1/setup') return;
    const target = params?.id ?? params?.seq ?? body?.targetId ?? null;
    try {
      deps.audit.append({
        actor: req.user?.username ?? (typeof body?.username === 'string' ? body.username : 'anonymous'),
        role: req.user?.role ?? null,
        action: `${req.method} ${route}`,
        target: target === null ? null : String(target),
        detail: { status: reply.statusCode, ...(params && Object.keys(params).length > 0 && { params }), body: redact(body) },
      });
    } catch (err) {
      req.log.error({ err }, 'audit log write failed');
    }
  });
}
