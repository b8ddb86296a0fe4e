import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Receiver } from '../../../src/central/receiver.js';
import { nodeReport } from '../../../src/central/report.js';
import { ManualClock } from '../../../src/clock.js';
import { prng } from '../../../src/domain/prng.js';
import { SqliteCentralStore } from '../../../src/storage/central-sqlite.js';
import { Storage } from '../../../src/storage/storage.js';
import { addNode } from '../../../src/central/node-admin.js';
import { Batch, SignedBatch } from '../../../src/sync/contract.js';
import { toWire } from '../../../src/sync/outbox-worker.js';
import { signBytes } from '../../../src/sync/signing.js';
import { TestChain } from '../../support/chain.js';
import { golden } from '../../support/payloads.js';

const log = pino({ level: 'silent' });

/** Characters that have broken byte-exact hashing somewhere: lone surrogates, NUL, RTL marks, 4-byte characters, combining marks. */
const AWKWARD = [
  '\ud800',
  '\udfff',
  '\u0000',
  '\u200f',
  '\u202e',
  '😀',
  '𠜎',
  'e\u0301',
  '\ufeff',
  '\uffff',
  '浙',
  'Ω',
  '\n',
  '"',
  '\\',
];

function awkwardString(rand: () => number): string {
  let s = '';
  const n = 1 + Math.floor(rand() * 12);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.5) s += AWKWARD[Math.floor(rand() * AWKWARD.length)];
    else if (r < 0.8) s += String.fromCharCode(0x20 + Math.floor(rand() * 95));
    else s += String.fromCharCode(Math.floor(rand() * 0x10000)); // any code unit, surrogates included
  }
  return s;
}

describe('record hash over the wire', () => {
  const closers: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('round-trips arbitrary strings from node hash through protobuf to the central hash, chain verified', async () => {
    const storage = new Storage(':memory:', 1000, log, 'node-u');
    const central = new SqliteCentralStore(join(mkdtempSync(join(tmpdir(), 'kakou-unicode-')), 'central.db'), log);
    closers.push(
      () => storage.close(),
      () => central.close(),
    );
    const receiver = new Receiver(central, new ManualClock(1_800_000_000_000), log);
    const node = new TestChain('node-u');
    await addNode(central, 'node-u', node.publicRaw.toString('hex'), 'u', 0);

    const rand = prng(20261202);
    const total = 400;
    for (let i = 0; i < total; i++) {
      // A plate or passage id from a device ends up in the idempotency key, and in the payload.
      const plate = awkwardString(rand);
      storage.outbox.append({
        kind: 'decision',
        idempotencyKey: `node-u:decision:vehicle:${plate}:${i}`,
        lane: 1,
        payload: JSON.stringify(golden('decision', { passageId: `vehicle:${plate}`, note: awkwardString(rand) })),
        createdAtMs: 1_800_000_000_000 + i,
      });
    }
    const rows = storage.outbox.peek(total);
    expect(rows).toHaveLength(total);
    for (let from = 0; from < total; from += 100) {
      const bytes = Batch.encode({
        nodeId: 'node-u',
        batchSeq: from / 100 + 1,
        sentAtMs: 0,
        records: rows.slice(from, from + 100).map(toWire),
      });
      const ack = await receiver.receive(
        SignedBatch.encode({ batch: bytes, signature: signBytes(node.privateKey, bytes), keyId: node.keyId }),
      );
      expect(ack.rejected).toEqual([]);
    }
    const report = await nodeReport(central, 'node-u', 480);
    expect(report?.highestContiguousSeq).toBe(total);
    expect(report?.chain).toEqual({ verified: true, pendingLinks: 0, brokenLinks: 0 });
    // The central's copy of each record hashes to the node's own hash.
    const head = storage.outbox.chainHead();
    expect((await central.record('node-u', total))?.hash.equals(head.hash)).toBe(true);
  });
});
