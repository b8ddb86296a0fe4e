import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import { GENESIS_HASH, recordHash, sha256 } from '../domain/record-chain.js';
import { KakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  Batch,
  parseUtcOffset,
  protocolVersionOf,
  SignedBatch,
  SUPPORTED_PROTOCOL_VERSIONS,
  type WireAck,
  type WireBatch,
  type WireRecord,
  type WireRegistration,
  type WireSignedBatch,
} from '../sync/contract.js';
import { keyId, publicKeyFromRaw, rotationMessage, verifyBytes } from '../sync/signing.js';
import type { CentralStore, NodeRow, RejectionRow, StoredRecord } from '../domain/central-store.js';
import { KNOWN_KINDS, payloadProblem } from './validate-payload.js';

function checkVersion(v: number): void {
  if (!SUPPORTED_PROTOCOL_VERSIONS.includes(v))
    throw new KakouError('KAKOU_E_SYNC_VERSION', undefined, [
      `protocol version ${v}; this central takes ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}`,
    ]);
}

/** A revoked node is told so, with the administrator's reason: it keeps its records and stops sending. */
export function revokedError(node: NodeRow): KakouError {
  return new KakouError('KAKOU_E_SYNC_REVOKED', undefined, [
    `node ${node.nodeId} was revoked at ${new Date(node.revokedAtMs ?? 0).toISOString()}: ${node.revokedReason ?? ''}`,
  ]);
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;
export const NODE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_REASON = 500;

export interface ReceiverOptions {
  /**
   * Register an unknown node id with whatever key it presents first. Off by default: a node is
   * registered by an administrator (`kakou central nodes add`) or with a one-time enrolment token,
   * so an id cannot be squatted by whoever speaks first. For a lab only.
   */
  trustOnFirstUse?: boolean;
}

export const tokenDigest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/**
 * The central's side of the uplink protocol: authenticates a batch, checks every record's digest
 * and chain link, stores records idempotently and answers with an acknowledgement. Pure protocol
 * logic over a CentralStore; the HTTP layer only moves bytes.
 */
export class Receiver {
  constructor(
    private readonly store: CentralStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: ReceiverOptions = {},
  ) {}

  /**
   * A node announces its key. Known key: nothing to do. New id: enrolled with a valid one-time
   * token (or on first use where allowed). Known id, other key: a rotation signed by the
   * registered key replaces it; anything else is a key conflict.
   */
  async register(reg: WireRegistration): Promise<'created' | 'same' | 'rotated'> {
    checkVersion(protocolVersionOf(reg));
    if (!NODE_ID.test(reg.nodeId) || reg.publicKey.length !== 32) {
      throw new KakouError('KAKOU_E_SYNC_BAD_BATCH', 'registration needs a node id and a 32-byte Ed25519 key');
    }
    const now = this.clock.now();
    const offset = parseUtcOffset(reg.utcOffset);
    const outcome = await this.store.exclusive(reg.nodeId, (store) => this.registerLocked(store, reg, now));
    // The site's time zone, restated at every registration: the report's lateness counts its days.
    if (offset !== null) await this.store.setNodeUtcOffset(reg.nodeId, offset);
    return outcome;
  }

  private async registerLocked(
    store: CentralStore,
    reg: WireRegistration,
    now: number,
  ): Promise<'created' | 'same' | 'rotated'> {
    const known = await store.node(reg.nodeId);
    if (known && known.revokedAtMs !== null) throw revokedError(known);
    if (known) {
      if (same(known.publicKey, reg.publicKey)) return 'same';
      const rotation = reg.rotationSignature;
      if (
        rotation &&
        rotation.length > 0 &&
        verifyBytes(publicKeyFromRaw(known.publicKey), rotationMessage(reg.nodeId, reg.publicKey), rotation)
      ) {
        await store.replaceNodeKey(reg.nodeId, Buffer.from(reg.publicKey), now);
        this.log.warn(
          { nodeId: reg.nodeId, from: keyId(known.publicKey), to: keyId(reg.publicKey) },
          'node key rotated',
        );
        return 'rotated';
      }
      throw new KakouError('KAKOU_E_SYNC_KEY_CONFLICT', undefined, [
        `node ${reg.nodeId} is registered with key ${keyId(known.publicKey)}`,
      ]);
    }
    const token = reg.enrolmentToken ?? '';
    const enrolled = token !== '' && (await store.useEnrolmentToken(reg.nodeId, tokenDigest(token), now));
    if (!enrolled && !this.opts.trustOnFirstUse) {
      throw new KakouError('KAKOU_E_SYNC_UNKNOWN_NODE', undefined, [
        token === ''
          ? `node ${reg.nodeId} is not registered: an administrator adds it (kakou central nodes add) or issues it an enrolment token`
          : `the enrolment token for node ${reg.nodeId} is wrong, used or expired`,
      ]);
    }
    await store.insertNode({
      nodeId: reg.nodeId,
      publicKey: Buffer.from(reg.publicKey),
      name: reg.name.slice(0, 200).toWellFormed(),
      registeredAtMs: now,
    });
    this.log.info(
      { nodeId: reg.nodeId, keyId: keyId(reg.publicKey), by: enrolled ? 'token' : 'first use' },
      'node registered',
    );
    return 'created';
  }

  async receive(body: Uint8Array): Promise<WireAck> {
    let signed: WireSignedBatch;
    let batch: WireBatch;
    try {
      signed = SignedBatch.decode(body);
      batch = Batch.decode(signed.batch);
    } catch (err) {
      throw new KakouError('KAKOU_E_SYNC_BAD_BATCH', undefined, [(err as Error).message]);
    }
    checkVersion(protocolVersionOf(batch));
    const node = await this.store.node(batch.nodeId);
    if (!node) throw new KakouError('KAKOU_E_SYNC_UNKNOWN_NODE', undefined, [`node ${batch.nodeId}`]);
    if (node.revokedAtMs !== null) throw revokedError(node);
    if (!verifyBytes(publicKeyFromRaw(node.publicKey), signed.batch, signed.signature)) {
      throw new KakouError('KAKOU_E_SYNC_SIGNATURE', undefined, [`node ${batch.nodeId}, key ${signed.keyId}`]);
    }
    // Batches of one node are stored one at a time, across every instance on the database.
    return this.store.exclusive(batch.nodeId, (store) => this.storeBatch(store, batch));
  }

  private async storeBatch(store: CentralStore, batch: WireBatch): Promise<WireAck> {
    const nodeId = batch.nodeId;
    const now = this.clock.now();
    const bySeq = new Map<number, WireRecord>();
    for (const r of batch.records) if (!bySeq.has(r.seq)) bySeq.set(r.seq, r);
    const records = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    const look = new Set<number>();
    for (const r of records) for (const s of [r.seq - 1, r.seq, r.seq + 1]) if (s >= 1) look.add(s);
    const existing = await store.existing(nodeId, [...look]);
    const byKey = await store.seqsByKey(
      nodeId,
      records.map((r) => r.idempotencyKey),
    );

    const accepted: number[] = [];
    const toStore: StoredRecord[] = [];
    const rejections: RejectionRow[] = [];
    const successorLinks: Array<{ seq: number; ok: boolean }> = [];
    const fresh = new Map<number, Buffer>();
    const reject = (seq: number, code: string, reason: string) =>
      rejections.push({ nodeId, seq, code, reason, atMs: now });

    for (const r of records) {
      const retired = r.retired === true;
      if (
        !Number.isSafeInteger(r.seq) ||
        r.seq < 1 ||
        !Number.isSafeInteger(r.createdAtMs) ||
        r.prevHash.length !== 32 ||
        r.payloadSha256.length !== 32 ||
        (retired && r.recordHash?.length !== 32)
      ) {
        reject(
          Number.isSafeInteger(r.seq) ? r.seq : 0,
          'KAKOU_E_SYNC_BAD_BATCH',
          'sequence number, time or hash fields are malformed',
        );
        continue;
      }
      const payload = retired ? '' : Buffer.from(r.payload).toString('utf8');
      if (!retired && !r.evicted && !same(sha256(r.payload), r.payloadSha256)) {
        reject(r.seq, 'KAKOU_E_SYNC_DIGEST', 'payload does not match payload_sha256');
        continue;
      }
      // A tombstone stands for a record whose content the central never accepted: its hash is the
      // node's word, signed with the batch, and the chain runs on through it.
      const hash = retired
        ? Buffer.from(r.recordHash as Uint8Array)
        : recordHash({
            seq: r.seq,
            idempotencyKey: r.idempotencyKey,
            kind: r.kind,
            createdAtMs: r.createdAtMs,
            clockSuspect: r.clockSuspect,
            payloadSha256: r.payloadSha256,
            prevHash: r.prevHash,
          });
      const key = retired ? `${nodeId}:retired:${r.seq}` : r.idempotencyKey;
      const stored = existing.get(r.seq);
      if (stored) {
        // A resend after a lost acknowledgement: the same record is accepted again, stored once.
        if (same(stored.hash, hash)) accepted.push(r.seq);
        else reject(r.seq, 'KAKOU_E_SYNC_CONFLICT', `a different record is stored as seq ${r.seq}`);
        continue;
      }
      const keySeq = byKey.get(key);
      if (keySeq !== undefined && keySeq !== r.seq) {
        reject(r.seq, 'KAKOU_E_SYNC_CONFLICT', `idempotency key already stored as seq ${keySeq}`);
        continue;
      }
      // A kind this central does not know yet (a newer node) waits at the node, not retired.
      if (!retired && !KNOWN_KINDS.has(r.kind)) {
        reject(r.seq, 'KAKOU_E_SYNC_KIND', `kind "${r.kind}" is not known to this central`);
        continue;
      }
      const problem = r.evicted || retired ? null : payloadProblem(r.kind, payload);
      if (problem) {
        reject(r.seq, 'KAKOU_E_SYNC_PAYLOAD', problem);
        continue;
      }
      const prev = r.seq === 1 ? GENESIS_HASH : (fresh.get(r.seq - 1) ?? existing.get(r.seq - 1)?.hash);
      const linkOk = prev === undefined ? null : same(prev, r.prevHash);
      if (linkOk === false) {
        reject(r.seq, 'KAKOU_E_SYNC_CHAIN', `prev_hash does not match the hash of seq ${r.seq - 1}`);
        continue;
      }
      fresh.set(r.seq, hash);
      accepted.push(r.seq);
      toStore.push({
        nodeId,
        seq: r.seq,
        idempotencyKey: key,
        kind: r.kind,
        lane: r.lane,
        createdAtMs: r.createdAtMs,
        receivedAtMs: now,
        payload: r.evicted ? '' : payload,
        payloadSha256: Buffer.from(r.payloadSha256),
        prevHash: Buffer.from(r.prevHash),
        hash,
        clockSuspect: r.clockSuspect,
        evicted: r.evicted,
        linkOk,
        retired,
        retiredReason: retired ? (r.retiredReason ?? '').slice(0, MAX_REASON).toWellFormed() : null,
      });
      // A successor stored before this batch (resent in it or not) waited for this link.
      const next = existing.get(r.seq + 1);
      if (next) successorLinks.push({ seq: r.seq + 1, ok: same(next.prevHash, hash) });
    }
    const contiguous = await store.commit(nodeId, toStore, rejections, successorLinks);
    if (rejections.length > 0)
      this.log.warn({ nodeId, rejected: rejections.map((x) => ({ seq: x.seq, code: x.code })) }, 'records rejected');
    const tombstones = toStore.filter((r) => r.retired);
    if (tombstones.length > 0)
      this.log.warn(
        { nodeId, retired: tombstones.map((r) => ({ seq: r.seq, reason: r.retiredReason })) },
        'node retired undeliverable records',
      );
    return {
      batchSeq: batch.batchSeq,
      highestContiguousSeq: contiguous,
      accepted,
      rejected: rejections.map(({ seq, code, reason }) => ({ seq, code, reason })),
    };
  }
}
