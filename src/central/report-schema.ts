import Type, { type TSchema } from 'typebox';
import { standaloneSchema } from '../config/json-schema.js';

/**
 * GET /v1/nodes/{id}/report of the reference central, as JSON Schema (sync/schemas/report.v1.schema.json),
 * for a province's dashboards. Closed at the top level: a field the report gains is added here, or
 * the test that holds real reports to this schema fails.
 */
const Count = Type.Integer({ minimum: 0 });
const Seq = Type.Integer({ minimum: 1 });
const Time = Type.String({ description: 'UTC, ISO 8601' });
const Range = Type.Object({ from: Seq, to: Seq });

export const NodeReportSchema: TSchema = Type.Object(
  {
    nodeId: Type.String(),
    name: Type.String(),
    timeZone: Type.Object({
      utcOffsetMinutes: Type.Integer({ description: 'the site offset lateness counts local days in' }),
      statedByNode: Type.Boolean({ description: "false: the central's default, the node stated none" }),
      calendarYears: Type.Array(Type.Integer(), { description: 'years whose public holidays were known' }),
    }),
    revoked: Type.Union([Type.Object({ at: Time, reason: Type.String() }), Type.Null()], {
      description: 'when and why an administrator revoked the node; null while in service',
    }),
    reviews: Type.Object(
      {
        refused: Count,
        upheld: Count,
        open: Type.Array(Type.Object({ id: Seq, seq: Seq, recordId: Type.String(), reason: Type.String(), at: Time }), {
          description: 'refusals standing with no correction or void of the record received yet',
        }),
      },
      { description: "reviewers' verdicts on the node's inspection records (sync/README.md, Reviews)" },
    ),
    records: Count,
    byKind: Type.Record(Type.String(), Count, { description: 'records stored per kind' }),
    dataQuality: Type.Union([Type.Object({ day: Type.String(), devices: Type.Array(Type.Unknown()) }), Type.Null()]),
    open: Type.Object({
      missedPassages: Type.Object({
        count: Count,
        latest: Type.Array(Type.Object({}, { additionalProperties: true })),
      }),
      unacknowledgedCritical: Type.Object({
        count: Count,
        alarms: Type.Array(Type.Object({}, { additionalProperties: true })),
      }),
      openDisputes: Count,
    }),
    photos: Type.Object({ cited: Count, stored: Count, missing: Count }),
    maxSeq: Count,
    highestContiguousSeq: Count,
    gaps: Type.Array(Range, { description: 'sequence numbers never received: possible concealment' }),
    knownGaps: Type.Array(Type.Object({ from: Seq, to: Seq, reason: Type.String(), markerSeq: Count }), {
      description: 'gaps a restore marker explains',
    }),
    restores: Type.Array(
      Type.Object({
        seq: Count,
        restoredAt: Time,
        backupCreatedAt: Time,
        backupHeadSeq: Count,
        centralHighestSeq: Count,
        lost: Type.Array(Range),
      }),
    ),
    retired: Type.Array(Type.Object({ seq: Seq, kind: Type.String(), reason: Type.String() })),
    rejected: Count,
    chain: Type.Object({ verified: Type.Boolean(), pendingLinks: Count, brokenLinks: Count }),
    clockSuspect: Count,
    evicted: Count,
    late: Type.Object({
      count: Count,
      records: Type.Array(
        Type.Object({
          seq: Seq,
          kind: Type.String(),
          idempotencyKey: Type.String(),
          createdAt: Time,
          receivedAt: Time,
        }),
      ),
    }),
  },
  { additionalProperties: false },
);

export const reportJsonSchema = (): Record<string, unknown> =>
  standaloneSchema(NodeReportSchema, 'sync/report.v1', 'Kakou central: node report (version 1)');
