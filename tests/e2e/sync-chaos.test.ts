import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
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
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
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
    // The idempotency key of every record the node confirmed: inspections, their corrections,
    // photos and the passage an inspection closed.
    const confirmed: string[] = [];
    const post = (path: string, body: object) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(body),
      });
    let round = 0;
    /** One record of the next kind in turn; returns its idempotency key once the node confirmed it. */
    const createOne = async (): Promise<string | null> => {
      const kind = round++ % 6;
      if (kind === 4) {
        const res = await post(`/api/v1/targets/${encodeURIComponent('vehicle:浙F3A101')}/override`, {
          tier: round % 12 < 6 ? 'must-inspect' : 'may-inspect',
          reason: `现场研判 round ${round}`,
        });
        await res.arrayBuffer();
        return null; // its record id is read back from the node's database below
      }
      if (kind === 5) {
        // The truck's terminal raises a rollover alarm and clears it; an officer acknowledges the latest.
        const alarm = await mqtt.connectAsync(broker?.url as string);
        const report = (bits: number) =>
          alarm.publishAsync(
            'kakou/hazmat/013800000101/location',
            JSON.stringify({
              plate: '浙F3A101',
              lat: 30752200,
              lon: 120758500,
              speed: 500,
              direction: 90,
              alarm: bits,
            }),
            { qos: 1 },
          );
        await report(1 << 30);
        await report(0);
        await alarm.endAsync();
        const list = (await (await fetch(`${base}/api/v1/alarms?limit=5`, { headers: { cookie } })).json()) as {
          alarms: Array<{ alarmId: string; acknowledged: unknown }>;
        };
        const open = list.alarms.find((a) => a.acknowledged === null);
        if (open) await post(`/api/v1/alarms/${open.alarmId}/ack`, { note: `round ${round}` });
        return null;
      }
      if (kind === 3) {
        // A dispute against the next credit entry of the truck's not disputed yet.
        const page = (await (
          await fetch(`${base}/api/v1/targets/${encodeURIComponent('vehicle:浙F3A101')}`, { headers: { cookie } })
        ).json()) as {
          entries?: Array<{ entryKind: string; entryId: string | null }>;
          disputes?: Array<{ opened: { entryId: string } }>;
        };
        const taken = new Set((page.disputes ?? []).map((d) => d.opened.entryId));
        const entry = (page.entries ?? []).find((e) => e.entryId && !taken.has(e.entryId));
        if (entry) {
          const res = await post('/api/v1/disputes', {
            targetId: 'vehicle:浙F3A101',
            entryKind: entry.entryKind,
            entryId: entry.entryId,
            officerNote: '当事人提出异议',
            subjectStatement: `round ${round}`,
          });
          return res.status === 201
            ? `chaos-node:dispute:${((await res.json()) as { dispute: { id: string } }).dispute.id}`
            : null;
        }
      }
      const last = confirmed.findLast((k) => k.startsWith('chaos-node:inspection:'))?.split(':')[2];
      if (kind === 1 && last) {
        const res = await post(`/api/v1/inspections/${last}/corrections`, { reason: '补记', notes: `round ${round}` });
        return res.status === 201
          ? `chaos-node:inspection:${((await res.json()) as { inspection: { id: string } }).inspection.id}`
          : null;
      }
      if (kind === 2 && last) {
        const photo = Buffer.concat([PNG, Buffer.from(String(round))]);
        const res = await post(`/api/v1/inspections/${last}/photos`, {
          contentType: 'image/png',
          dataBase64: photo.toString('base64'),
        });
        const sha = createHash('sha256').update(photo).digest('hex');
        return res.status === 201 ? `chaos-node:inspection-photo:${last}:${sha}` : null;
      }
      const res = await post('/api/v1/inspections', {
        targetId: 'vehicle:浙F3A101',
        result: 'no-defects',
        action: 'release',
        defects: [],
      });
      if (res.status !== 201) return null;
      const { inspection } = (await res.json()) as { inspection: { id: string; passageId?: string } };
      // The record that answered the open passage closed it: its passage record is confirmed with it.
      if (inspection.passageId) confirmed.push(`chaos-node:passage:${inspection.passageId}`);
      return `chaos-node:inspection:${inspection.id}`;
    };
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
            const key = await createOne();
            if (key) confirmed.push(key);
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
    for (const key of confirmed) expect(counts.get(key), key).toBe(1);
    // Every record the node committed, of every kind, reached the central once.
    const nodeDb = new Database(join(dir, 'node', 'kakou.db'), { readonly: true });
    const keys = (sql: string) => nodeDb.prepare(sql).pluck().all() as string[];
    const committed: Record<string, string[]> = {
      inspection: keys("SELECT 'chaos-node:inspection:' || id FROM inspections"),
      'inspection-photo': keys(
        "SELECT 'chaos-node:inspection-photo:' || inspection_id || ':' || sha256 FROM inspection_photos",
      ),
      passage: keys("SELECT 'chaos-node:passage:' || passage_id FROM passage_events WHERE event = 'closed'"),
      dispute: keys("SELECT 'chaos-node:dispute:' || id FROM disputes"),
      override: keys("SELECT 'chaos-node:override:' || id FROM overrides"),
      alarm: keys("SELECT 'chaos-node:alarm:' || id FROM alarm_events"),
      decision: keys("SELECT 'chaos-node:decision:' || passage_id || ':' || tier FROM decisions"),
      'shift-commitment': keys("SELECT 'chaos-node:shift-commitment:' || id FROM shifts"),
    };
    nodeDb.close();
    for (const [kind, list] of Object.entries(committed)) {
      expect(list.length, kind).toBeGreaterThan(0);
      for (const key of list) expect(counts.get(key), key).toBe(1);
    }
    // Every kind the loop made reached the central, each record once.
    for (const kind of ['inspection', 'inspection-photo', 'passage', 'dispute'])
      expect(
        confirmed.some((k) => k.startsWith(`chaos-node:${kind}:`)),
        kind,
      ).toBe(true);
    expect(confirmed.filter((k) => k.startsWith('chaos-node:passage:')).length).toBeGreaterThan(0);
    expect(proxy.faulted).toBeGreaterThan(0);
  }, 600_000);
});
