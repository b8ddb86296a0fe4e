import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { Compile } from 'typebox/compile';
import { GradeSchema } from '../domain/grades.js';
import { FLAG_LISTS, PERFORMANCES, SHIP_KINDS } from '../domain/psc.js';
import { SIGNAL_CODES } from '../domain/signals.js';

const Iso = Type.String({ format: 'date-time', description: 'ISO 8601 time.' });
const oneOf = <T extends string>(values: readonly T[], description: string) => Type.Enum([...values], { description });
const Level = oneOf(PERFORMANCES, 'Performance level as the regime publishes it.');

/** What the Paris and Tokyo MoU ship risk profile needs beyond the credit record (vessels). */
const Psc = Type.Object(
  {
    type: Type.Optional(oneOf(SHIP_KINDS, 'Ship type as the ship risk profile names it.')),
    flag: Type.Optional(
      Type.Object(
        {
          code: Type.String({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2.' }),
          list: oneOf([...FLAG_LISTS, 'unlisted'], 'Place on the flag performance list.'),
          imoAudited: Type.Boolean({ description: 'The flag State has undergone the IMO audit.' }),
        },
        { additionalProperties: false },
      ),
    ),
    ro: Type.Optional(
      Type.Object(
        {
          id: Type.String({ minLength: 1 }),
          performance: Type.Optional(Level),
          recognised: Type.Boolean({ description: 'Recognised by a member State of the regime.' }),
        },
        { additionalProperties: false, description: 'Recognised organisation; without performance: not on the list.' },
      ),
    ),
    companyPerformance: Type.Optional(Level),
    companyInspections36m: Type.Optional(
      Type.Integer({ minimum: 0, description: 'PSC inspections of any ship of the company in 36 months.' }),
    ),
  },
  { additionalProperties: false, description: 'Vessels: the PSC ship risk profile data of the snapshot.' },
);

/**
 * One subject as `kakou score` and `kakou backtest` read it (format kakou-subject/1, one JSON
 * object per line): who it is, what the credit snapshot says, what it is doing now, and when this
 * node last inspected it. src/scoring/README.md documents every field with an example.
 */
export const SubjectSchema = Type.Object(
  {
    id: Type.Optional(
      Type.String({ minLength: 1, description: 'Target id; defaults to vessel:<mmsi> or vehicle:<plate>.' }),
    ),
    passageId: Type.Optional(
      Type.String({ minLength: 1, description: 'Backtest: the passage this line records (joins the outcomes file).' }),
    ),
    kind: Type.Union([Type.Literal('vessel'), Type.Literal('vehicle')]),
    at: Type.Optional(Iso),
    identity: Type.Object(
      {
        mmsi: Type.Optional(Type.Integer({ minimum: 1, maximum: 999_999_999 })),
        plate: Type.Optional(Type.String({ minLength: 2 })),
        terminalId: Type.Optional(Type.String()),
        name: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    credit: Type.Optional(
      Type.Object(
        {
          grade: Type.Optional(GradeSchema),
          companyGrade: Type.Optional(GradeSchema),
          companyName: Type.Optional(Type.String()),
          registeredName: Type.Optional(Type.String()),
          lists: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  list: Type.Union([Type.Literal('red'), Type.Literal('black'), Type.Literal('key-attention')]),
                  of: Type.Optional(Type.Union([Type.Literal('subject'), Type.Literal('company')])),
                  reason: Type.Optional(Type.String()),
                },
                { additionalProperties: false },
              ),
            ),
          ),
          shipType: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
          buildYear: Type.Optional(Type.Integer({ minimum: 1850, maximum: 2200 })),
          maxDraughtM: Type.Optional(Type.Number({ minimum: 0, maximum: 40 })),
          dangerousCargo: Type.Optional(
            Type.Boolean({ description: 'Vessels: dangerous cargo declared for the voyage.' }),
          ),
          maxPersons: Type.Optional(
            Type.Integer({ minimum: 1, description: 'Vessels: persons the safety certificate allows on board.' }),
          ),
          hazmatQualified: Type.Optional(Type.Boolean()),
          permittedGrossKg: Type.Optional(Type.Integer({ minimum: 0 })),
          hazardClasses: Type.Optional(
            Type.Array(Type.String(), {
              description: 'Vehicles: hazard classes the road transport certificate covers.',
            }),
          ),
          driver: Type.Optional(
            Type.Union(
              [
                Type.Object(
                  { qualification: Type.String({ description: 'Classes covered, "2,3,8".' }), validUntil: Iso },
                  { additionalProperties: false },
                ),
                Type.Null(),
              ],
              { description: 'Vehicles: the reported driver as on record; null when the driver is not on record.' },
            ),
          ),
          waybills: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  id: Type.String(),
                  unNumber: Type.String(),
                  hazardClass: Type.String(),
                  quantityKg: Type.Number({ minimum: 0 }),
                  route: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
                  from: Iso,
                  until: Iso,
                },
                { additionalProperties: false },
              ),
            ),
          ),
          permits: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  id: Type.String(),
                  corridor: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
                  corridorWidthM: Type.Number({ minimum: 1 }),
                  from: Iso,
                  until: Iso,
                  maxGrossKg: Type.Number({ minimum: 0 }),
                },
                { additionalProperties: false },
              ),
            ),
          ),
          inspections: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  at: Iso,
                  deficiencies: Type.Integer({ minimum: 0 }),
                  detained: Type.Optional(Type.Boolean()),
                },
                { additionalProperties: false },
              ),
              { description: 'Inspections in the 36 months before `at`.' },
            ),
          ),
          penalties: Type.Optional(Type.Integer({ minimum: 0 })),
          accidents: Type.Optional(Type.Integer({ minimum: 0 })),
          psc: Type.Optional(Psc),
        },
        { additionalProperties: false, description: 'Omitted: the subject is not in the snapshot.' },
      ),
    ),
    live: Type.Optional(
      Type.Object(
        {
          shipname: Type.Optional(Type.String()),
          shiptype: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
          draught: Type.Optional(Type.Number({ minimum: 0 })),
          position: Type.Optional(
            Type.Tuple([Type.Number({ minimum: -90, maximum: 90 }), Type.Number({ minimum: -180, maximum: 180 })], {
              description: '[lat, lon] now.',
            }),
          ),
          grossKg: Type.Optional(
            Type.Number({ minimum: 0, description: 'Vehicles: gross weight from a weigh-in-motion scale.' }),
          ),
          measuredDraught: Type.Optional(
            Type.Number({ minimum: 0, description: 'Vessels: draught measured by a gauge at the checkpoint (m).' }),
          ),
          hullName: Type.Optional(Type.String({ description: 'Vessels: the name a hull-name camera read.' })),
          noAis: Type.Optional(
            Type.Boolean({ description: 'Vessels: seen by a checkpoint device, not heard on AIS.' }),
          ),
          noTerminal: Type.Optional(
            Type.Boolean({ description: 'Vehicles: plate read at the gate, not heard from its terminal.' }),
          ),
          signals: Type.Optional(
            Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }), {
              description: 'Track signal codes (AIS_WENT_DARK, AIS_POSITION_JUMP, ...).',
            }),
          ),
          alarms: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
          blueCones: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 4,
              description: 'Vessels: blue cones or lights shown (Inland AIS), or 4 for a B-flag.',
            }),
          ),
          persons: Type.Optional(
            Type.Integer({ minimum: 0, description: 'Vessels: persons on board as the vessel reports them.' }),
          ),
          loaded: Type.Optional(
            Type.Boolean({
              description: 'Vessels: the loaded state Inland AIS reports (true loaded, false unloaded).',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    lastInspection: Type.Optional(
      Type.Object(
        { at: Iso, clean: Type.Boolean() },
        { additionalProperties: false, description: "This node's own last inspection." },
      ),
    ),
  },
  { additionalProperties: false },
);

export type SubjectLine = Static<typeof SubjectSchema>;

// Compiled once: a backtest checks a million lines, nearly all of them good.
const subjectCheck = Compile(SubjectSchema);

/** Every problem of one line, as "path: message". */
export function subjectProblems(value: unknown): string[] {
  if (subjectCheck.Check(value)) return signalProblems(value as SubjectLine);
  const byPath = new Map<string, string>();
  for (const e of Value.Errors(SubjectSchema, value)) {
    if (e.keyword === 'boolean' || (e.keyword === 'const' && byPath.has(e.instancePath))) continue;
    // A union reports each member, then the union: one line per path, the union's when there is one.
    byPath.set(e.instancePath, e.keyword === 'anyOf' ? 'is not one of the allowed values' : e.message);
  }
  const problems = [...byPath].map(([path, message]) => `${path || '/'}: ${message}`);
  return problems.length === 0 ? signalProblems(value as SubjectLine) : problems;
}

function signalProblems(s: SubjectLine): string[] {
  const problems: string[] = [];
  s.live?.signals?.forEach((code, i) => {
    if (!(SIGNAL_CODES as readonly string[]).includes(code))
      problems.push(`/live/signals/${i}: unknown signal ${code}`);
  });
  return problems;
}
