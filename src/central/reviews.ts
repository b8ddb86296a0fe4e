import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { CentralStore, ReviewRow } from '../domain/central-store.js';
import { KakouError } from '../errors.js';

type Guard = (req: FastifyRequest) => Promise<void>;

const MAX_READ = 500;
/** Inspection records read to find the amendments that answer refusals (a report, not an archive query). */
const READ_AT_MOST = 20_000;

const wire = (r: ReviewRow) => ({
  id: r.id,
  seq: r.seq,
  idempotencyKey: r.idempotencyKey,
  recordId: r.recordId,
  outcome: r.outcome,
  reason: r.reason,
  reviewer: r.reviewer,
  at: new Date(r.atMs).toISOString(),
});

export interface ReviewSummary {
  refused: number;
  upheld: number;
  /** Refusals standing (no later upheld) with no correction or void of the record received yet. */
  open: Array<{ id: number; seq: number; recordId: string; reason: string; at: string }>;
}

/** The report's reviews: what was refused, and which refusals the node has not answered yet. */
export async function reviewSummary(store: CentralStore, nodeId: string): Promise<ReviewSummary> {
  const all = await store.reviews.after(nodeId, 0, 100_000);
  const latest = new Map<number, ReviewRow>();
  for (const r of all) latest.set(r.seq, r);
  const answered = new Set<string>();
  for (const p of await store.payloads(nodeId, 'inspection', READ_AT_MOST)) {
    try {
      const amends = (JSON.parse(p) as { amends?: unknown }).amends;
      if (typeof amends === 'string') answered.add(amends);
    } catch {
      // a payload the central stored is JSON; nothing to learn from one that is not
    }
  }
  const open = [...latest.values()]
    .filter((r) => r.outcome === 'refused' && !answered.has(r.recordId))
    .map((r) => ({ id: r.id, seq: r.seq, recordId: r.recordId, reason: r.reason, at: new Date(r.atMs).toISOString() }));
  return {
    refused: all.filter((r) => r.outcome === 'refused').length,
    upheld: all.filter((r) => r.outcome === 'upheld').length,
    open,
  };
}

/**
 * Reviews (sync/README.md, "Reviews"): a reviewer at the central refuses a stored inspection
 * record (or withdraws a refusal), and the node reads its reviews back with a signed request and
 * answers a refusal with a correction or a void, which travels up like any record.
 */
export function reviewRoutes(
  app: FastifyInstance,
  deps: { store: CentralStore; clock: Clock; admin: Guard; nodeOrAdmin: Guard },
): void {
  app.post<{ Params: { id: string; seq: string }; Body: { outcome?: unknown; reason?: unknown; reviewer?: unknown } }>(
    '/v1/admin/nodes/:id/records/:seq/review',
    { preHandler: deps.admin },
    async (req, reply) => {
      const { outcome, reason, reviewer } = req.body ?? {};
      const problems = [
        ...(outcome === 'refused' || outcome === 'upheld' ? [] : ['outcome: refused or upheld']),
        ...(typeof reason === 'string' && reason.trim() && reason.length <= 2000 ? [] : ['reason: 1-2000 characters']),
        ...(typeof reviewer === 'string' && reviewer.trim() && reviewer.length <= 100
          ? []
          : ['reviewer: 1-100 characters']),
      ];
      if (problems.length > 0) throw new KakouError('KAKOU_E_API_VALIDATION', undefined, problems);
      const seq = Number(req.params.seq);
      const record = Number.isSafeInteger(seq) ? await deps.store.record(req.params.id, seq) : null;
      if (!record)
        throw new KakouError('KAKOU_E_API_NOT_FOUND', undefined, [`record ${req.params.id}/${req.params.seq}`]);
      if (record.kind !== 'inspection' || record.retired || record.evicted || !record.payload)
        throw new KakouError('KAKOU_E_API_VALIDATION', undefined, [
          'only an inspection record with its content is reviewed',
        ]);
      const review = {
        nodeId: req.params.id,
        seq,
        idempotencyKey: record.idempotencyKey,
        recordId: String((JSON.parse(record.payload) as { id: unknown }).id),
        outcome: outcome as ReviewRow['outcome'],
        reason: (reason as string).trim().toWellFormed(),
        reviewer: (reviewer as string).trim().toWellFormed(),
        atMs: deps.clock.now(),
      };
      const id = await deps.store.reviews.add(review);
      return reply.status(201).send(wire({ id, ...review }));
    },
  );

  app.get<{ Params: { id: string }; Querystring: { after?: string; limit?: string } }>(
    '/v1/nodes/:id/reviews',
    { preHandler: deps.nodeOrAdmin },
    async (req) => {
      const signer = req.headers['x-kakou-node'];
      if (typeof signer === 'string' && signer !== req.params.id && !req.headers.authorization)
        throw new KakouError('KAKOU_E_AUTH_REQUIRED', undefined, ['a node reads its own reviews only']);
      const after = Number(req.query.after ?? 0);
      const limit = Math.min(Number(req.query.limit ?? MAX_READ), MAX_READ);
      if (!Number.isSafeInteger(after) || after < 0 || !Number.isSafeInteger(limit) || limit < 1)
        throw new KakouError('KAKOU_E_API_VALIDATION', undefined, ['after: a review id (0 for all); limit: 1-500']);
      const rows = await deps.store.reviews.after(req.params.id, after, limit + 1);
      return { reviews: rows.slice(0, limit).map(wire), more: rows.length > limit };
    },
  );
}
