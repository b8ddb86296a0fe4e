import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';
import { KakouError } from '../errors.js';
import { publicKeyFromRaw, requestMessage, verifyBytes } from '../sync/signing.js';
import type { CentralStore } from '../domain/central-store.js';
import { NODE_ID, tokenDigest } from './receiver.js';

/** How long an enrolment token is good for, unless the administrator says otherwise. */
export const ENROLMENT_TOKEN_TTL_MS = 7 * 86_400_000;
/** How far a signed read's timestamp may be from the central's clock. */
const SIGNED_READ_SKEW_MS = 5 * 60_000;

function checkId(nodeId: string): void {
  if (!NODE_ID.test(nodeId))
    throw new KakouError('KAKOU_E_API_VALIDATION', undefined, ['node id: 1-64 characters of A-Z a-z 0-9 . _ -']);
}

/** Registers a node by its public key (hex), as an administrator does before the node first connects. */
export async function addNode(
  store: CentralStore,
  nodeId: string,
  keyHex: string,
  name: string,
  now: number,
): Promise<'created' | 'same'> {
  checkId(nodeId);
  if (!/^[0-9a-fA-F]{64}$/.test(keyHex))
    throw new KakouError('KAKOU_E_API_VALIDATION', undefined, [
      'key: the raw Ed25519 public key, 64 hex digits (the node prints it: kakou keys show)',
    ]);
  const key = Buffer.from(keyHex, 'hex');
  publicKeyFromRaw(key);
  const known = await store.node(nodeId);
  if (known) {
    if (known.publicKey.equals(key)) return 'same';
    throw new KakouError('KAKOU_E_SYNC_KEY_CONFLICT', undefined, [
      `node ${nodeId} is registered with another key; a node hands over to a new key by rotation (sync/README.md)`,
    ]);
  }
  if (!(await store.insertNode({ nodeId, publicKey: key, name, registeredAtMs: now })))
    throw new KakouError('KAKOU_E_SYNC_KEY_CONFLICT', undefined, [`node ${nodeId} was registered meanwhile`]);
  return 'created';
}

/** A one-time token the node presents at its first registration; only its SHA-256 is stored. */
export async function issueEnrolmentToken(
  store: CentralStore,
  nodeId: string,
  now: number,
  ttlMs = ENROLMENT_TOKEN_TTL_MS,
): Promise<{ token: string; expiresAt: string }> {
  checkId(nodeId);
  // Hex: a token never begins with '-', which a command line would read as an option.
  const token = randomBytes(24).toString('hex');
  await store.addEnrolmentToken(nodeId, tokenDigest(token), now, now + ttlMs);
  return { token, expiresAt: new Date(now + ttlMs).toISOString() };
}

/**
 * Whether a read request is signed by a registered node: headers x-kakou-node, x-kakou-time (ms)
 * and x-kakou-signature (base64 Ed25519 over requestMessage), the time within minutes of ours.
 */
export async function signedByNode(
  store: CentralStore,
  req: { headers: Record<string, unknown>; url: string },
  now: number,
): Promise<boolean> {
  const nodeId = req.headers['x-kakou-node'];
  const time = Number(req.headers['x-kakou-time']);
  const signature = req.headers['x-kakou-signature'];
  if (typeof nodeId !== 'string' || typeof signature !== 'string' || !NODE_ID.test(nodeId)) return false;
  if (!Number.isSafeInteger(time) || Math.abs(time - now) > SIGNED_READ_SKEW_MS) return false;
  const node = await store.node(nodeId);
  if (!node || node.revokedAtMs !== null) return false;
  const path = req.url.split('?')[0] as string;
  return verifyBytes(
    publicKeyFromRaw(node.publicKey),
    requestMessage(nodeId, path, time),
    Buffer.from(signature, 'base64'),
  );
}

/** Administrator routes (bearer admin token): register a node's key, issue an enrolment token. */
export function adminNodeRoutes(
  app: FastifyInstance,
  deps: { store: CentralStore; clock: Clock; admin: (req: { headers: Record<string, unknown> }) => Promise<void> },
): void {
  app.post<{ Body: { nodeId?: unknown; publicKey?: unknown; name?: unknown } }>(
    '/v1/admin/nodes',
    { preHandler: deps.admin },
    async (req, reply) => {
      const { nodeId, publicKey, name } = req.body ?? {};
      if (typeof nodeId !== 'string' || typeof publicKey !== 'string')
        throw new KakouError('KAKOU_E_API_VALIDATION', undefined, [
          'body: {"nodeId": ..., "publicKey": "<64 hex digits>", "name": ...}',
        ]);
      const outcome = await addNode(
        deps.store,
        nodeId,
        publicKey,
        typeof name === 'string' ? name.slice(0, 200) : nodeId,
        deps.clock.now(),
      );
      return reply.status(outcome === 'created' ? 201 : 200).send({ nodeId, outcome });
    },
  );
  app.post<{ Params: { id: string }; Body: { ttlHours?: unknown } }>(
    '/v1/admin/nodes/:id/enrolment-tokens',
    { preHandler: deps.admin },
    async (req, reply) => {
      const hours = req.body?.ttlHours;
      const ttl =
        typeof hours === 'number' && hours > 0 && hours <= 24 * 90 ? hours * 3_600_000 : ENROLMENT_TOKEN_TTL_MS;
      return reply.status(201).send({
        nodeId: req.params.id,
        ...(await issueEnrolmentToken(deps.store, req.params.id, deps.clock.now(), ttl)),
      });
    },
  );
}
