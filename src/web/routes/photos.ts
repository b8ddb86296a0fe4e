import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { KakouError } from '../../errors.js';
import { requireUser } from '../auth.js';
import type { WebDeps } from '../deps.js';
import { ALL_ROLES } from '../roles.js';
import { Photo } from '../schemas.js';

const MAX_PHOTO_BYTES = 6 * 1024 * 1024;
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** The bytes must be what the content type says: a JPEG or PNG signature. */
function looksLike(contentType: 'image/jpeg' | 'image/png', data: Buffer): boolean {
  return contentType === 'image/jpeg'
    ? data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff
    : data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

/** Photos taken during an inspection, kept on the node's disk next to the record. */
export function photoRoutes(app: FastifyInstance, deps: WebDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const inspection = (id: string) => {
    const record = deps.inspections.get(id);
    if (!record) throw new KakouError('KAKOU_E_API_NOT_FOUND', undefined, [`inspection ${id}`]);
    return record;
  };
  api.post(
    '/api/v1/inspections/:id/photos',
    {
      config: {
        access: ALL_ROLES,
        summary:
          "attach a photo (JPEG or PNG, base64, up to 6 MiB) to an inspection: its officer while the record is open, a supervisor at any time; at most 12; each photo's SHA-256 goes upstream in the hash chain",
      },
      bodyLimit: Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 4096,
      schema: {
        params: Params,
        body: Type.Object(
          {
            contentType: Type.Union([Type.Literal('image/jpeg'), Type.Literal('image/png')]),
            dataBase64: Type.String({ minLength: 8 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ photo: Photo }) },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const record = inspection(req.params.id);
      // Refused before the bytes are kept: a refused photo leaves nothing on disk.
      deps.inspections.checkPhoto(record, user);
      const data = Buffer.from(req.body.dataBase64, 'base64');
      if (data.length > MAX_PHOTO_BYTES || !looksLike(req.body.contentType, data)) {
        throw new KakouError('KAKOU_E_API_VALIDATION', 'not a photo of the declared type, or too large', [
          `dataBase64: a ${req.body.contentType} of at most ${MAX_PHOTO_BYTES} bytes`,
        ]);
      }
      const photo = deps.photos.add(req.params.id, req.body.contentType, data);
      deps.inspections.attachPhoto(record, user, photo);
      return reply.status(201).send({ photo });
    },
  );
  api.get(
    '/api/v1/inspections/:id/photos',
    {
      config: { access: ALL_ROLES, summary: 'the photos of an inspection, each with who attached it' },
      schema: { params: Params, response: { 200: Type.Object({ photos: Type.Array(Photo) }) } },
    },
    async (req) => {
      inspection(req.params.id);
      return { photos: deps.inspections.photos(req.params.id) };
    },
  );
  api.get(
    '/api/v1/inspections/:id/photos/:sha256',
    {
      config: { access: ALL_ROLES, summary: 'one photo, by its SHA-256', produces: 'image/*' },
      schema: {
        params: Type.Object({
          id: Type.String({ format: 'uuid' }),
          sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        }),
      },
    },
    async (req, reply) => {
      const photo = deps.photos.read(req.params.id, req.params.sha256);
      if (!photo) throw new KakouError('KAKOU_E_API_NOT_FOUND', undefined, [`photo ${req.params.sha256}`]);
      return reply
        .type(photo.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=86400')
        .send(photo.data);
    },
  );
}
