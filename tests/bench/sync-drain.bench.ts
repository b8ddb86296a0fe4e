import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { describe, test } from 'vitest';
import { JOB_TIMEOUT_MS, ONCE } from './once.js';
import { systemClock } from '../../src/clock.js';
import { Storage } from '../../src/storage/storage.js';
import { loadOrCreateNodeKey } from '../../src/sync/node-key.js';
import { OutboxWorker } from '../../src/sync/outbox-worker.js';
import { UplinkClient } from '../../src/sync/uplink-client.js';
import { runCli, startCli } from '../support/cli.js';
import { freePort } from '../support/ports.js';

/**
 * Drains a backlog of N records (default 1,000,000) from a node's outbox to the reference central
 * running as its own process, over loopback. Baseline in the same run: inserting the same rows
 * into a bare SQLite table in one transaction, the floor of what storing them costs at all.
 */
const N = Number(process.env.DRAIN_RECORDS ?? 1_000_000);
const log = pino({ level: 'silent' });

function payload(i: number): string {
  return JSON.stringify({
    id: `r${i}`,
    nodeId: 'bench-node',
    targetId: `vessel:${413800000 + (i % 5000)}`,
    targetKind: 'vessel',
    targetName: `浙嘉兴货${i % 5000}`,
    officer: 'bench',
    result: i % 7 === 0 ? 'defects-found' : 'no-defects',
    action: 'release',
    defects: [],
    tierAtDecision: 'pass',
    scoreAtDecision: i % 100,
    createdAt: new Date(1_790_000_000_000 + i).toISOString(),
  });
}

describe(`drain a ${N.toLocaleString('en')}-record backlog to the reference central`, () => {
  test(
    'drain',
    async ({ bench }) => {
      await bench('drain', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'kakou-drain-'));
        try {
          // Baseline: a bare insert of the same payloads.
          const raw = new Database(join(dir, 'raw.db'));
          raw.pragma('journal_mode = WAL');
          raw.exec('CREATE TABLE t (seq INTEGER PRIMARY KEY, k TEXT UNIQUE, payload TEXT)');
          const ins = raw.prepare('INSERT INTO t VALUES (?, ?, ?)');
          let t0 = performance.now();
          raw.transaction(() => {
            for (let i = 1; i <= N; i++) ins.run(i, `bench-node:inspection:r${i}`, payload(i));
          })();
          const rawRate = N / ((performance.now() - t0) / 1000);
          raw.close();

          const storage = new Storage(join(dir, 'node'), 5000, log);
          // The backlog goes in through the node's own append path (sequence, digest, chain link).
          for (let start = 1; start <= N; start += 50_000) {
            const end = Math.min(N, start + 49_999);
            storage.outbox.appendMany(
              (function* () {
                for (let i = start; i <= end; i++)
                  yield {
                    kind: 'inspection',
                    idempotencyKey: `bench-node:inspection:r${i}`,
                    lane: 0 as const,
                    payload: payload(i),
                    createdAtMs: 1_790_000_000_000 + i,
                  };
              })(),
            );
          }
          const port = await freePort();
          const key = loadOrCreateNodeKey(join(dir, 'key.pem'));
          // The administrator registers the node's key before it sends, as at a real site.
          await runCli(
            [
              'central',
              'nodes',
              'add',
              '--id',
              'bench-node',
              '--key',
              key.publicRaw.toString('hex'),
              '--data-dir',
              join(dir, 'central'),
            ],
            { KAKOU_LOG__LEVEL: 'warn' },
          );
          const central = startCli(['central', '--port', String(port), '--data-dir', join(dir, 'central')], {
            KAKOU_CENTRAL_TOKEN: 'bench',
            KAKOU_LOG__LEVEL: 'warn',
          });
          await central.waitFor(/listening on/);
          const worker = new OutboxWorker(
            storage.outbox,
            new UplinkClient(new URL(`http://127.0.0.1:${port}/`), 60_000),
            key,
            {
              nodeId: 'bench-node',
              nodeName: 'bench',
              batchSize: 2000,
              minBackoffMs: 100,
              maxBackoffMs: 1000,
              probeMs: 100,
              telemetryBudgetBytes: -1,
            },
            systemClock,
            log,
            { acked: () => {}, batch: () => {} },
          );
          t0 = performance.now();
          worker.start();
          while (storage.outbox.count() > 0) await new Promise((r) => setTimeout(r, 50));
          const secs = (performance.now() - t0) / 1000;
          await worker.stop();
          await central.stop('SIGTERM');
          storage.close();
          const rate = N / secs;
          process.stdout.write(
            `\nuplink drain: ${N} records in ${secs.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} records/s (target 20,000/s)\n` +
              `baseline bare SQLite insert: ${Math.round(rawRate).toLocaleString('en')} rows/s; drain/baseline = ${(rate / rawRate).toFixed(3)}\n`,
          );
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }).run(ONCE);
    },
    JOB_TIMEOUT_MS,
  );
});
