import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';
import type { CentralStore, NodeRow } from '../domain/central-store.js';
import { KakouError } from '../errors.js';
import { keyId, publicKeyFromRaw } from '../sync/signing.js';

const MAX_REASON = 500;

async function known(store: CentralStore, nodeId: string): Promise<NodeRow> {
  const node = await store.node(nodeId);
  if (!node) throw new KakouError('KAKOU_E_API_NOT_FOUND', undefined, [`node ${nodeId}`]);
  return node;
}

function reasonOf(reason: unknown): string {
  if (typeof reason !== 'string' || reason.trim() === '')
    throw new KakouError('KAKOU_E_API_VALIDATION', undefined, ['reason: why, in words (it is kept with the node)']);
  return reason.trim().slice(0, MAX_REASON).toWellFormed();
}

/**
 * Revokes a node (sync/README.md, "Revocation, decommissioning and replacement"): decommissioned,
 * or its key compromised. Its records stay; nothing more is taken from it (403 KAKOU_E_SYNC_REVOKED)
 * and its signed reads are refused, until an administrator registers a new key for it.
 */
export async function revokeNode(store: CentralStore, nodeId: string, reason: unknown, now: number): Promise<NodeRow> {
  const node = await known(store, nodeId);
  const why = reasonOf(reason);
  if (node.revokedAtMs === null) await store.setNodeRevoked(nodeId, { atMs: now, reason: why });
  return known(store, nodeId);
}

/**
 * An administrator's decision, never automatic: the node id goes on under a new key (a node that
 * lost its key file, or one re-keyed after a compromise). The old key joins the key history and a
 * revocation is lifted; the chain goes on from where the central holds it.
 */
export async function replaceNodeKey(
  store: CentralStore,
  nodeId: string,
  keyHex: unknown,
  reason: unknown,
  now: number,
): Promise<{ from: string; to: string; reason: string }> {
  const node = await known(store, nodeId);
  const why = reasonOf(reason);
  if (typeof keyHex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(keyHex))
    throw new KakouError('KAKOU_E_API_VALIDATION', undefined, [
      'key: the raw Ed25519 public key, 64 hex digits (the node prints it: kakou keys show)',
    ]);
  const key = Buffer.from(keyHex, 'hex');
  publicKeyFromRaw(key);
  if (!key.equals(node.publicKey)) await store.replaceNodeKey(nodeId, key, now);
  await store.setNodeRevoked(nodeId, null);
  return { from: keyId(node.publicKey), to: keyId(key), reason: why };
}

/** Administrator routes for a node's life: revoke it, or hand its id to a new key. */
export function nodeLifecycleRoutes(
  app: FastifyInstance,
  deps: { store: CentralStore; clock: Clock; admin: (req: { headers: Record<string, unknown> }) => Promise<void> },
): void {
  app.post<{ Params: { id: string }; Body: { reason?: unknown } }>(
    '/v1/admin/nodes/:id/revocation',
    { preHandler: deps.admin },
    async (req) => {
      const node = await revokeNode(deps.store, req.params.id, req.body?.reason, deps.clock.now());
      req.log.warn({ nodeId: node.nodeId, reason: node.revokedReason }, 'node revoked');
      return {
        nodeId: node.nodeId,
        revokedAt: new Date(node.revokedAtMs ?? 0).toISOString(),
        reason: node.revokedReason,
      };
    },
  );
  app.post<{ Params: { id: string }; Body: { publicKey?: unknown; reason?: unknown } }>(
    '/v1/admin/nodes/:id/key',
    { preHandler: deps.admin },
    async (req) => {
      const done = await replaceNodeKey(
        deps.store,
        req.params.id,
        req.body?.publicKey,
        req.body?.reason,
        deps.clock.now(),
      );
      req.log.warn({ nodeId: req.params.id, ...done }, 'node key replaced by an administrator');
      return { nodeId: req.params.id, ...done };
    },
  );
}
