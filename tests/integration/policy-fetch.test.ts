import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { addNode } from '../../src/central/node-admin.js';
import { ManualClock } from '../../src/clock.js';
import { PolicyFetcher } from '../../src/snapshot/policy-fetcher.js';
import { signedReadHeaders } from '../../src/sync/create-sync.js';
import { HttpTransport } from '../../src/sync/http-transport.js';
import { TestChain } from '../support/chain.js';
import { POLICY_FILE } from '../../src/app/policy-in-force.js';
import { loadPolicy } from '../../src/scoring/policy.js';
import { signPolicy } from '../../src/snapshot/policy-artifact.js';
import { startCentral } from '../support/central.js';
import { TEST_ISSUER, TEST_ISSUER_PUBLIC } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { inspectionRecord } from '../support/inspection-record.js';
import { until } from '../support/until.js';
import { truckAtGate } from '../support/messages.js';

/**
 * The province distributes a signed policy through the central: a node fetches it with its
 * snapshot, keeps it in its data folder, runs it at once (its decisions name it), and again after
 * a restart.
 */
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

describe('a policy served by the central', () => {
  it('reaches the node and comes into force at once, and after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakou-policy-fetch-'));
    const policy = { ...loadPolicy('kakou-checkpoint'), name: 'province-2026', version: 'q4' };
    const file = join(dir, 'province.kpol');
    const artifact = signPolicy(JSON.stringify(policy), TEST_ISSUER, Buffer.from(TEST_ISSUER_PUBLIC, 'hex'), {
      serial: 3,
      issuer: '省级平台',
      issuedAt: new Date().toISOString(),
    });
    writeFileSync(file, JSON.stringify(artifact));
    const central = await startCentral(0, join(dir, 'central'), undefined, true, { policyFile: file });
    open.push(central);
    const overrides = () => ({
      node: { id: 'policy-fetch-node' },
      storage: { dataDir: join(dir, 'node') },
      sync: { centralUrl: central.url, minBackoffMs: 20, maxBackoffMs: 100, probeMs: 20 },
      snapshot: { trustedKeys: [TEST_ISSUER_PUBLIC] },
      mqtt: { url: 'mqtt://127.0.0.1:1' },
    });
    const run = async (what: (t: TestApp) => Promise<void>) => {
      const t = await createTestApp(overrides());
      try {
        await t.app.start();
        await what(t);
      } finally {
        await t.close();
      }
    };
    // First start: the node registers with the central as it sends its first records.
    await run(async (t) => {
      t.app.storage.inspections.insertWithOutbox(inspectionRecord('policy-fetch-node', 1), 0);
      await until(async () => ((await central.report('policy-fetch-node'))?.records ?? 0) > 0, 10_000, 'registered');
    });
    // Next start: the fetch at start finds the policy, keeps it, and it is in force at once:
    // the targets are rescored under it and their decisions name it.
    await run(async (t) => {
      await until(() => existsSync(join(dir, 'node', POLICY_FILE)), 10_000, 'policy kept');
      const cookie = await t.login();
      await until(
        async () =>
          (await t.app.web.app.inject({ url: '/api/v1/status', headers: { cookie } })).json().policy.name ===
          'province-2026',
        10_000,
        'policy in force',
      );
      const status = await t.app.web.app.inject({ url: '/api/v1/status', headers: { cookie } });
      expect(status.json().policy).toMatchObject({ name: 'province-2026', version: 'q4', serial: 3 });
      t.app.ingest.accept(truckAtGate('013800000199', '浙F3A199'));
      await until(() => t.app.targets.get('vehicle:浙F3A199') !== undefined, 10_000, 'truck scored');
      t.app.targets.flush();
      const decided = t.app.storage.outbox
        .peek(1000)
        .filter((r) => r.kind === 'decision')
        .map((r) => (JSON.parse(r.payload) as { policyVersion: string }).policyVersion);
      expect(decided.length).toBeGreaterThan(0);
      expect(new Set(decided)).toEqual(new Set(['province-2026@q4']));
    });
    // The start after that runs it from the data folder.
    await run(async (t) => {
      const status = await t.app.web.app.inject({ url: '/api/v1/status', headers: { cookie: await t.login() } });
      expect(status.json().policy).toMatchObject({ name: 'province-2026', version: 'q4', serial: 3 });
    });
  }, 60_000);
});

describe('a policy fetch that fails', () => {
  it('is asked again within minutes, not at the next hourly interval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakou-policy-retry-'));
    const file = join(dir, 'province.kpol');
    const policy = { ...loadPolicy('kakou-checkpoint'), name: 'province-2026', version: 'q4' };
    writeFileSync(
      file,
      JSON.stringify(
        signPolicy(JSON.stringify(policy), TEST_ISSUER, Buffer.from(TEST_ISSUER_PUBLIC, 'hex'), {
          serial: 1,
          issuer: '省级平台',
          issuedAt: new Date().toISOString(),
        }),
      ),
    );
    const central = await startCentral(0, join(dir, 'central'), undefined, false, { policyFile: file });
    open.push(central);
    const node = new TestChain('policy-retry-node', '3d'.repeat(32));
    const clock = new ManualClock(Date.now());
    let kept: number | null = null;
    const fetcher = new PolicyFetcher(new URL('v1/policy', central.url), 3_600_000, {
      transport: new HttpTransport(new URL(central.url)),
      sign: signedReadHeaders(
        node.nodeId,
        { privateKey: node.privateKey, publicRaw: node.publicRaw, keyId: node.keyId },
        clock,
      ),
      kept: () => kept,
      store: (text) => (kept = (JSON.parse(text) as { serial: number }).serial),
      clock,
      log: pino({ level: 'silent' }),
    });
    open.push({ close: () => fetcher.stop() });
    fetcher.start();
    // Not registered yet: refused.
    await until(() => (fetcher.lastError ? true : undefined), 5_000, 'first ask refused');
    await addNode(central.store, node.nodeId, node.publicRaw.toString('hex'), node.nodeId, Date.now());
    await clock.advanceAsync(2 * 60_000);
    await until(() => kept === 1, 5_000, 'asked again and kept');
  });
});
