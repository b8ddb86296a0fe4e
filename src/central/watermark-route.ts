import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CentralStore } from '../domain/central-store.js';
import { KakouError } from '../errors.js';

/** At most this many missing ranges are listed; beyond them the node treats everything unlisted as possibly missing. */
const MAX_MISSING = 1000;

type Guard = (req: FastifyRequest) => Promise<void>;

/**
 * GET /v1/nodes/{id}/watermark (sync/README.md, "Restoring a node"): where the central's copy of
 * a node's chain stands, so a node restored from a backup continues after it instead of reusing
 * sequence numbers the central already holds, and sends nothing again that it has.
 */
export function watermarkRoute(app: FastifyInstance, deps: { store: CentralStore; nodeOrAdmin: Guard }): void {
  app.get<{ Params: { id: string } }>('/v1/nodes/:id/watermark', { preHandler: deps.nodeOrAdmin }, async (req) => {
    const signer = req.headers['x-kakou-node'];
    if (typeof signer === 'string' && signer !== req.params.id && !req.headers.authorization)
      throw new KakouError('KAKOU_E_AUTH_REQUIRED', undefined, ['a node reads its own watermark only']);
    const node = await deps.store.node(req.params.id);
    if (!node) throw new KakouError('KAKOU_E_API_NOT_FOUND', undefined, [`node ${req.params.id}`]);
    const { maxSeq } = await deps.store.summary(req.params.id);
    const top = maxSeq > 0 ? await deps.store.record(req.params.id, maxSeq) : null;
    const gaps = await deps.store.gaps(req.params.id);
    return {
      nodeId: node.nodeId,
      highestSeq: maxSeq,
      highestHash: (top?.hash ?? Buffer.alloc(32)).toString('hex'),
      contiguousSeq: node.contiguous,
      missing: gaps.slice(0, MAX_MISSING).map(({ from, to }) => ({ from, to })),
      missingComplete: gaps.length <= MAX_MISSING,
    };
  });
}
