import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildCentral } from '../../src/central/central-server.js';
import { nodeReport, type NodeReport } from '../../src/central/report.js';
import { systemClock } from '../../src/clock.js';
import { addNode } from '../../src/central/node-admin.js';
import { Receiver } from '../../src/central/receiver.js';
import { SqliteCentralStore } from '../../src/storage/central-sqlite.js';
import type { OutboxRepo } from '../../src/storage/outbox-repo.js';
import { Batch, SignedBatch } from '../../src/sync/contract.js';
import { toWire } from '../../src/sync/outbox-worker.js';
import { signBytes } from '../../src/sync/signing.js';
import { TestChain } from './chain.js';

export interface TestCentral {
  url: string;
  port: number;
  store: SqliteCentralStore;
  app: FastifyInstance;
  report(nodeId: string): Promise<NodeReport | null>;
  close(): Promise<void>;
}

/**
 * The reference central on a real HTTP port (SQLite in a temp folder), in this process. It
 * registers nodes on first use, as a lab central may, so tests about something else need no
 * enrolment step; tests of enrolment itself pass trustOnFirstUse: false.
 */
export async function startCentral(
  port = 0,
  dir = mkdtempSync(join(tmpdir(), 'kakou-central-')),
  https?: { cert: Buffer; key: Buffer; ca?: Buffer },
  trustOnFirstUse = true,
  serve: { policyFile?: string } = {},
): Promise<TestCentral> {
  const store = new SqliteCentralStore(join(dir, 'central.db'), pino({ level: 'silent' }));
  await store.init();
  const app = await buildCentral({
    store,
    clock: systemClock,
    log: pino({ level: 'silent' }),
    adminToken: 'test-token',
    utcOffsetMinutes: 480,
    trustOnFirstUse,
    ...serve,
    ...(https && { https }),
  });
  await app.listen({ host: '127.0.0.1', port });
  const actual = (app.server.address() as AddressInfo).port;
  return {
    url: `${https ? 'https' : 'http'}://127.0.0.1:${actual}/`,
    port: actual,
    store,
    app,
    report: (nodeId) => nodeReport(store, nodeId, 480),
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Sends everything in a node's outbox to a fresh reference central, as the outbox worker frames
 * it, and returns the central's report: the chain of whatever the node recorded must verify.
 */
export async function deliverToCentral(outbox: OutboxRepo, nodeId: string): Promise<NodeReport | null> {
  const store = new SqliteCentralStore(
    join(mkdtempSync(join(tmpdir(), 'kakou-deliver-')), 'central.db'),
    pino({ level: 'silent' }),
  );
  try {
    const receiver = new Receiver(store, systemClock, pino({ level: 'silent' }));
    const key = new TestChain(nodeId, '2d'.repeat(32));
    await addNode(store, nodeId, key.publicRaw.toString('hex'), nodeId, 0);
    const rows = outbox.peek(1_000_000);
    for (let from = 0; from < rows.length; from += 1000) {
      const batch = Batch.encode({
        nodeId,
        batchSeq: from + 1,
        sentAtMs: 0,
        records: rows.slice(from, from + 1000).map(toWire),
      });
      const ack = await receiver.receive(
        SignedBatch.encode({ batch, signature: signBytes(key.privateKey, batch), keyId: key.keyId }),
      );
      if (ack.rejected.length > 0) throw new Error(`central rejected ${JSON.stringify(ack.rejected.slice(0, 3))}`);
    }
    return await nodeReport(store, nodeId, 480);
  } finally {
    await store.close();
  }
}
