import type { RouteDoc } from './roles.js';

type Json = Record<string, unknown>;

const ERROR = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'array', items: { type: 'string' } },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

/** JSON Schema object properties as OpenAPI parameters. */
function parameters(schema: unknown, where: 'path' | 'query'): Json[] {
  const props = schema as { properties?: Record<string, Json>; required?: string[] } | undefined;
  if (!props?.properties) return [];
  return Object.entries(props.properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (props.required ?? []).includes(name),
    schema: s,
  }));
}

/**
 * The OpenAPI 3.1 document of the node's HTTP API, built from the routes as registered (their
 * TypeBox schemas are JSON Schema already) with each route's roles under x-kakou-roles.
 */
export function openApiDocument(routes: readonly RouteDoc[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    if (!r.url.startsWith('/api/') && !['/healthz', '/readyz', '/metrics'].includes(r.url)) continue;
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const s = r.schema as
      | { params?: unknown; querystring?: unknown; body?: unknown; response?: Record<string, unknown> }
      | undefined;
    const op: Json = {
      summary: r.summary,
      'x-kakou-roles': r.access,
      ...(r.access === 'public' ? { security: [] } : {}),
      parameters: [...parameters(s?.params, 'path'), ...parameters(s?.querystring, 'query')],
      responses: {
        ...(r.produces
          ? { 200: { description: r.produces, content: { [r.produces]: { schema: { type: 'string' } } } } }
          : {}),
        ...Object.fromEntries(
          Object.entries(s?.response ?? {}).map(([code, schema]) => [
            code,
            { description: code, content: { 'application/json': { schema } } },
          ]),
        ),
        default: {
          description: 'an error: {"error": {"code": "KAKOU_E_...", "message", "details"}}',
          content: { 'application/json': { schema: ERROR } },
        },
      },
    };
    if (s?.body) op.requestBody = { required: true, content: { 'application/json': { schema: s.body } } };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kakou node API',
      version,
      description: "The checkpoint node's HTTP API. Sessions are the kakou_session cookie set by POST /api/v1/session.",
    },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'kakou_session' } } },
    security: [{ session: [] }],
    paths,
  };
}
