import Type from 'typebox';
import Value from 'typebox/value';
import { GradeSchema as Grade } from '../domain/grades.js';
import { FLAG_LISTS, PERFORMANCES, SHIP_KINDS } from '../domain/psc.js';

const oneOf = <T extends string>(values: readonly T[]) => Type.Enum([...values]);
const Level = oneOf(PERFORMANCES);

/**
 * JSON form of the credit snapshot (format kakou-credit-snapshot/1). The signed protobuf form
 * described in sync/README.md supersedes it for transport; this form stays for tests and demos.
 */
const History = Type.Object({
  inspections: Type.Integer({ minimum: 0 }),
  deficiencies: Type.Integer({ minimum: 0 }),
  detentions: Type.Integer({ minimum: 0 }),
  penalties: Type.Integer({ minimum: 0 }),
  accidents: Type.Integer({ minimum: 0 }),
});

/** History events one by one, each with the platform's id and its dispute or repair status. */
const EntryStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('disputed'),
  Type.Literal('repaired'),
  Type.Literal('upheld'),
]);
const Events = Type.Array(
  Type.Object({
    id: Type.String({ minLength: 1, maxLength: 64 }),
    kind: Type.Union([Type.Literal('inspection'), Type.Literal('penalty'), Type.Literal('accident')]),
    at: Type.String({ format: 'date-time' }),
    deficiencies: Type.Optional(Type.Integer({ minimum: 0 })),
    detained: Type.Optional(Type.Boolean()),
    note: Type.Optional(Type.String()),
    status: Type.Optional(EntryStatus),
  }),
);

const LatLon = Type.Tuple([Type.Number({ minimum: -90, maximum: 90 }), Type.Number({ minimum: -180, maximum: 180 })]);

export const SnapshotSchema = Type.Object({
  format: Type.Literal('kakou-credit-snapshot/1'),
  version: Type.Integer({ minimum: 1 }),
  issuedAt: Type.String({ format: 'date-time' }),
  validUntil: Type.String({ format: 'date-time' }),
  companies: Type.Array(
    Type.Object({
      id: Type.String({ minLength: 1 }),
      name: Type.String(),
      grade: Grade,
      score: Type.Optional(Type.Number()),
      performance: Type.Optional(Level),
      inspections36m: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
  ),
  flags: Type.Optional(
    Type.Array(
      Type.Object({
        code: Type.String({ pattern: '^[A-Z]{2}$' }),
        name: Type.Optional(Type.String()),
        list: oneOf([...FLAG_LISTS, 'unlisted']),
        imoAudited: Type.Boolean(),
      }),
    ),
  ),
  recognisedOrganisations: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String({ minLength: 1 }),
        name: Type.Optional(Type.String()),
        performance: Type.Optional(Level),
        recognised: Type.Boolean(),
      }),
    ),
  ),
  vessels: Type.Array(
    Type.Object({
      mmsi: Type.Integer({ minimum: 1, maximum: 999_999_999 }),
      imo: Type.Optional(Type.Integer({ minimum: 0 })),
      name: Type.String(),
      nameZh: Type.Optional(Type.String()),
      shipType: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
      buildYear: Type.Optional(Type.Integer({ minimum: 1850, maximum: 2200 })),
      maxDraughtM: Type.Optional(Type.Number({ minimum: 0, maximum: 40 })),
      companyId: Type.Optional(Type.String()),
      grade: Type.Optional(Grade),
      flag: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
      roId: Type.Optional(Type.String({ minLength: 1 })),
      pscType: Type.Optional(oneOf(SHIP_KINDS)),
      dangerousCargo: Type.Optional(Type.Boolean()),
      maxPersons: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
      history: Type.Optional(History),
      events: Type.Optional(Events),
    }),
  ),
  vehicles: Type.Array(
    Type.Object({
      plate: Type.String({ minLength: 2 }),
      plateColour: Type.Optional(Type.String()),
      terminalId: Type.Optional(Type.String()),
      vehicleType: Type.Optional(Type.String()),
      companyId: Type.Optional(Type.String()),
      grade: Type.Optional(Grade),
      hazmatQualified: Type.Optional(Type.Boolean()),
      permittedGrossKg: Type.Optional(Type.Integer({ minimum: 0 })),
      hazardClasses: Type.Optional(
        Type.Array(Type.String({ pattern: '^[1-9](\\.[1-6])?$' }), {
          description: 'Hazard classes or divisions the road transport certificate covers.',
        }),
      ),
      history: Type.Optional(History),
      events: Type.Optional(Events),
    }),
  ),
  drivers: Type.Optional(
    Type.Array(
      Type.Object({
        idHash: Type.Optional(
          Type.String({
            pattern: '^[0-9a-f]{64}$',
            description: 'HMAC-SHA256 of the ID number under the provincial driver-id key, hex.',
          }),
        ),
        idNumber: Type.Optional(
          Type.String({
            minLength: 6,
            description:
              'The ID number, hashed by kakou snapshot build with --driver-id-key: only the keyed hash enters the snapshot.',
          }),
        ),
        qualification: Type.String({ description: 'Hazard classes covered, comma separated ("2,3,8"); empty: none.' }),
        validUntil: Type.String({ format: 'date-time' }),
        companyId: Type.Optional(Type.String()),
      }),
    ),
  ),
  waybills: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String({ minLength: 1 }),
        plate: Type.String({ minLength: 2 }),
        unNumber: Type.String(),
        hazardClass: Type.String(),
        quantityKg: Type.Integer({ minimum: 0 }),
        route: Type.Array(LatLon),
        from: Type.String({ format: 'date-time' }),
        until: Type.String({ format: 'date-time' }),
        companyId: Type.Optional(Type.String()),
      }),
    ),
  ),
  permits: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String({ minLength: 1 }),
        plate: Type.String({ minLength: 2 }),
        corridor: Type.Array(LatLon),
        corridorWidthM: Type.Integer({ minimum: 1 }),
        from: Type.String({ format: 'date-time' }),
        until: Type.String({ format: 'date-time' }),
        maxGrossKg: Type.Integer({ minimum: 0 }),
      }),
    ),
  ),
  lists: Type.Array(
    Type.Object({
      list: Type.Union([Type.Literal('red'), Type.Literal('black'), Type.Literal('key-attention')]),
      subjectKind: Type.Union([Type.Literal('company'), Type.Literal('vessel'), Type.Literal('vehicle')]),
      subjectId: Type.String({ minLength: 1 }),
      reason: Type.String(),
      from: Type.String({ format: 'date-time' }),
      until: Type.Optional(Type.String({ format: 'date-time' })),
      status: Type.Optional(EntryStatus),
      id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the platform's id of the entry" })),
    }),
  ),
});

/** Every problem of a snapshot in the JSON form, as "path: message" lines; empty when it is good. */
export function snapshotJsonProblems(json: unknown): string[] {
  const problems = new Set<string>();
  for (const e of Value.Errors(SnapshotSchema, json)) {
    if (e.keyword !== 'boolean' && e.keyword !== 'const')
      problems.add(
        `${e.instancePath || '/'}: ${e.keyword === 'anyOf' ? 'is not one of the allowed values' : e.message}`,
      );
  }
  const drivers = (json as { drivers?: Array<{ idHash?: string; idNumber?: string }> }).drivers ?? [];
  drivers.forEach((d, i) => {
    if (!d.idHash === !d.idNumber) problems.add(`/drivers/${i}: needs exactly one of idHash and idNumber`);
  });
  return [...problems];
}
