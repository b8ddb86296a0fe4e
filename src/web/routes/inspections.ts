import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { INSPECTION_ACTIONS, INSPECTION_RESULTS } from '../../domain/inspection.js';
import { KakouError } from '../../errors.js';
import { DEFECT_CODES, defectProblems } from '../../inspections/defect-codes.js';
import { requireUser } from '../auth.js';
import type { WebDeps } from '../deps.js';
import { ALL_ROLES } from '../roles.js';
import { inspectionFormHtml } from '../inspection-form.js';
import { Inspection } from '../schemas.js';

const NewInspectionBody = Type.Object(
  {
    targetId: Type.String({ minLength: 1, maxLength: 80 }),
    result: Type.Union(INSPECTION_RESULTS.map((r) => Type.Literal(r))),
    action: Type.Union(INSPECTION_ACTIONS.map((a) => Type.Literal(a))),
    defects: Type.Array(
      Type.Object(
        {
          code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' }),
          note: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100, default: [] },
    ),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
    passageId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 160,
        description: "the passage answered (default: the target's open one)",
      }),
    ),
  },
  { additionalProperties: false },
);

const Defects = NewInspectionBody.properties.defects;
const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'why the record is amended' });
const CorrectionBody = Type.Object(
  {
    reason: Reason,
    result: Type.Optional(NewInspectionBody.properties.result),
    action: Type.Optional(NewInspectionBody.properties.action),
    defects: Type.Optional(Defects),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const RecordId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const History = Type.Object({
  record: Inspection,
  amendments: Type.Array(Inspection),
  standing: Type.String({ description: 'in-force, corrected, void-requested or void' }),
});

export function inspectionRoutes(app: FastifyInstance, deps: WebDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post(
    '/api/v1/inspections',
    {
      schema: { body: NewInspectionBody, response: { 201: Type.Object({ inspection: Inspection }) } },
      config: { access: ALL_ROLES, summary: 'record an inspection (stored with its outbox row in one transaction)' },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const body = req.body;
      const problems = defectProblems(body.defects ?? []);
      if (problems.length > 0) throw new KakouError('KAKOU_E_API_VALIDATION', 'unknown defect code', problems);
      const record = deps.inspections.record({
        targetId: body.targetId,
        officer: user.username,
        result: body.result,
        action: body.action,
        defects: body.defects ?? [],
        ...(body.notes !== undefined && { notes: body.notes }),
        ...(body.passageId !== undefined && { passageId: body.passageId }),
      });
      deps.metrics.inspections.inc({ result: record.result });
      return reply.status(201).send({ inspection: record });
    },
  );

  api.post(
    '/api/v1/inspections/:id/corrections',
    {
      config: {
        access: ALL_ROLES,
        summary: 'correct a record: a new record that restates it, with the reason; the original stays',
      },
      schema: { params: RecordId, body: CorrectionBody, response: { 201: Type.Object({ inspection: Inspection }) } },
    },
    async (req, reply) => {
      const { reason, ...changes } = req.body;
      const problems = defectProblems(changes.defects ?? []);
      if (problems.length > 0) throw new KakouError('KAKOU_E_API_VALIDATION', 'unknown defect code', problems);
      const by = requireUser(req);
      const record = deps.inspections.amend(req.params.id, { kind: 'correction', by, reason, changes });
      return reply.status(201).send({ inspection: record });
    },
  );

  api.post(
    '/api/v1/inspections/:id/void',
    {
      config: {
        access: ALL_ROLES,
        summary:
          "withdraw a record: a supervisor's void takes effect (approving any request); an officer's is a request",
      },
      schema: {
        params: RecordId,
        body: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: { 201: Type.Object({ inspection: Inspection }) },
      },
    },
    async (req, reply) => {
      const by = requireUser(req);
      const record = deps.inspections.amend(req.params.id, { kind: 'void', by, reason: req.body.reason });
      return reply.status(201).send({ inspection: record });
    },
  );

  api.get(
    '/api/v1/inspections/:id/form',
    {
      config: {
        access: ALL_ROLES,
        summary: 'the printable inspection record form (检查记录单), with a QR code of the record hash',
        produces: 'text/html',
      },
      schema: { params: RecordId },
    },
    async (req, reply) => {
      const history = deps.inspections.history(req.params.id);
      if (!history) throw new KakouError('KAKOU_E_INSPECTION_UNKNOWN', undefined, [`id: no record ${req.params.id}`]);
      const html = await inspectionFormHtml({
        ...history,
        photos: deps.inspections.photos(req.params.id),
        recordHash: deps.inspections.recordHash(req.params.id),
        site: deps.site,
      });
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
        .header('cache-control', 'no-store')
        .send(html);
    },
  );

  api.get(
    '/api/v1/inspections/:id/history',
    {
      config: {
        access: ALL_ROLES,
        summary: 'a record with its corrections and voids, oldest first, and where it stands',
      },
      schema: { params: RecordId, response: { 200: History } },
    },
    async (req) => {
      const history = deps.inspections.history(req.params.id);
      if (!history) throw new KakouError('KAKOU_E_INSPECTION_UNKNOWN', undefined, [`id: no record ${req.params.id}`]);
      return history;
    },
  );

  api.get(
    '/api/v1/defect-codes',
    {
      config: { access: ALL_ROLES, summary: 'the coded defect list inspections are recorded against' },
      schema: {
        response: {
          200: Type.Object({
            codes: Type.Array(
              Type.Object({ code: Type.String(), kind: Type.String(), zh: Type.String(), en: Type.String() }),
            ),
          }),
        },
      },
    },
    async () => ({ codes: [...DEFECT_CODES] }),
  );

  api.get(
    '/api/v1/inspections',
    {
      config: { access: ALL_ROLES, summary: 'recent inspection records' },
      schema: {
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
        response: { 200: Type.Object({ inspections: Type.Array(Inspection) }) },
      },
    },
    async (req) => ({ inspections: deps.inspections.recent(req.query.limit ?? 50) }),
  );
}
