import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type TestBroker } from '../support/broker.js';
import { runCli, startCommand, type RunningCli } from '../support/cli.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { freePort } from '../support/ports.js';
import { startSiteNode, TRUCK, truckReport, type SiteNode } from '../support/site-node.js';
import { until } from '../support/until.js';

/**
 * sync/examples/python-central/: a receiver written in Python from sync/ alone (protobuf,
 * cryptography, jsonschema; no Kakou code). It passes its own tests on the vectors and the
 * conformance tester, and a real node syncs to it through lost acknowledgements and 500s.
 */
const PYTHON = '/usr/bin/python3';
const HERE = join(import.meta.dirname, '..', '..', 'sync', 'examples', 'python-central');
const ADMIN = 'python-central-admin';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const dir = mkdtempSync(join(tmpdir(), 'kakou-pycentral-'));
const db = join(dir, 'central.db');
const ready =
  spawnSync(PYTHON, ['-c', 'import google.protobuf, cryptography, jsonschema']).status === 0 &&
  spawnSync('protoc', ['--version']).status === 0;
if (!ready && process.env.CI)
  throw new Error('CI must run the Python central: python3-protobuf, python3-cryptography, python3-jsonschema, protoc');

let central: RunningCli | undefined;
let port = 0;
let broker: TestBroker | undefined;
let proxy: FaultProxy | undefined;
let node: SiteNode | undefined;

const python = (args: string[]) => spawnSync(PYTHON, args, { cwd: HERE, encoding: 'utf8' });
const token = (id: string) => python(['central.py', 'token', '--db', db, '--id', id]).stdout.trim();

beforeAll(async () => {
  if (!ready) return;
  port = await freePort();
  central = startCommand(
    PYTHON,
    ['central.py', 'serve', '--db', db, '--port', String(port)],
    { KAKOU_PY_CENTRAL_TOKEN: ADMIN },
    HERE,
  );
  await central.waitFor(/listening on/);
});

afterAll(async () => {
  await node?.cli.stop('SIGTERM');
  await central?.stop('SIGTERM');
  await proxy?.close();
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(ready)('an independent Python central built from sync/ alone', () => {
  it('passes its own tests on the golden vectors', () => {
    const r = python(['-B', '-m', 'unittest', '-v']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^OK$/m);
  });

  it('passes the conformance tester', async () => {
    const r = await runCli([
      'conformance',
      'central',
      '--url',
      `http://127.0.0.1:${port}/`,
      '--node-id',
      'py-conformance',
      '--token',
      token('py-conformance'),
    ]);
    // Every check, however many the tester has: "N of N checks passed".
    expect(r.stdout, r.stdout).toMatch(/^(\d+) of \1 checks passed$/m);
    expect(r.code, r.stdout).toBe(0);
  }, 60_000);

  it('receives everything a live node records, once, through lost acknowledgements and 500s', async () => {
    broker = await startBroker();
    proxy = await startFaultProxy(port);
    const site = await startSiteNode({
      dir,
      nodeId: 'py-site',
      brokerUrl: broker.url,
      centralUrl: proxy.url,
      enrolmentToken: token('py-site'),
    });
    node = site;
    for (const [i, mode] of (['pass', 'drop-ack', 'error500', 'drop-ack', 'pass'] as const).entries()) {
      proxy.mode = mode;
      const faultedBefore = proxy.faulted;
      const made = await site.api('POST', '/api/v1/inspections', {
        targetId: TRUCK,
        result: 'no-defects',
        action: 'release',
        defects: [],
      });
      expect(made.status).toBe(201);
      const { inspection } = (await made.json()) as { inspection: { id: string } };
      const photo = Buffer.concat([PNG, Buffer.from(String(i))]);
      const attached = await site.api('POST', `/api/v1/inspections/${inspection.id}/photos`, {
        contentType: 'image/png',
        dataBase64: photo.toString('base64'),
      });
      expect(attached.status).toBe(201);
      const corrected = await site.api('POST', `/api/v1/inspections/${inspection.id}/corrections`, {
        reason: '补记',
        notes: `第${i}次`,
      });
      expect(corrected.status).toBe(201);
      await truckReport(broker.url, 1 << 30);
      await truckReport(broker.url, 0);
      // The terminal's rollover alarm, raised and cleared: one more alarm each round.
      await until(
        async () => {
          const { alarms } = (await (await site.api('GET', '/api/v1/alarms?limit=50')).json()) as { alarms: unknown[] };
          return alarms.length > i ? true : undefined;
        },
        10_000,
        `alarm of round ${i}`,
      );
      // Hold a fault round until the node's uplink has actually run into its fault, however slow the machine.
      if (mode !== 'pass') await until(async () => (proxy?.faulted ?? 0) > faultedBefore || undefined, 30_000, mode);
    }
    const override = await site.api('POST', `/api/v1/targets/${encodeURIComponent(TRUCK)}/override`, {
      tier: 'must-inspect',
      reason: '现场研判',
    });
    expect(override.status).toBeLessThan(300);
    proxy.mode = 'pass';

    await until(
      async () => {
        const status = (await (await site.api('GET', '/api/v1/status')).json()) as { outbox: unknown[] };
        return status.outbox.length === 0 ? true : undefined;
      },
      60_000,
      'outbox drained to the Python central',
    );
    const dead = (await (await site.api('GET', '/api/v1/sync/dead-letters')).json()) as { deadLetters: unknown[] };
    expect(dead.deadLetters).toEqual([]);
    expect(proxy.faulted).toBeGreaterThanOrEqual(3);

    const chain = (await (
      await fetch(`http://127.0.0.1:${port}/v1/nodes/py-site/chain`, { headers: { authorization: `Bearer ${ADMIN}` } })
    ).json()) as {
      highestContiguousSeq: number;
      highestSeq: number;
      gaps: unknown[];
      chain: { verified: boolean };
      byKind: Record<string, number>;
    };
    expect(chain.gaps).toEqual([]);
    expect(chain.chain.verified).toBe(true);
    expect(chain.highestContiguousSeq).toBe(chain.highestSeq);
    for (const kind of ['shift-commitment', 'decision', 'inspection', 'inspection-photo', 'alarm', 'override'])
      expect(chain.byKind[kind], kind).toBeGreaterThan(0);

    // Every record the node holds reached the Python central exactly once, and its photos too.
    const nodeDb = new Database(join(dir, 'node', 'kakou.db'), { readonly: true });
    const keys = (sql: string) => nodeDb.prepare(sql).pluck().all() as string[];
    const committed = [
      ...keys("SELECT 'py-site:inspection:' || id FROM inspections"),
      ...keys("SELECT 'py-site:inspection-photo:' || inspection_id || ':' || sha256 FROM inspection_photos"),
      ...keys("SELECT 'py-site:alarm:' || id FROM alarm_events"),
      ...keys("SELECT 'py-site:override:' || id FROM overrides"),
    ];
    const shas = keys('SELECT sha256 FROM inspection_photos');
    nodeDb.close();
    const held = new Database(db, { readonly: true });
    const counts = new Map(
      (
        held
          .prepare("SELECT idempotency_key AS k, COUNT(*) AS n FROM records WHERE node_id = 'py-site' GROUP BY k")
          .all() as Array<{ k: string; n: number }>
      ).map((r) => [r.k, r.n]),
    );
    for (const key of committed) expect(counts.get(key), key).toBe(1);
    await until(
      async () => {
        const stored = held.prepare('SELECT sha256, data FROM photos WHERE stored = 1').all() as Array<{
          sha256: string;
          data: Buffer;
        }>;
        return stored.length === shas.length ? stored : undefined;
      },
      30_000,
      'photos stored',
    );
    for (const row of held.prepare('SELECT sha256, data FROM photos').all() as Array<{ sha256: string; data: Buffer }>)
      expect(createHash('sha256').update(row.data).digest('hex')).toBe(row.sha256);
    held.close();
  }, 180_000);
});
