import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { signedDemoSnapshot, TEST_ISSUER_PUBLIC } from '../support/snapshots.js';
import { startBroker, type TestBroker } from '../support/broker.js';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { startFaultProxy, type FaultMode, type FaultProxy } from '../support/fault-proxy.js';
import { freePort } from '../support/ports.js';
import { until } from '../support/until.js';

const KILLS = Number(process.env.CHAOS_KILLS ?? 50);
const TOKEN = 'chaos-admin-token';
const dir = mkdtempSync(join(tmpdir(), 'kakou-chaos-'));
let broker: TestBroker | undefined;
let proxy: FaultProxy | undefined;
let central: RunningCli | undefined;
let node: RunningCli | undefined;

afterAll(async () => {
  await node?.stop('SIGKILL');
  await central?.stop('SIGTERM');
  await proxy?.close();
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function startCentralProcess(port: number): Promise<RunningCli> {
  const c = startCli(['central', '--port', String(port), '--data-dir', join(dir, 'central')], {
    KAKOU_CENTRAL_TOKEN: TOKEN,
    KAKOU_LOG__LEVEL: 'warn',
  });
  await c.waitFor(/listening on/);
  return c;
}

describe('uplink under chaos', () => {
  it(`loses and duplicates nothing across ${KILLS} SIGKILLs, a stopped central, lost acks and 500s`, async () => {
    broker = await startBroker();
    const centralPort = await freePort();
    // As at a real site, the central knows the node before it sends: a one-time enrolment token.
    const issued = await runCli(
      ['central', 'nodes', 'token', '--id', 'chaos-node', '--data-dir', join(dir, 'central')],
      { KAKOU_LOG__LEVEL: 'warn' },
    );
    expect(issued.code).toBe(0);
    const enrolmentToken = issued.stdout.trim();
    central = await startCentralProcess(centralPort);
    proxy = await startFaultProxy(centralPort);
    const httpPort = await freePort();
    const snapshot = join(dir, 'snapshot.ksnap');
    writeFileSync(snapshot, signedDemoSnapshot());
    const config = join(dir, 'kakou.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        node: { id: 'chaos-node' },
        http: { port: httpPort },
        mqtt: { url: broker.url, reconnectMs: 200 },
        storage: { dataDir: join(dir, 'node') },
        snapshot: { file: snapshot, trustedKeys: [TEST_ISSUER_PUBLIC] },
        sync: {
          centralUrl: proxy.url,
          enrolmentToken,
          batchSize: 50,
          minBackoffMs: 20,
          maxBackoffMs: 300,
          probeMs: 50,
          requestTimeoutMs: 2000,
        },
      }),
    );
    // Retained, so every restarted node sees the truck again at once.
    const pub = await mqtt.connectAsync(broker.url);
    await pub.publishAsync(
      'kakou/hazmat/013800000101/location',
      JSON.stringify({ plate: '浙F3A101', lat: 30752200, lon: 120758500, speed: 500, direction: 90, alarm: 0 }),
      { qos: 1, retain: true },
    );
    await pub.endAsync();

    const base = `http://127.0.0.1:${httpPort}`;
    let cookie = '';
    const confirmed: string[] = [];
    const modes: FaultMode[] = ['pass', 'drop-ack', 'error500', 'pass', 'down', 'drop-ack', 'pass', 'error500'];

    for (let i = 0; i <= KILLS; i++) {
      const last = i === KILLS;
      proxy.mode = last ? 'pass' : (modes[Math.floor(i / 4) % modes.length] as FaultMode);
      // Now and then the central itself goes away for a few rounds.
      if (!last && i % 17 === 8 && central) {
        await central.stop('SIGTERM');
        central = undefined;
      } else if ((last || i % 17 === 11) && !central) {
        central = await startCentralProcess(centralPort);
      }
      node = startCli(['serve', '--config', config], { KAKOU_LOG__LEVEL: 'warn' });
      if (!cookie) {
        const [, token] = await node.waitFor(/setup token: ([0-9a-f]{32})/);
        const res = await fetch(`${base}/api/v1/setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ setupToken: token, username: 'admin', password: 'chaos-admin-pw-1' }),
        });
        cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
      }
      await until(
        async () => {
          const res = await fetch(`${base}/api/v1/targets`, { headers: { cookie } });
          const body = (await res.json()) as { targets: Array<{ id: string }> };
          return body.targets.some((t) => t.id === 'vehicle:浙F3A101') ? true : undefined;
        },
        15_000,
        'target after restart',
      );
      if (last) break;

      let alive = true;
      const creator = (async () => {
        while (alive) {
          try {
            const res = await fetch(`${base}/api/v1/inspections`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', cookie },
              body: JSON.stringify({
                targetId: 'vehicle:浙F3A101',
                result: 'no-defects',
                action: 'release',
                defects: [],
              }),
            });
            if (res.status === 201)
              confirmed.push(((await res.json()) as { inspection: { id: string } }).inspection.id);
          } catch {
            return; // the node died mid-request: that record was never confirmed to the officer
          }
        }
      })();
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 500));
      node.proc.kill('SIGKILL');
      await node.exited;
      alive = false;
      await creator;
    }

    expect(confirmed.length).toBeGreaterThan(KILLS);
    await until(
      async () => {
        const status = (await (await fetch(`${base}/api/v1/status`, { headers: { cookie } })).json()) as {
          outbox: unknown[];
        };
        return status.outbox.length === 0 ? true : undefined;
      },
      60_000,
      'outbox drained',
    );
    const dead = (await (await fetch(`${base}/api/v1/sync/dead-letters`, { headers: { cookie } })).json()) as {
      deadLetters: unknown[];
    };
    expect(dead.deadLetters).toEqual([]);

    const report = (await (
      await fetch(`http://127.0.0.1:${centralPort}/v1/nodes/chaos-node/report`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json()) as { gaps: unknown[]; chain: { verified: boolean }; records: number; highestContiguousSeq: number };
    expect(report.gaps).toEqual([]);
    expect(report.chain.verified).toBe(true);
    expect(report.highestContiguousSeq).toBe(report.records);

    const db = new Database(join(dir, 'central', 'central.db'), { readonly: true });
    const counts = new Map(
      (
        db
          .prepare(
            "SELECT idempotency_key AS k, COUNT(*) AS n FROM records WHERE node_id = 'chaos-node' GROUP BY idempotency_key",
          )
          .all() as Array<{ k: string; n: number }>
      ).map((r) => [r.k, r.n]),
    );
    db.close();
    for (const id of confirmed) expect(counts.get(`chaos-node:inspection:${id}`), id).toBe(1);
    expect(proxy.seen['drop-ack'] + proxy.seen.error500 + proxy.seen.down).toBeGreaterThan(0);
  }, 600_000);
});
