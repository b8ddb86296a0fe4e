import Type, { type Static } from 'typebox';

/** What a drawn feature is, so the terminal styles it: water, banks, roads, lanes, berths, areas and landmarks. */
export const MAP_FEATURE_KINDS = ['fairway', 'bank', 'road', 'lane', 'berth', 'anchorage', 'area', 'landmark'] as const;

const FeatureKind = Type.Union([
  Type.Literal('fairway'),
  Type.Literal('bank'),
  Type.Literal('road'),
  Type.Literal('lane'),
  Type.Literal('berth'),
  Type.Literal('anchorage'),
  Type.Literal('area'),
  Type.Literal('landmark'),
]);

// GeoJSON order: [longitude, latitude], an altitude allowed and ignored. Ranges are checked after the schema.
const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
const Line = Type.Array(Position, { minItems: 2, maxItems: 20_000 });
const Ring = Type.Array(Position, { minItems: 4, maxItems: 20_000 });
const Rings = Type.Array(Ring, { minItems: 1, maxItems: 200 });

const Geometry = Type.Union([
  Type.Object({ type: Type.Literal('Point'), coordinates: Position }),
  Type.Object({ type: Type.Literal('LineString'), coordinates: Line }),
  Type.Object({ type: Type.Literal('MultiLineString'), coordinates: Type.Array(Line, { maxItems: 200 }) }),
  Type.Object({ type: Type.Literal('Polygon'), coordinates: Rings }),
  Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Rings, { maxItems: 200 }) }),
]);

/**
 * One GeoJSON feature of the site drawing. Only `kind` and `name` are read from its properties;
 * files exported from a GIS carry many more, which are accepted and dropped.
 */
export const MapFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  properties: Type.Object(
    {
      kind: FeatureKind,
      name: Type.Optional(Type.String({ maxLength: 64 })),
    },
    { additionalProperties: true },
  ),
  geometry: Geometry,
});

export type MapFeature = Static<typeof MapFeatureSchema>;

/** The GeoJSON file a site's drawing is kept in. */
export const MapFileSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(MapFeatureSchema, { maxItems: 5000 }),
});

/** The situation map: the site drawn beneath the targets, with no tile server (the site LAN has no internet). */
export const MapConfigSchema = Type.Object(
  {
    geojsonFile: Type.String({
      default: '',
      description:
        'GeoJSON FeatureCollection of the site drawn on the terminal map: the fairway or road, banks, lanes, ' +
        'berths, areas and landmarks (properties.kind one of ' +
        `${MAP_FEATURE_KINDS.join(', ')}; properties.name shown as the label). Coordinates in WGS84 [lon, lat].`,
    }),
    features: Type.Array(MapFeatureSchema, {
      default: [],
      maxItems: 5000,
      description: 'Features drawn besides those of geojsonFile (the demo draws its canal and road here).',
    }),
    etaRingsMinutes: Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 240 }), {
      default: [5, 15, 30],
      maxItems: 6,
      description: 'ETA rings around the line or gate: how far a target at the ring speed travels in these minutes.',
    }),
    etaRingKind: Type.Union([Type.Literal('vessel'), Type.Literal('vehicle')], {
      default: 'vessel',
      description: 'Whose speed the rings use when the map shows both kinds (filtered to one kind, that kind).',
    }),
    etaRingSpeedKn: Type.Number({
      exclusiveMinimum: 0,
      maximum: 60,
      default: 8,
      description: 'Vessel speed for the ETA rings, knots.',
    }),
    etaRingSpeedKmh: Type.Number({
      exclusiveMinimum: 0,
      maximum: 200,
      default: 60,
      description: 'Vehicle speed for the ETA rings, km/h.',
    }),
    trailFixes: Type.Integer({
      minimum: 2,
      maximum: 64,
      default: 20,
      description: 'Fixes drawn behind each target on the map (its recent track).',
    }),
  },
  { default: {}, additionalProperties: false },
);
