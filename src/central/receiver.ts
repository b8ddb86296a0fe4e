import type { Clock } from '../clock.js';
import { GENESIS_HASH, recordHash, sha256 } from '../domain/record-chain.js';
import { KakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import { Batch, SignedBatch, type WireAck, type WireBatch, type WireRecord, type WireRegistration, type WireSignedBatch } from '../sync/contract.js';
import { keyId, publicKeyFromRaw, verifyBytes } from '../sync/signing.js';
import type { CentralStore, RejectionRow, StoredRecord } from './central-store.js';
import { payloadProblem } from './validate-payload.js';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/**
 * The central's side of the uplink protocol: authenticates a batch, checks every record's digest
 * and chain link, stores records idempotently and answers with an acknowledgement. Pure protocol
 * logic over a CentralStore; the HTTP layer only moves bytes.
 */
export class Receiver {
  // Batches of one node are processed one at a time: a resend racing its slow original must see its effects.
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly store: CentralStore, private readonly clock: Clock, private readonly log: Logger) {}

  async register(reg: WireRegistration): Promise<'created' | 'same'> {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(reg.nodeId) || reg.publicKey.length !== 32) {
      throw new KakouError('KAKOU_E_SYNC_BAD_BATCH', 'registration needs a node id and a 32-byte Ed25519 key');
    }
    const known = await this.store.node(reg.nodeId);
    if (known) {
      if (same(known.publicKey, reg.publicKey)) return 'same';
      throw new KakouError('KAKOU_E_SYNC_KEY_CONFLICT', undefined, [`node ${reg.nodeId} is registered with key ${keyId(known.publicKey)}`]);
    }
    // Trust on first use: the first key a node id presents is its key. A province pre-registers
    // keys instead (kakou central with --no-enrol) when its checkpoints are set up centrally.
    await this.store.insertNode({ nodeId: reg.nodeId, publicKey: Buffer.from(reg.publicKey), name: reg.name, registeredAtMs: this.clock.now() });
    this.log.info({ nodeId: reg.nodeId, keyId: keyId(reg.publicKey) }, 'node registered');
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
    const node = await this.store.node(batch.nodeId);
    if (!node) throw new KakouError('KAKOU_E_SYNC_UNKNOWN_NODE', undefined, [`node ${batch.nodeId}`]);
    if (!verifyBytes(publicKeyFromRaw(node.publicKey), signed.batch, signed.signature)) {
      throw new KakouError('KAKOU_E_SYNC_SIGNATURE', undefined, [`node ${batch.nodeId}, key ${signed.keyId}`]);
    }
    const prior = this.queues.get(batch.nodeId) ?? Promise.resolve();
    const run = prior.catch(() => undefined).then(() => this.store_(batch));
    this.queues.set(batch.nodeId, run);
    try {
      return await run;
    } finally {
      if (this.queues.get(batch.nodeId) === run) this.queues.delete(batch.nodeId);
    }
  }

  private async store_(batch: WireBatch): Promise<WireAck> {
    const nodeId = batch.nodeId;
    const now = this.clock.now();
    const bySeq = new Map<number, WireRecord>();
    for (const r of batch.records) if (!bySeq.has(r.seq)) bySeq.set(r.seq, r);
    const records = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    const look = new Set<number>();
    for (const r of records) for (const s of [r.seq - 1, r.seq, r.seq + 1]) if (s >= 1) look.add(s);
    const existing = await this.store.existing(nodeId, [...look]);
    const byKey = await this.store.seqsByKey(nodeId, records.map((r) => r.idempotencyKey));

    const accepted: number[] = [];
    const toStore: StoredRecord[] = [];
    const rejections: RejectionRow[] = [];
    const successorLinks: Array<{ seq: number; ok: boolean }> = [];
    const fresh = new Map<number, Buffer>();
    const reject = (seq: number, code: string, reason: string) => rejections.push({ nodeId, seq, code, reason, atMs: now });

    for (const r of records) {
      if (r.seq < 1 || r.prevHash.length !== 32 || r.payloadSha256.length !== 32) {
        reject(r.seq, 'KAKOU_E_SYNC_BAD_BATCH', 'sequence number or hash fields are malformed');
        continue;
      }
      const payload = Buffer.isBuffer(r.payload) ? r.payload.toString('utf8') : Buffer.from(r.payload).toString('utf8');
      if (!r.evicted && !same(sha256(r.payload), r.payloadSha256)) {
        reject(r.seq, 'KAKOU_E_SYNC_DIGEST', 'payload does not match payload_sha256');
        continue;
      }
      const hash = recordHash({ seq: r.seq, idempotencyKey: r.idempotencyKey, kind: r.kind, createdAtMs: r.createdAtMs, clockSuspect: r.clockSuspect, payloadSha256: r.payloadSha256, prevHash: r.prevHash });
      const stored = existing.get(r.seq);
      if (stored) {
        // A resend after a lost acknowledgement: the same record is accepted again, stored once.
        if (same(stored.hash, hash)) accepted.push(r.seq);
        else reject(r.seq, 'KAKOU_E_SYNC_CONFLICT', `a different record is stored as seq ${r.seq}`);
        continue;
      }
      const keySeq = byKey.get(r.idempotencyKey);
      if (keySeq !== undefined && keySeq !== r.seq) {
        reject(r.seq, 'KAKOU_E_SYNC_CONFLICT', `idempotency key already stored as seq ${keySeq}`);
        continue;
      }
      const problem = r.evicted ? null : payloadProblem(r.kind, payload);
      if (problem) {
        reject(r.seq, 'KAKOU_E_SYNC_PAYLOAD', problem);
        continue;
      }
      const prev = r.seq === 1 ? GENESIS_HASH : fresh.get(r.seq - 1) ?? existing.get(r.seq - 1)?.hash;
      const linkOk = prev === undefined ? null : same(prev, r.prevHash);
      if (linkOk === false) {
        reject(r.seq, 'KAKOU_E_SYNC_CHAIN', `prev_hash does not match the hash of seq ${r.seq - 1}`);
        continue;
      }
      fresh.set(r.seq, hash);
      accepted.push(r.seq);
      toStore.push({
        nodeId, seq: r.seq, idempotencyKey: r.idempotencyKey, kind: r.kind, lane: r.lane, createdAtMs: r.createdAtMs, receivedAtMs: now,
        payload: r.evicted ? '' : payload, payloadSha256: Buffer.from(r.payloadSha256), prevHash: Buffer.from(r.prevHash), hash,
        clockSuspect: r.clockSuspect, evicted: r.evicted, linkOk,
      });
      const next = existing.get(r.seq + 1);
      if (next && !bySeq.has(r.seq + 1)) successorLinks.push({ seq: r.seq + 1, ok: same(next.prevHash, hash) });
    }
    const contiguous = await this.store.commit(nodeId, toStore, rejections, successorLinks);
    if (rejections.length > 0) this.log.warn({ nodeId, rejected: rejections.map((x) => ({ seq: x.seq, code: x.code })) }, 'records rejected');
    return { batchSeq: batch.batchSeq, highestContiguousSeq: contiguous, accepted, rejected: rejections.map(({ seq, code, reason }) => ({ seq, code, reason })) };
  }
}
