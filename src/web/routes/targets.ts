import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { TIERS, type Target } from '../../domain/target.js';
import { KakouError } from '../../errors.js';
import type { WebDeps } from '../deps.js';
import { requireUser } from '../auth.js';
import { ALL_ROLES, SUPERVISORS } from '../roles.js';
import { Inspection, Loose, TargetList, TargetView } from '../schemas.js';

/** The API view of a target: the decision with its reasons, no personal data. */
export function targetView(t: Target) {
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    score: t.score,
    tier: t.tier,
    selection: t.selection,
    reasons: t.reasons.map((r) => ({
      code: r.code,
      text: r.text,
      textEn: r.textEn,
      points: r.points,
      ...(r.evidence && { evidence: r.evidence }),
    })),
    grade: t.grade,
    lists: t.lists,
    lat: t.lat,
    lon: t.lon,
    speed: t.speed,
    speedUnit: t.speedUnit,
    course: t.course,
    distanceM: t.distanceM,
    etaS: t.etaS,
    crossingSoon: t.crossingSoon,
    gate: t.gate,
    capacity: t.capacity,
    lastSeen: new Date(t.lastSeen).toISOString(),
    passage: t.passage && {
      id: t.passage.id,
      status: t.passage.status,
      openedAt: new Date(t.passage.openedAt).toISOString(),
      closedAt: t.passage.closedAt === null ? null : new Date(t.passage.closedAt).toISOString(),
      calledBy: t.passage.called?.by ?? null,
      finishedAt: t.passage.finishedAt === null ? null : new Date(t.passage.finishedAt).toISOString(),
    },
  };
}

export function targetsPayload(deps: WebDeps) {
  const targets = deps.targets.list().map(targetView);
  return { version: deps.targets.version, count: targets.length, capacity: deps.targets.capacity(), targets };
}

export function targetRoutes(app: FastifyInstance, deps: WebDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/v1/targets',
    {
      config: { access: ALL_ROLES, summary: 'the live target list with reasons, ETA and the capacity plan' },
      schema: {
        querystring: Type.Object(
          {
            tier: Type.Optional(Type.Union(TIERS.map((t) => Type.Literal(t)))),
            kind: Type.Optional(Type.Union([Type.Literal('vessel'), Type.Literal('vehicle')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: TargetList },
      },
    },
    async (req) => {
      const all = targetsPayload(deps);
      const { tier, kind } = req.query;
      const targets = all.targets.filter((t) => (!tier || t.tier === tier) && (!kind || t.kind === kind));
      return { ...all, count: targets.length, targets };
    },
  );

  api.post(
    '/api/v1/targets/:id/override',
    {
      config: {
        access: SUPERVISORS,
        summary: "set a target's tier for the rest of the shift, with the reason (recorded and audited)",
      },
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 80 }) }),
        body: Type.Object(
          {
            tier: Type.Union(TIERS.map((t) => Type.Literal(t))),
            reason: Type.String({ minLength: 4, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ target: TargetView }) },
      },
    },
    async (req) => {
      const t = deps.targets.override(req.params.id, req.body.tier, requireUser(req).username, req.body.reason);
      if (!t) throw new KakouError('KAKOU_E_TARGET_UNKNOWN', undefined, [`id: ${req.params.id}`]);
      return { target: targetView(t) };
    },
  );

  api.get(
    '/api/v1/targets/:id',
    {
      config: { access: ALL_ROLES, summary: 'one target with its draw and previous inspections' },
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 80 }) }),
        response: {
          200: Type.Object({
            target: TargetView,
            credit: Type.Union([Loose, Type.Null()]),
            broadcast: Type.Union([Loose, Type.Null()]),
            observed: Type.Union([Loose, Type.Null()]),
            fixes: Type.Array(Loose),
            signals: Type.Array(Loose),
            inspections: Type.Array(Inspection),
            entries: Type.Array(Loose),
            disputes: Type.Array(Loose),
          }),
        },
      },
    },
    async (req) => {
      const t = deps.targets.get(req.params.id);
      if (!t) throw new KakouError('KAKOU_E_TARGET_UNKNOWN', undefined, [`id: ${req.params.id}`]);
      const more = deps.targets.describe(t.id);
      return {
        target: { ...targetView(t), draw: t.draw },
        credit: more?.credit ?? null,
        broadcast: more?.broadcast ?? null,
        observed: more?.observed ?? null,
        fixes: more?.fixes ?? [],
        signals: more?.signals ?? [],
        inspections: deps.inspections.forTarget(t.id),
        entries: deps.creditEntries(t.id, more?.credit.company?.id ?? null),
        disputes: deps.disputes.list({ targetId: t.id }),
      };
    },
  );
}
