import type { FastifyInstance } from 'fastify';
import { openApiDocument } from '../openapi.js';
import { ALL_ROLES, type RouteDoc } from '../roles.js';
import { esc } from '../html.js';

/** The API described: /docs/openapi.json for tools, /docs as a page for people (no external assets). */
export function docsRoutes(app: FastifyInstance, routes: readonly RouteDoc[], version: string): void {
  let doc: Record<string, unknown> | null = null;
  // Built on first use, once every route is registered.
  const document = () => (doc ??= openApiDocument(routes, version));
  app.get(
    '/docs/openapi.json',
    { config: { access: ALL_ROLES, summary: 'this API as an OpenAPI 3.1 document' } },
    async () => document(),
  );
  app.get(
    '/docs',
    { config: { access: ALL_ROLES, summary: 'this API, for reading', produces: 'text/html' } },
    async (_req, reply) => {
      const paths = document().paths as Record<
        string,
        Record<string, { summary: string; 'x-kakou-roles': string[] | 'public'; requestBody?: unknown }>
      >;
      const rows = Object.entries(paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(
          ([method, op]) =>
            `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${esc(path)}</code></td><td>${esc(op.summary)}</td><td>${op['x-kakou-roles'] === 'public' ? 'public' : op['x-kakou-roles'].join(', ')}</td></tr>`,
        ),
      );
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kakou API</title>
<style>body{font:14px system-ui,sans-serif;margin:24px}td,th{padding:4px 10px;text-align:left;border-bottom:1px solid #ddd}</style></head>
<body><h1>Kakou node API ${esc(version)}</h1><p>Machine-readable: <a href="/docs/openapi.json">/docs/openapi.json</a> (OpenAPI 3.1, with request schemas and each route's roles).</p>
<table><thead><tr><th>method</th><th>path</th><th>what</th><th>roles</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></body></html>`);
    },
  );
}
