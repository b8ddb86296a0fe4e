import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { CentralStore } from '../domain/central-store.js';
import { KakouError } from '../errors.js';

/** Larger than any photo a node takes (6 MiB), with room. */
const MAX_PHOTO_BYTES = 16 * 1024 * 1024;
/** One PUT carries at most this much: a lost connection costs one chunk, not the photo. */
const MAX_CHUNK_BYTES = 1024 * 1024;
const SHA256 = /^[0-9a-f]{64}$/;
const TYPES = ['image/jpeg', 'image/png'];

type Guard = (req: FastifyRequest) => Promise<void>;

const header = (req: FastifyRequest, name: string) => Number(req.headers[name]);

/**
 * Photo upload (sync/README.md, "Photos"): a node asks how much of a photo the central holds,
 * then sends the rest in chunks; the central keeps one copy per SHA-256 and takes only photos that
 * the node's own records cite. Administrators read them back.
 */
export function photoRoutes(
  app: FastifyInstance,
  deps: { store: CentralStore; clock: Clock; node: Guard; nodeOrAdmin: Guard; admin: Guard },
): void {
  const { photos } = deps.store;
  app.addContentTypeParser(TYPES, { parseAs: 'buffer', bodyLimit: MAX_CHUNK_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  const shaOf = (req: FastifyRequest<{ Params: { sha256: string } }>) => {
    const sha = req.params.sha256;
    if (!SHA256.test(sha)) throw new KakouError('KAKOU_E_API_VALIDATION', undefined, ['sha256: 64 hex digits']);
    return sha;
  };

  app.get<{ Params: { sha256: string } }>(
    '/v1/photos/:sha256',
    { preHandler: deps.nodeOrAdmin },
    async (req, reply) => {
      const sha = shaOf(req);
      if (req.headers.accept?.includes('image/')) {
        await deps.admin(req);
        const photo = await photos.get(sha);
        if (!photo) throw new KakouError('KAKOU_E_API_NOT_FOUND', undefined, [`photo ${sha}`]);
        return reply.type(photo.contentType).send(photo.data);
      }
      return photos.state(sha);
    },
  );

  app.put<{ Params: { sha256: string } }>('/v1/photos/:sha256', { preHandler: deps.node }, async (req) => {
    const sha = shaOf(req);
    const nodeId = String(req.headers['x-kakou-node']);
    const offset = header(req, 'upload-offset');
    const total = header(req, 'upload-length');
    const type = String(req.headers['content-type'] ?? '');
    const chunk = req.body as Buffer;
    const problems = [
      ...(Number.isSafeInteger(offset) && offset >= 0 ? [] : ['upload-offset: the bytes held before this chunk']),
      ...(Number.isSafeInteger(total) && total > 0 && total <= MAX_PHOTO_BYTES
        ? []
        : [`upload-length: the photo's size, at most ${MAX_PHOTO_BYTES}`]),
      ...(TYPES.includes(type) ? [] : ['content-type: image/jpeg or image/png']),
      ...(Buffer.isBuffer(chunk) && chunk.length > 0 && offset + chunk.length <= total ? [] : ['body: the next chunk']),
    ];
    if (problems.length > 0) throw new KakouError('KAKOU_E_API_VALIDATION', undefined, problems);
    if (!(await photos.cited(nodeId, sha)))
      throw new KakouError('KAKOU_E_SYNC_PHOTO_UNCITED', undefined, [
        `send the inspection-photo record for ${sha} first`,
      ]);
    const state = await photos.state(sha);
    if (state.stored) return state;
    const now = deps.clock.now();
    const appended = await photos.append(sha, offset, chunk, total, type, now);
    if (!appended)
      throw new KakouError('KAKOU_E_SYNC_PHOTO_OFFSET', undefined, [`held: ${(await photos.state(sha)).received}`]);
    if (!appended.complete) return { stored: false, received: appended.received };
    // Whole: it is stored only if it is the photo its name says.
    const whole = appended.complete;
    if (createHash('sha256').update(whole).digest('hex') !== sha) {
      await photos.finish(sha, type, null, now);
      throw new KakouError('KAKOU_E_SYNC_DIGEST', undefined, [`the bytes sent do not hash to ${sha}; send it again`]);
    }
    await photos.finish(sha, type, whole, now);
    return { stored: true, received: whole.length };
  });
}
