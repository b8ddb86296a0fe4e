import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Receiver } from '../../src/central/receiver.js';
import { nodeReport, type NodeReport } from '../../src/central/report.js';
import { addNode } from '../../src/central/node-admin.js';
import { ManualClock } from '../../src/clock.js';
import { prng } from '../../src/domain/prng.js';
import { isKakouError } from '../../src/errors.js';
import { SqliteCentralStore } from '../../src/storage/central-sqlite.js';
import { Batch, SignedBatch, type WireRecord } from '../../src/sync/contract.js';
import { signBytes } from '../../src/sync/signing.js';
import { TestChain } from './chain.js';

export interface UplinkFuzzRun {
  cases: number;
  /** Answers by code: refused whole (a thrown coded error), or per record. */
  byCode: Record<string, number>;
  /** Anything thrown that is not a coded Kakou error: a run must have none. */
  uncoded: string[];
  /** The honest node's records stored at the end, and its report. */
  report: NodeReport | null;
  honestRecords: number;
}

const STRINGS = [
  '',
  '\ud800',
  'x'.repeat(70_000),
  'inspection',
  'decision',
  'unknown-kind',
  '\u0000',
  '浙F3A101',
  '{"a":',
];

/**
 * Hostile uplink bodies at the central, interleaved with an honest node sending its chain: random
 * bytes, damaged signed batches, batches signed by a stranger or naming another node, and records
 * with mutated sequence numbers, hashes, kinds, payloads and tombstone fields, signed with the
 * honest node's own key (a compromised node). The central must answer each with a code, never
 * throw otherwise, and keep the honest chain whole and verified.
 */
export async function fuzzUplink(cases: number, seed: number): Promise<UplinkFuzzRun> {
  const r = prng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)] as T;
  const store = new SqliteCentralStore(
    join(mkdtempSync(join(tmpdir(), 'kakou-uplink-fuzz-')), 'central.db'),
    pino({ level: 'silent' }),
  );
  const receiver = new Receiver(store, new ManualClock(1_800_000_000_000), pino({ level: 'silent' }));
  const honest = new TestChain('fuzz-honest', '4f'.repeat(32));
  const stranger = new TestChain('fuzz-honest', '5f'.repeat(32));
  // A compromised node signs what it likes; its own report may then say anything, the honest one's not.
  const rogue = new TestChain('fuzz-rogue', '6f'.repeat(32));
  for (const c of [honest, rogue]) await addNode(store, c.nodeId, c.publicRaw.toString('hex'), c.nodeId, 0);
  for (let i = 0; i < 5; i++) rogue.add();
  const run: UplinkFuzzRun = { cases: 0, byCode: {}, uncoded: [], report: null, honestRecords: 0 };
  const count = (code: string) => {
    run.byCode[code] = (run.byCode[code] ?? 0) + 1;
  };

  const mutate = (rec: WireRecord): WireRecord => {
    const m = { ...rec };
    const op = int(9);
    if (op === 0) m.seq = pick([0, -1, 2 ** 53, rec.seq + 1_000_000, rec.seq]);
    else if (op === 1) m.prevHash = pick([Buffer.alloc(0), Buffer.alloc(32, int(256)), Buffer.alloc(64)]);
    else if (op === 2) m.payloadSha256 = Buffer.alloc(int(2) === 0 ? 31 : 32, int(256));
    else if (op === 3) m.kind = pick(STRINGS);
    else if (op === 4) m.payload = Buffer.from(pick(STRINGS));
    else if (op === 5) m.idempotencyKey = pick(STRINGS);
    else if (op === 6)
      Object.assign(m, {
        retired: true,
        retiredReason: pick(STRINGS),
        recordHash: int(2) === 0 ? Buffer.alloc(32, 1) : Buffer.alloc(3),
      });
    else if (op === 7) m.evicted = !m.evicted;
    else m.createdAtMs = pick([-1, 0, 8.64e15, rec.createdAtMs]);
    return m;
  };

  for (let i = 0; i < cases; i++) {
    // Every twentieth case the honest node sends its next record and resends a recent one.
    if (i % 20 === 0) {
      honest.add();
      const at = honest.records.length - 1;
      const slice = honest.records.slice(Math.max(0, at - int(3)), at + 1);
      const ack = await receiver.receive(honest.signed(slice, i));
      for (const rej of ack.rejected) count(`honest:${rej.code}`);
      run.cases++;
      continue;
    }
    const k = r();
    let body: Uint8Array;
    if (k < 0.15) body = Buffer.from(Array.from({ length: int(300) }, () => int(256)));
    else if (k < 0.35) {
      const valid = honest.signed(honest.records.slice(-2), i);
      body = Buffer.from(valid);
      for (let f = 1 + int(3); f > 0 && body.length > 0; f--) body[int(body.length)] = int(256);
    } else if (k < 0.45) body = honest.signed(honest.records.slice(-1), i, stranger.privateKey);
    else if (k < 0.5) {
      const batch = Batch.encode({
        nodeId: pick(['', 'ghost', '\ud800', 'x'.repeat(200)]),
        batchSeq: i,
        sentAtMs: 0,
        records: honest.records.slice(-1),
      });
      body = SignedBatch.encode({ batch, signature: signBytes(honest.privateKey, batch), keyId: honest.keyId });
    } else {
      // A compromised node: well signed, badly formed records.
      const records = Array.from({ length: 1 + int(4) }, () => mutate(pick(rogue.records)));
      const batch = Batch.encode({ nodeId: rogue.nodeId, batchSeq: i, sentAtMs: 0, records });
      body = SignedBatch.encode({ batch, signature: signBytes(rogue.privateKey, batch), keyId: rogue.keyId });
    }
    run.cases++;
    try {
      const ack = await receiver.receive(body);
      if (ack.rejected.length === 0) count('accepted');
      for (const rej of ack.rejected) count(rej.code);
    } catch (err) {
      if (isKakouError(err)) count(err.code);
      else if (run.uncoded.length < 10) run.uncoded.push(String((err as Error).stack ?? err));
    }
  }
  // The honest node resends everything once more, as after a restart: its chain must stand whole.
  for (let from = 0; from < honest.records.length; from += 500)
    await receiver.receive(honest.signed(honest.records.slice(from, from + 500), cases + from));
  run.honestRecords = honest.records.length;
  run.report = await nodeReport(store, honest.nodeId, 480);
  await store.close();
  return run;
}
