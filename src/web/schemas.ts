import Type from 'typebox';
import { INSPECTION_ACTIONS, INSPECTION_RESULTS } from '../domain/inspection.js';
import { TIERS } from '../domain/target.js';

/*
 * Response schemas of the API, for the OpenAPI document (/docs). Objects stay open
 * (additionalProperties) so that a field added later is documented as an addition, not a break.
 */
const open = { additionalProperties: true } as const;
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const Iso = Type.String({ format: 'date-time' });
const Role = Type.Union([Type.Literal('officer'), Type.Literal('supervisor'), Type.Literal('admin')]);

export const Reason = Type.Object(
  {
    code: Type.String(),
    text: Type.String(),
    textEn: Type.String(),
    points: Type.Number(),
    evidence: Type.Optional(Type.String()),
  },
  open,
);

export const TargetView = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('vessel'), Type.Literal('vehicle')]),
    name: Type.String(),
    score: Type.Number(),
    tier: Type.String({ description: TIERS.join(', ') }),
    selection: Type.String(),
    reasons: Type.Array(Reason),
    grade: Nullable(Type.String()),
    lists: Type.Array(Type.String()),
    lat: Nullable(Type.Number()),
    lon: Nullable(Type.Number()),
    speed: Nullable(Type.Number()),
    speedUnit: Type.String(),
    course: Nullable(Type.Number()),
    distanceM: Nullable(Type.Number()),
    etaS: Nullable(Type.Number()),
    crossingSoon: Type.Boolean(),
    gate: Type.Union([Type.String(), Type.Null()], {
      description: 'the line or gate it is heading for (checkpoint.gates)',
    }),
    capacity: Nullable(Type.String()),
    lastSeen: Iso,
    passage: Nullable(
      Type.Object(
        {
          id: Type.String(),
          status: Type.String({ description: 'approaching, called, inspecting, inspected, passed or missed' }),
          openedAt: Iso,
          closedAt: Nullable(Iso),
          calledBy: Nullable(Type.String()),
          finishedAt: Nullable(Iso),
        },
        open,
      ),
    ),
  },
  open,
);

export const CapacityPlan = Nullable(
  Type.Object(
    {
      boardingsPerHour: Type.Integer(),
      arriving: Type.Integer(),
      mustOver: Type.Integer(),
      deferred: Type.Integer(),
      teams: Type.Array(
        Type.Object({
          id: Type.String(),
          gate: Type.Union([Type.String(), Type.Null()]),
          boardingsPerHour: Type.Integer(),
          boarded: Type.Integer(),
        }),
        { description: "each team's boardings this hour and how many the plan gives it" },
      ),
    },
    open,
  ),
);

export const TargetList = Type.Object(
  { version: Type.Integer(), count: Type.Integer(), capacity: CapacityPlan, targets: Type.Array(TargetView) },
  open,
);

export const Inspection = Type.Object(
  {
    id: Type.String(),
    nodeId: Type.String(),
    targetId: Type.String(),
    targetKind: Type.String(),
    targetName: Type.String(),
    officer: Type.String(),
    result: Type.String({ description: INSPECTION_RESULTS.join(', ') }),
    action: Type.String({ description: INSPECTION_ACTIONS.join(', ') }),
    defects: Type.Array(Type.Object({ code: Type.String(), note: Type.Optional(Type.String()) }, open)),
    notes: Type.Optional(Type.String()),
    tierAtDecision: Nullable(Type.String()),
    scoreAtDecision: Nullable(Type.Number()),
    createdAt: Iso,
    passageId: Type.Optional(Type.String()),
    calledAt: Type.Optional(Iso),
    startedAt: Type.Optional(Iso),
    finishedAt: Type.Optional(Iso),
    amends: Type.Optional(Type.String({ description: 'the record this one corrects or voids' })),
    amendment: Type.Optional(Type.String({ description: 'correction, void-request or void' })),
    reason: Type.Optional(Type.String()),
    reasonsAtDecision: Type.Optional(Type.Array(Type.String())),
  },
  open,
);

export const User = Type.Object({ id: Type.Integer(), username: Type.String(), role: Role }, open);
export const Photo = Type.Object({ sha256: Type.String(), contentType: Type.String(), bytes: Type.Integer() }, open);
export const AuditEntry = Type.Object(
  {
    seq: Type.Integer(),
    atMs: Type.Integer(),
    actor: Type.String(),
    role: Nullable(Type.String()),
    action: Type.String(),
    target: Nullable(Type.String()),
    detail: Type.Object({}, open),
    hash: Type.String(),
  },
  open,
);
export const DeadLetter = Type.Object(
  { seq: Type.Integer(), kind: Type.String(), code: Type.String(), reason: Type.String() },
  open,
);
export const CentralReview = Type.Object(
  {
    id: Type.Integer(),
    seq: Type.Integer(),
    inspectionId: Type.String(),
    targetId: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.String(),
    reason: Type.String(),
    reviewer: Type.String(),
    at: Iso,
    standing: Type.Boolean(),
    answeredBy: Type.Union([Type.String(), Type.Null()]),
  },
  open,
);
export const Shift = Type.Object({ id: Type.String(), startedAt: Iso, commitment: Type.String() }, open);
export const Readiness = Type.Object(
  {
    ready: Type.Boolean(),
    checks: Type.Record(Type.String(), Type.Object({ ok: Type.Boolean(), detail: Type.String() })),
    reasons: Type.Array(Type.String()),
  },
  open,
);
export const Loose = Type.Object({}, open);
