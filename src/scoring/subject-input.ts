import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { Compile } from 'typebox/compile';
import { GradeSchema } from '../domain/grades.js';
import { addInspection, type History36m, type ListEntry } from '../domain/credit.js';
import { parseClasses } from '../domain/driver-id.js';
import { SIGNAL_CODES, SIGNAL_TEXT, type SignalCode, type TrackSignal } from '../domain/signals.js';
import type { TrackView } from '../domain/track-view.js';
import { worseGrade, type CreditProfile } from '../domain/credit-profile.js';
import type { RuleInput } from './finding.js';

const Iso = Type.String({ format: 'date-time', description: 'ISO 8601 time.' });

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
          signals: Type.Optional(
            Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }), {
              description: 'Track signal codes (AIS_WENT_DARK, AIS_POSITION_JUMP, ...).',
            }),
          ),
          alarms: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
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

const DAY = 86_400_000;

/** The rule input a subject line describes, as the live pipeline would have built it. */
export function subjectToInput(s: SubjectLine, now: number): RuleInput & { id: string } {
  const at = s.at ? Date.parse(s.at) : now;
  const id =
    s.id ??
    (s.kind === 'vessel'
      ? `vessel:${s.identity.mmsi ?? 0}`
      : `vehicle:${s.identity.plate ?? s.identity.terminalId ?? '?'}`);
  const signals: Partial<Record<SignalCode, TrackSignal>> = {};
  for (const code of (s.live?.signals ?? []) as SignalCode[]) {
    const [text, textEn] = SIGNAL_TEXT[code];
    signals[code] = { code, since: at, at, count: 1, evidence: 'reported in the input', text, textEn };
  }
  const [lat, lon] = s.live?.position ?? [null, null];
  const base = { id, lat, lon, lastSeen: at, signals };
  const track: TrackView =
    s.kind === 'vessel'
      ? {
          ...base,
          kind: 'vessel',
          mmsi: s.identity.mmsi ?? 0,
          shipname: s.live?.shipname ?? s.identity.name ?? null,
          imo: null,
          shiptype: s.live?.shiptype ?? null,
          draught: s.live?.draught ?? null,
          aisHeard: s.live?.noAis !== true,
          sighting:
            s.live?.measuredDraught === undefined && s.live?.hullName === undefined
              ? null
              : {
                  at,
                  station: 'input',
                  profile: 'input',
                  hullName: s.live.hullName ?? null,
                  draughtM: s.live.measuredDraught ?? null,
                  draughtAt: s.live.measuredDraught === undefined ? null : at,
                },
        }
      : {
          ...base,
          kind: 'vehicle',
          terminalId: s.identity.terminalId ?? '',
          plate: s.identity.plate ?? null,
          activeAlarms: s.live?.alarms ?? [],
          alarmsSeen: Object.fromEntries((s.live?.alarms ?? []).map((a) => [a, at])),
          weighing: s.live?.grossKg === undefined ? null : { at, grossKg: s.live.grossKg, station: 'input' },
          sensors: {},
          driver: s.credit?.driver === undefined ? null : { idHash: 'input', masked: 'input', at },
        };
  const input: RuleInput & { id: string } = { id, track, credit: creditOf(s, at), now: at };
  if (s.lastInspection) {
    const t = Date.parse(s.lastInspection.at);
    input.local = { lastInspectionAt: t, ...(s.lastInspection.clean && { lastCleanInspectionAt: t }) };
  }
  return input;
}

function creditOf(s: SubjectLine, at: number): CreditProfile {
  const c = s.credit;
  if (!c)
    return {
      known: false,
      subjectGrade: null,
      company: null,
      grade: null,
      lists: [],
      history: null,
      vessel: null,
      vehicle: null,
    };
  const history: History36m = {
    inspections: 0,
    deficiencies: 0,
    detentions: 0,
    penalties: c.penalties ?? 0,
    accidents: c.accidents ?? 0,
  };
  for (const i of c.inspections ?? []) {
    const t = Date.parse(i.at);
    if (t <= at && at - t <= 36 * 30.44 * DAY) addInspection(history, t, i.deficiencies, i.detained === true);
  }
  const company = c.companyGrade ? { id: 'company', name: c.companyName ?? '', grade: c.companyGrade } : null;
  const subjectId = s.kind === 'vessel' ? String(s.identity.mmsi ?? 0) : (s.identity.plate ?? '');
  const lists: ListEntry[] = (c.lists ?? []).map((l) => ({
    list: l.list,
    subjectKind: l.of === 'company' ? 'company' : s.kind,
    subjectId: l.of === 'company' ? 'company' : subjectId,
    reason: l.reason ?? '',
    from: new Date(at - DAY).toISOString(),
    status: 'active',
  }));
  return {
    known: true,
    subjectGrade: c.grade ?? null,
    company,
    grade: worseGrade(c.grade, c.companyGrade),
    lists,
    history,
    vessel:
      s.kind === 'vessel'
        ? {
            mmsi: s.identity.mmsi ?? 0,
            name: c.registeredName ?? s.identity.name ?? '',
            ...(c.shipType !== undefined && { shipType: c.shipType }),
            ...(c.buildYear !== undefined && { buildYear: c.buildYear }),
            ...(c.maxDraughtM !== undefined && { maxDraughtM: c.maxDraughtM }),
          }
        : null,
    vehicle:
      s.kind === 'vehicle'
        ? {
            plate: s.identity.plate ?? '',
            hazmatQualified: c.hazmatQualified ?? true,
            ...(c.permittedGrossKg !== undefined && { permittedGrossKg: c.permittedGrossKg }),
          }
        : null,
    ...(s.kind === 'vehicle' && {
      documents: {
        waybills: (c.waybills ?? []).map((w) => ({ ...w, from: Date.parse(w.from), until: Date.parse(w.until) })),
        permits: (c.permits ?? []).map((p) => ({ ...p, from: Date.parse(p.from), until: Date.parse(p.until) })),
        hazardClasses: c.hazardClasses ?? [],
      },
      ...(c.driver !== undefined && {
        driver:
          c.driver === null
            ? null
            : {
                idHash: 'input',
                classes: parseClasses(c.driver.qualification),
                validUntil: Date.parse(c.driver.validUntil),
              },
      }),
    }),
  };
}
