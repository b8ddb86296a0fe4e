import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { KakouError } from '../../errors.js';
import type { WebDeps } from '../deps.js';
import { ALL_ROLES } from '../roles.js';
import { Loose } from '../schemas.js';

const Point = Type.Tuple([Type.Number(), Type.Number()]);

/** The situation map's data: the site drawing (fixed at start) and the recent track of every target in view. */
export function mapRoutes(app: FastifyInstance, deps: WebDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/v1/map',
    {
      config: {
        access: ALL_ROLES,
        summary: 'the site drawn beneath the targets: features, line or gate, watch radius, speed zones, ETA rings',
      },
      schema: { response: { 200: Loose } },
    },
    async () => deps.map.drawing(),
  );
  api.get(
    '/api/v1/map/trails',
    {
      config: { access: ALL_ROLES, summary: 'the recent fixes of the targets in a box (the map view), oldest first' },
      schema: {
        querystring: Type.Object(
          {
            bbox: Type.String({
              maxLength: 100,
              pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$',
              description: 'south,west,north,east in degrees',
            }),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            trails: Type.Array(Type.Object({ id: Type.String(), points: Type.Array(Point) })),
          }),
        },
      },
    },
    async (req) => {
      const [south, west, north, east] = req.query.bbox.split(',').map(Number) as [number, number, number, number];
      const inRange = [south, north].every((v) => Math.abs(v) <= 90) && [west, east].every((v) => Math.abs(v) <= 180);
      if (!inRange || south > north || west > east)
        throw new KakouError('KAKOU_E_API_VALIDATION', undefined, [
          'bbox: south,west,north,east with south <= north, west <= east, in range',
        ]);
      return { trails: deps.map.trails({ south, west, north, east }, req.query.limit ?? 500) };
    },
  );
}
