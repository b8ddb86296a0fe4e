import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildCentral } from '../../src/central/central-server.js';
import { nodeReport, type NodeReport } from '../../src/central/report.js';
import { systemClock } from '../../src/clock.js';
import { SqliteCentralStore } from '../../src/storage/central-sqlite.js';

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
export async function startCentral(port = 0, dir = mkdtempSync(join(tmpdir(), 'kakou-central-')), https?: { cert: Buffer; key: Buffer; ca?: Buffer }, trustOnFirstUse = true): Promise<TestCentral> {
  const store = new SqliteCentralStore(join(dir, 'central.db'), pino({ level: 'silent' }));
  await store.init();
  const app = await buildCentral({ store, clock: systemClock, log: pino({ level: 'silent' }), adminToken: 'test-token', utcOffsetMinutes: 480, trustOnFirstUse, ...(https && { https }) });
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
