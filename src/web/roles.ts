import type { FastifyInstance, FastifySchema } from 'fastify';
import { ROLES, type Role } from '../domain/roles.js';

export type { Role };
export const ALL_ROLES: readonly Role[] = ROLES;
export const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];

/** Who may call a route: 'public' (probes, metrics, login, the terminal's files) or the roles listed. */
export type Access = readonly Role[] | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** One line for the OpenAPI document. */
    summary?: string;
    /** A route that answers with something other than JSON (text, an event stream, an image). */
    produces?: string;
  }
}

export interface RouteDoc {
  method: string;
  url: string;
  access: Access;
  summary: string;
  produces: string | null;
  schema: FastifySchema | undefined;
}

/**
 * Every route must say who may call it, or the node refuses to start: a new route cannot be
 * forgotten, and the OpenAPI document (openapi.ts) lists each with its roles. Returns the table
 * the document is built from, filled as routes are registered.
 */
export function collectRoutes(app: FastifyInstance): RouteDoc[] {
  const routes: RouteDoc[] = [];
  app.addHook('onRoute', (r) => {
    const access = r.config?.access;
    if (access === undefined)
      throw new Error(`route ${String(r.method)} ${r.url} does not declare its access (config.access)`);
    const open = openObject(r.schema?.body);
    if (open)
      throw new Error(
        `route ${String(r.method)} ${r.url} accepts properties its body schema does not name (${open}): set additionalProperties: false`,
      );
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({
        method,
        url: r.url,
        access,
        summary: r.config?.summary ?? '',
        produces: r.config?.produces ?? null,
        schema: r.schema,
      });
    }
  });
  return routes;
}

/**
 * The path of the first object in a body schema that allows properties it does not name, or null.
 * Every body is closed: an extra property is refused, so nothing unnamed reaches a handler or the audit log.
 */
function openObject(schema: unknown, path = 'body'): string | null {
  if (typeof schema !== 'object' || schema === null) return null;
  const s = schema as {
    type?: unknown;
    additionalProperties?: unknown;
    properties?: Record<string, unknown>;
    items?: unknown;
    anyOf?: unknown[];
    allOf?: unknown[];
  };
  if (s.allOf) return path; // an intersection cannot be closed member by member
  if (s.type === 'object' && s.additionalProperties !== false) return path;
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    const open = openObject(v, `${path}.${k}`);
    if (open) return open;
  }
  for (const v of [s.items, ...(s.anyOf ?? [])]) {
    const open = openObject(v, `${path}[]`);
    if (open) return open;
  }
  return null;
}
