import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebDeps } from './deps.js';

/** Body fields never written to the audit log. */
const SECRET = new Set(['password', 'newPassword', 'setupToken', 'token']);
/** Top-level body fields summarised, at most; longer texts are given by their length. */
const MAX_FIELDS = 20;
const MAX_TEXT = 120;
/** Entries for requests without a session, per address and minute: strangers cannot grow the log without limit. */
const ANONYMOUS_PER_MINUTE = 20;
const MAX_ADDRESSES = 10_000;
const USERNAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * A bounded, typed summary of a request body: each field by its type, texts cut to their length,
 * lists and objects by their size, secrets masked. Never the raw body.
 */
export function auditSummary(body: unknown): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body).slice(0, MAX_FIELDS)) {
    const key = k.length > 64 ? `${k.slice(0, 64)}…` : k;
    if (SECRET.has(k)) out[key] = '[masked]';
    else if (typeof v === 'string') out[key] = v.length > MAX_TEXT ? `[${v.length} characters]` : v.toWellFormed();
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) out[key] = v;
    else if (Array.isArray(v)) out[key] = `[${v.length} items]`;
    else out[key] = typeof v === 'object' ? `[${Object.keys(v).length} fields]` : `[${typeof v}]`;
  }
  return out;
}

/** Admits at most ANONYMOUS_PER_MINUTE entries an address a minute; counts the rest for the next admitted entry. */
class AnonymousLimit {
  private readonly windows = new Map<string, { start: number; count: number; suppressed: number }>();

  constructor(private readonly now: () => number) {}

  /** null: suppress this entry; otherwise the number suppressed since the last admitted one. */
  admit(address: string): number | null {
    const now = this.now();
    let w = this.windows.get(address);
    if (!w || now - w.start >= 60_000) {
      if (!w && this.windows.size >= MAX_ADDRESSES) {
        for (const [a, x] of this.windows) if (now - x.start >= 60_000) this.windows.delete(a);
        if (this.windows.size >= MAX_ADDRESSES) return null;
      }
      w = { start: now, count: 0, suppressed: w?.suppressed ?? 0 };
      this.windows.set(address, w);
    }
    if (w.count >= ANONYMOUS_PER_MINUTE) {
      w.suppressed++;
      return null;
    }
    w.count++;
    const suppressed = w.suppressed;
    w.suppressed = 0;
    return suppressed;
  }
}

/**
 * Writes every state-changing API request to the hash-chained audit log after it is answered, so
 * no route can forget to: who (or which login name was tried), what, on what, and the outcome.
 * A successful login writes its own entry before the session is handed out (auth.ts).
 */
export function registerAuditHook(app: FastifyInstance, deps: WebDeps): void {
  const anonymous = new AnonymousLimit(() => deps.clock.now());
  const actorOf = (req: FastifyRequest, body: Record<string, unknown> | undefined) =>
    req.user?.username ??
    (typeof body?.username === 'string' && USERNAME.test(body.username) ? body.username : 'anonymous');

  app.addHook('onResponse', async (req, reply) => {
    if (req.audited || req.method === 'GET' || req.method === 'HEAD' || !req.url.startsWith('/api/')) return;
    const body = req.body as Record<string, unknown> | undefined;
    const params = req.params as Record<string, unknown> | undefined;
    // Unauthenticated requests other than logins and setup are refused before they do anything.
    const route = req.routeOptions.url ?? req.url.split('?')[0];
    if (!req.user && route !== '/api/v1/session' && route !== '/api/v1/setup') return;
    const suppressed = req.user ? 0 : anonymous.admit(req.ip);
    if (suppressed === null) {
      deps.metrics.auditSuppressed.inc();
      return;
    }
    const target = params?.id ?? params?.seq ?? body?.targetId ?? null;
    try {
      deps.audit.append({
        actor: actorOf(req, body),
        role: req.user?.role ?? null,
        action: `${req.method} ${route}`,
        target: target === null ? null : String(target).slice(0, 128),
        detail: {
          status: reply.statusCode,
          ...(params && Object.keys(params).length > 0 && { params: auditSummary(params) }),
          body: auditSummary(body),
          ...(!req.user && { address: req.ip }),
          ...(suppressed > 0 && { suppressedBefore: suppressed }),
        },
      });
    } catch (err) {
      req.log.error({ err }, 'audit log write failed');
    }
  });
}
