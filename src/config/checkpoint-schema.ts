import Type from 'typebox';

/** A [latitude, longitude] pair in decimal degrees WGS84. */
export const LatLonSchema = Type.Tuple([
  Type.Number({ minimum: -90, maximum: 90 }),
  Type.Number({ minimum: -180, maximum: 180 }),
]);

/** One checkpoint line or gate of several (`checkpoint.gates`). */
const GateConfigSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$', description: 'Short id (lower case, digits, -).' }),
    name: Type.String({ minLength: 1, maxLength: 32, description: 'Name shown on the terminal (北向航道, 公路卡口).' }),
    points: Type.Array(LatLonSchema, {
      default: [],
      maxItems: 200,
      description:
        'A line (two [lat, lon] points) or polygon (three or more); empty means a circle of radiusM around centre.',
    }),
    centre: Type.Optional(LatLonSchema),
    radiusM: Type.Number({ minimum: 10, maximum: 20_000, default: 300, description: 'Radius of a circle gate.' }),
    kinds: Type.Array(Type.Union([Type.Literal('vessel'), Type.Literal('vehicle')]), {
      default: ['vessel', 'vehicle'],
      minItems: 1,
      maxItems: 2,
      description: 'The subjects it checks.',
    }),
    devices: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      default: [],
      maxItems: 64,
      description: 'Devices standing at it: a read by one is its subject crossing.',
    }),
    boardingsPerHour: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1000,
        description:
          'Boardings its team can do in an hour; set on every gate or none (then the policy capacity applies).',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The checkpoint: its line or gate (or several gates with their teams), the watch radius, speed zones. */
export const CheckpointConfigSchema = Type.Object(
  {
    gate: Type.Array(LatLonSchema, {
      default: [],
      description:
        'The checkpoint line (two [lat, lon] points across the fairway or road) or gate polygon (three ' +
        'or more); empty means a circle of gateRadiusM around site.',
    }),
    gateRadiusM: Type.Number({
      minimum: 10,
      maximum: 20_000,
      default: 300,
      description: 'Radius of the gate circle used when no gate is drawn.',
    }),
    crossWithinMinutes: Type.Number({
      minimum: 1,
      maximum: 1440,
      default: 30,
      description: 'A target whose course and speed reach the gate within this many minutes is shown as arriving.',
    }),
    watchRadiusM: Type.Number({
      minimum: 100,
      maximum: 200_000,
      default: 10_000,
      description:
        'A vessel falling silent within this distance of the gate raises the went-dark signal instead of leaving the list.',
    }),
    gateDevices: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      default: [],
      maxItems: 64,
      description:
        'Ids of devices standing at the line or gate (a lane plate camera, a hull-name camera at the line): a read by one marks its subject crossing.',
    }),
    passageRearmM: Type.Number({
      minimum: 10,
      maximum: 50_000,
      default: 500,
      description:
        'A subject that crossed opens its next passage only after going this far from the line or gate and heading back to it.',
    }),
    speedZones: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1 }),
          polygon: Type.Array(LatLonSchema, { minItems: 3 }),
          maxKn: Type.Number({ minimum: 0, maximum: 60 }),
        },
        { additionalProperties: false },
      ),
      {
        default: [],
        description: 'Vessel speed-limit zones: name, polygon of [lat, lon] points and the limit in knots.',
      },
    ),
    gates: Type.Array(GateConfigSchema, {
      default: [],
      maxItems: 32,
      description:
        'Several checkpoint lines or gates (two fairway directions, a road gate, a lock), each with the subjects ' +
        'it checks, the devices standing at it and its team: targets are planned against the one they are heading ' +
        'for. When set, gate and gateDevices are not used.',
    }),
  },
  { default: {}, additionalProperties: false },
);
