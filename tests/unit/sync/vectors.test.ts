import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { golden } from '../../support/payloads.js';
import { payloadProblem } from '../../../src/central/validate-payload.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ack, Batch, Registration, SignedBatch } from '../../../src/sync/contract.js';
import { publicKeyFromRaw, verifyBytes } from '../../../src/sync/signing.js';
import { TestChain } from '../../support/chain.js';

/**
 * Golden vectors for central-system teams (sync/vectors/uplink-v1.json). The test recomputes them
 * from the code; UPDATE_VECTORS=1 rewrites the file after a deliberate protocol change.
 */
const FILE = join(import.meta.dirname, '..', '..', '..', 'sync', 'vectors', 'uplink-v1.json');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function compute() {
  const seed = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
  const chain = new TestChain('kakou-jx-01', seed);
  chain.add({
    createdAtMs: 1_795_000_000_000,
    payload: {
      id: 'a3f1',
      nodeId: 'kakou-jx-01',
      targetId: 'vehicle:浙F3A101',
      targetKind: 'vehicle',
      targetName: '浙F3A101',
      officer: 'zhang.wei',
      result: 'defects-found',
      action: 'detention',
      defects: [{ code: 'H-TANK-01' }],
      tierAtDecision: 'must-inspect',
      scoreAtDecision: 80,
      createdAt: '2026-11-18T09:06:40.000Z',
    },
  });
  chain.add({
    kind: 'alarm',
    lane: 1,
    createdAtMs: 1_795_000_060_000,
    clockSuspect: true,
    payload: golden('alarm'),
  });
  chain.add({ kind: 'telemetry', lane: 2, createdAtMs: 1_795_000_120_000, evicted: true, payload: { messages: 1200 } });
  const batch = Batch.encode({
    nodeId: chain.nodeId,
    batchSeq: 1,
    sentAtMs: 1_790_000_100_000,
    records: chain.records,
    protocolVersion: 1,
  });
  const signedHex = hex(chain.signed(chain.records));
  const signed = SignedBatch.decode(Buffer.from(signedHex, 'hex'));
  const ack = {
    batchSeq: 1,
    highestContiguousSeq: 2,
    accepted: [1, 2],
    rejected: [{ seq: 3, code: 'KAKOU_E_SYNC_PAYLOAD', reason: 'example rejection' }],
  };
  return {
    description:
      'Kakou uplink protocol v1 golden vectors. The private key is a published test key: never use it for a real node.',
    node: { nodeId: chain.nodeId, testPrivateKeySeed: seed, publicKey: hex(chain.publicRaw), keyId: chain.keyId },
    records: chain.records.map((r, i) => ({
      seq: r.seq,
      idempotencyKey: r.idempotencyKey,
      kind: r.kind,
      lane: r.lane,
      createdAtMs: r.createdAtMs,
      clockSuspect: r.clockSuspect,
      evicted: r.evicted,
      payloadUtf8: Buffer.from(r.payload).toString('utf8'),
      payloadSha256: hex(r.payloadSha256),
      prevHash: hex(r.prevHash),
      recordHash: i + 1 < chain.records.length ? hex((chain.records[i + 1] as typeof r).prevHash) : chain.headHex(),
    })),
    batch: {
      batchSeq: 1,
      sentAtMs: 1_790_000_100_000,
      batchHex: hex(batch),
      signatureHex: hex(signed.signature),
      signedBatchHex: signedHex,
    },
    ack: { value: ack, hex: hex(Ack.encode(ack)) },
    registration: {
      value: { nodeId: chain.nodeId, publicKey: hex(chain.publicRaw), name: '嘉兴杭申线卡口节点', protocolVersion: 1 },
      hex: hex(
        Registration.encode({
          nodeId: chain.nodeId,
          publicKey: chain.publicRaw,
          name: '嘉兴杭申线卡口节点',
          protocolVersion: 1,
        }),
      ),
      answer: { status: 201, body: { nodeId: chain.nodeId, outcome: 'created', protocolVersions: [1] } },
    },
  };
}

describe('uplink golden vectors', () => {
  it('agree with the independent Python implementation of the record hash', (ctx) => {
    const py = spawnSync(
      'python3',
      [join(import.meta.dirname, '..', '..', '..', 'sync', 'vectors', 'verify-record-hashes.py')],
      { encoding: 'utf8' },
    );
    if (py.error) {
      if (process.env.CI) throw py.error;
      ctx.skip();
    }
    expect(py.stderr).toBe('');
    expect(py.stdout).toMatch(/^ok: 3 record hashes agree/);
  });

  it('carry payloads the central accepts for their kind', () => {
    for (const r of compute().records) if (!r.evicted) expect(payloadProblem(r.kind, r.payloadUtf8), r.kind).toBeNull();
  });

  it('match what the code produces', () => {
    const v = compute();
    if (process.env.UPDATE_VECTORS || !existsSync(FILE)) writeFileSync(FILE, `${JSON.stringify(v, null, 2)}\n`);
    expect(JSON.parse(readFileSync(FILE, 'utf8'))).toEqual(v);
  });

  it('verify: the signature covers the batch bytes under the published key, and nothing else', () => {
    const v = JSON.parse(readFileSync(FILE, 'utf8')) as ReturnType<typeof compute>;
    const signed = SignedBatch.decode(Buffer.from(v.batch.signedBatchHex, 'hex'));
    expect(hex(signed.batch)).toBe(v.batch.batchHex);
    const key = publicKeyFromRaw(Buffer.from(v.node.publicKey, 'hex'));
    expect(verifyBytes(key, signed.batch, signed.signature)).toBe(true);
    const tampered = Buffer.from(signed.batch);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expect(verifyBytes(key, tampered, signed.signature)).toBe(false);
  });
});
