import { createPrivateKey, type KeyObject } from 'node:crypto';
import { GENESIS_HASH, recordHash, sha256 } from '../domain/record-chain.js';
import { Batch, SignedBatch, type WireRecord } from './contract.js';
import { keyId, rawPublicKey, signBytes } from './signing.js';
import { createPublicKey } from 'node:crypto';

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function keyFromSeed(seedHex: string): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, Buffer.from(seedHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
}

export interface RecordSpec {
  kind?: string;
  /** The record id in the idempotency key (default rec-<seq>). */
  id?: string;
  payload?: unknown;
  createdAtMs?: number;
  lane?: number;
  clockSuspect?: boolean;
  evicted?: boolean;
}

/**
 * A node's side of the chain, built by hand: correct records and signed batches, as a Kakou node
 * makes them, for the conformance tester to send (and to bend) and for the tests.
 */
export class ChainBuilder {
  readonly records: WireRecord[] = [];
  readonly privateKey: KeyObject;
  readonly publicRaw: Buffer;
  readonly keyId: string;
  private head: Buffer = Buffer.from(GENESIS_HASH);

  constructor(
    readonly nodeId: string,
    seedHex = '11'.repeat(32),
  ) {
    this.privateKey = keyFromSeed(seedHex);
    this.publicRaw = rawPublicKey(createPublicKey(this.privateKey));
    this.keyId = keyId(this.publicRaw);
  }

  add(spec: RecordSpec = {}): WireRecord {
    const seq = this.records.length + 1;
    const kind = spec.kind ?? 'inspection';
    const body = spec.payload ?? {
      id: `rec-${seq}`,
      nodeId: this.nodeId,
      targetId: 'vessel:413800102',
      targetKind: 'vessel',
      targetName: '浙湖州货0102',
      officer: 'o1',
      result: 'no-defects',
      action: 'release',
      defects: [],
      tierAtDecision: 'pass',
      scoreAtDecision: 10,
      createdAt: new Date(spec.createdAtMs ?? 1_790_000_000_000 + seq * 1000).toISOString(),
    };
    const payloadText = JSON.stringify(body);
    const payloadSha256 = sha256(payloadText);
    const r: WireRecord = {
      seq,
      idempotencyKey: `${this.nodeId}:${kind}:${spec.id ?? `rec-${seq}`}`,
      kind,
      createdAtMs: spec.createdAtMs ?? 1_790_000_000_000 + seq * 1000,
      payload: spec.evicted ? Buffer.alloc(0) : Buffer.from(payloadText),
      payloadSha256,
      prevHash: this.head,
      clockSuspect: spec.clockSuspect ?? false,
      evicted: spec.evicted ?? false,
      lane: spec.lane ?? 0,
    };
    this.head = recordHash({
      seq,
      idempotencyKey: r.idempotencyKey,
      kind,
      createdAtMs: r.createdAtMs,
      clockSuspect: r.clockSuspect,
      payloadSha256,
      prevHash: r.prevHash,
    });
    this.records.push(r);
    return r;
  }

  /** Hash of the last record added. */
  headHex(): string {
    return this.head.toString('hex');
  }

  signed(records: WireRecord[], batchSeq = 1, key: KeyObject = this.privateKey): Uint8Array {
    const batch = Batch.encode({
      nodeId: this.nodeId,
      batchSeq,
      sentAtMs: 1_790_000_100_000,
      records,
      protocolVersion: 1,
    });
    return SignedBatch.encode({ batch, signature: signBytes(key, batch), keyId: this.keyId });
  }
}
