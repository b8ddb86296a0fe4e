import type { FastifyInstance } from 'fastify';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { PUBLIC_DIR } from '../paths.js';

const require = createRequire(import.meta.url);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The terminal's files, read once at start and served from memory: a handful of small files,
 * no build step, and no external resources (the site has no internet).
 */
export function staticRoutes(app: FastifyInstance): void {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(PUBLIC_DIR)) {
    const type = TYPES[extname(name)];
    if (type) files.set(`/${name}`, { body: readFileSync(join(PUBLIC_DIR, name)), type });
  }
  // The map library, served from the node like the rest: the terminal fetches nothing from the internet.
  for (const name of ['leaflet.js', 'leaflet.css']) {
    const file = require.resolve(`leaflet/dist/${name}`);
    files.set(`/vendor/${name}`, { body: readFileSync(file), type: TYPES[extname(name)] as string });
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  for (const [path, file] of files) {
    app.get(path, { config: { access: 'public' } }, async (_req, reply) =>
      reply
        .type(file.type)
        .header('cache-control', 'no-cache')
        .header(
          'content-security-policy',
          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        )
        .header('x-content-type-options', 'nosniff')
        .send(file.body),
    );
  }
}
