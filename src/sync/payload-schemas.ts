import Type, { type TSchema } from 'typebox';
import { INSPECTION_ACTIONS, INSPECTION_RESULTS } from '../domain/inspection.js';
import { PASSAGE_STATUSES } from '../domain/passage.js';
import { TIERS } from '../domain/target.js';
import { standaloneSchema } from '../config/json-schema.js';
import { PAYLOAD_SCHEMA_VERSION, type RecordKind } from '../domain/record-kinds.js';

/**
 * The payload of each record kind (sync/README.md, "Records"): what a central validates before it
 * stores a record (else KAKOU_E_SYNC_PAYLOAD), published as JSON Schema in sync/schemas/. Fields
 * not named here are allowed and ignored (a newer node may send more); named fields must have
 * their type, and required ones must be there.
 */
const Text = (maxLength = 200) => Type.String({ minLength: 1, maxLength });
const Note = Type.String({ maxLength: 10_000 });
/**
 * A UTC time as the node writes it (Date.prototype.toISOString): six-digit signed years included,
 * since a device's clock can be that far off and its record must still go up, not be refused.
 */
const Time = Type.String({ pattern: '^(\\d{4}|[+-]\\d{6})-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const OneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });
/** Device text in an id may hold any character, line breaks included: the node keeps what the device sent. */
const TargetId = Type.String({ pattern: '^(vessel|vehicle):[\\s\\S]+$', maxLength: 400 });
const Tier = OneOf(TIERS);
const Open = { additionalProperties: true } as const;

const Inspection = Type.Object(
  {
    id: Text(),
    nodeId: Text(64),
    targetId: TargetId,
    targetKind: OneOf(['vessel', 'vehicle']),
    targetName: Type.String({ maxLength: 200 }),
    officer: Text(),
    result: OneOf(INSPECTION_RESULTS),
    action: OneOf(INSPECTION_ACTIONS),
    defects: Type.Array(Type.Object({ code: Text(32), note: Type.Optional(Note) }, Open), { maxItems: 200 }),
    notes: Type.Optional(Note),
    tierAtDecision: Nullable(Type.String()),
    scoreAtDecision: Nullable(Type.Number()),
    reasonsAtDecision: Type.Optional(Type.Array(Type.String(), { maxItems: 100 })),
    passageId: Type.Optional(Text(400)),
    calledAt: Type.Optional(Time),
    startedAt: Type.Optional(Time),
    finishedAt: Type.Optional(Time),
    offList: Type.Optional(OneOf(['on-record', 'unknown'])),
    amends: Type.Optional(Text()),
    amendment: Type.Optional(OneOf(['correction', 'void-request', 'void'])),
    reason: Type.Optional(Note),
    createdAt: Time,
  },
  {
    ...Open,
    description: 'An inspection record; a correction or void names the original in amends, with amendment.',
    // An amendment without what it amends (or the other way round) cannot be applied by anyone.
    dependentRequired: { amends: ['amendment'], amendment: ['amends'] },
  },
);

const InspectionPhoto = Type.Object(
  {
    inspectionId: Text(),
    sha256: Hex64,
    contentType: OneOf(['image/jpeg', 'image/png']),
    bytes: Type.Integer({ minimum: 1 }),
    addedBy: Text(),
    addedAt: Time,
  },
  Open,
);

const Dispute = Type.Object(
  {
    id: Text(),
    disputeId: Text(),
    event: OneOf(['opened', 'resolved']),
    nodeId: Text(64),
    targetId: TargetId,
    entryKind: OneOf(['list', 'history']),
    entryId: Text(),
    entryStatus: Type.String({ maxLength: 40 }),
    officer: Type.Optional(Text()),
    officerNote: Type.Optional(Note),
    subjectStatement: Type.Optional(Note),
    inspectionId: Type.Optional(Text()),
    outcome: Type.Optional(OneOf(['upheld', 'repaired', 'withdrawn'])),
    snapshotVersion: Type.Optional(Nullable(Type.Integer())),
    at: Time,
  },
  Open,
);

const Override = Type.Object(
  {
    id: Text(),
    nodeId: Text(64),
    shiftId: Text(),
    targetId: TargetId,
    tier: Tier,
    tierBefore: Nullable(Tier),
    by: Text(),
    reason: Text(10_000),
    createdAt: Time,
  },
  Open,
);

const SeqRange = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) });
const Restore = Type.Object(
  {
    id: Text(),
    nodeId: Text(64),
    event: Type.Literal('restored-from-backup'),
    reason: Note,
    restoredAt: Time,
    backupCreatedAt: Time,
    backupHeadSeq: Type.Integer({ minimum: 0 }),
    centralHighestSeq: Type.Integer({ minimum: 0 }),
    lost: Type.Array(SeqRange, { maxItems: 1000 }),
    lostComplete: Type.Boolean(),
  },
  Open,
);

const Decision = Type.Object(
  {
    nodeId: Text(64),
    passageId: Text(400),
    targetId: TargetId,
    kind: OneOf(['vessel', 'vehicle']),
    name: Type.String({ maxLength: 200 }),
    policyVersion: Type.Optional(Type.String()),
    snapshotVersion: Type.Optional(Nullable(Type.Integer())),
    score: Type.Number(),
    tier: Tier,
    selection: Type.Optional(Type.Unknown()),
    factors: Type.Array(Type.Unknown(), { maxItems: 200 }),
    unpriced: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9_]*(\\*[0-9]+)?$', maxLength: 80 }), {
        maxItems: 200,
        description: 'Factors found that the policy did not price: CODE, or CODE*units when more than one.',
      }),
    ),
    draw: Type.Optional(Nullable(Type.Object({}, Open))),
    decidedAt: Time,
  },
  Open,
);

const Alarm = Type.Object(
  {
    id: Text(),
    alarmId: Text(),
    nodeId: Text(64),
    event: OneOf(['raised', 'cleared', 'acknowledged']),
    targetId: Text(),
    alarm: Text(),
    critical: Type.Boolean(),
    profile: Type.String({ maxLength: 64 }),
    deviceId: Type.String({ maxLength: 200 }),
    at: Time,
    by: Type.Optional(Text()),
    note: Type.Optional(Note),
  },
  Open,
);

const Passage = Type.Object(
  {
    id: Text(400),
    passageId: Text(400),
    nodeId: Text(64),
    targetId: TargetId,
    targetKind: OneOf(['vessel', 'vehicle']),
    targetName: Type.String({ maxLength: 200 }),
    shiftId: Text(),
    status: OneOf(PASSAGE_STATUSES),
    tier: Tier,
    openedAt: Time,
    closedAt: Time,
    closedBy: OneOf(['crossing', 'inspection', 'lost']),
    crossedAt: Nullable(Time),
    calledAt: Nullable(Time),
    calledBy: Nullable(Text()),
    startedAt: Nullable(Time),
    finishedAt: Nullable(Time),
    inspectionId: Nullable(Text()),
  },
  Open,
);

const Shift = {
  nodeId: Text(64),
  shiftId: Text(),
  startedAt: Type.String({ minLength: 1 }),
  commitment: Hex64,
};
const ShiftCommitment = Type.Object(Shift, Open);
const ShiftReveal = Type.Object({ ...Shift, seed: Hex64 }, Open);

const DataQuality = Type.Object(
  {
    nodeId: Text(64),
    day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    from: Time,
    to: Time,
    targets: Type.Object({}, Open),
    devices: Type.Array(Type.Object({}, Open), { maxItems: 100_000 }),
  },
  Open,
);

const Telemetry = Type.Object(
  {
    nodeId: Text(64),
    from: Time,
    to: Time,
    tracks: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.Integer({ minimum: 0 }))),
  },
  { ...Open, description: 'A telemetry summary of a period: live tracks by kind; more counters may follow.' },
);

export const PAYLOAD_SCHEMAS: Record<RecordKind, TSchema> = {
  inspection: Inspection,
  'inspection-photo': InspectionPhoto,
  dispute: Dispute,
  override: Override,
  restore: Restore,
  decision: Decision,
  alarm: Alarm,
  passage: Passage,
  'shift-commitment': ShiftCommitment,
  'shift-reveal': ShiftReveal,
  'data-quality': DataQuality,
  telemetry: Telemetry,
};

/** A kind's payload schema as published in sync/schemas/<kind>.v<N>.schema.json. */
export function payloadJsonSchema(kind: RecordKind): Record<string, unknown> {
  return standaloneSchema(
    PAYLOAD_SCHEMAS[kind],
    `sync/${kind}.v${PAYLOAD_SCHEMA_VERSION}`,
    `Kakou uplink payload: ${kind} (version ${PAYLOAD_SCHEMA_VERSION})`,
  );
}
