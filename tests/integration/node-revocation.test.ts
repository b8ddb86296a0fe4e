import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateNodeKey } from '../../src/sync/node-key.js';
import { startCentral, type TestCentral } from '../support/central.js';
import { runCli } from '../support/cli.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { inspectionRecord } from '../support/inspection-record.js';

/**
 * An administrator revokes a node (decommissioned, or its key compromised): the central keeps its
 * records and takes nothing more, the node keeps what it records and says why on /readyz; a new
 * key registered by the administrator puts it back in service and what waited goes up.
 */
const NODE = 'node-revoked';
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const record = (n: number) => inspectionRecord(NODE, n);

const admin = (central: TestCentral, path: string, body: object) =>
  fetch(new URL(path, central.url), {
    method: 'POST',
    headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('a revoked node', () => {
  it('is refused with its reason, keeps its records, and goes on only under a key the administrator registers', async () => {
    const central = await startCentral();
    open.push(central);
    const t: TestApp = await createTestApp({
      node: { id: NODE },
      sync: { centralUrl: central.url, minBackoffMs: 20, maxBackoffMs: 100, probeMs: 20 },
      mqtt: { url: 'mqtt://127.0.0.1:1' },
    });
    open.push(t);
    await t.app.start();
    t.app.storage.inspections.insertWithOutbox(record(1), 0);
    await until(() => t.app.storage.outbox.count() === 0, 10_000, 'first record delivered');

    expect((await admin(central, `v1/admin/nodes/${NODE}/revocation`, {})).status).toBe(400);
    const revoked = await admin(central, `v1/admin/nodes/${NODE}/revocation`, { reason: '密钥泄露，暂停上传' });
    expect(revoked.status).toBe(200);
    expect(await central.report(NODE)).toMatchObject({ revoked: { reason: '密钥泄露，暂停上传' }, records: 1 });

    t.app.storage.inspections.insertWithOutbox(record(2), 0);
    await until(
      async () => {
        const r = await t.app.web.app.inject({ url: '/readyz' });
        return (r.json() as { reasons: string[] }).reasons.some((x) => x.startsWith('uplink: revoked'))
          ? true
          : undefined;
      },
      10_000,
      'readyz says revoked',
    );
    expect(t.app.storage.outbox.count()).toBe(1);
    const metrics = (await t.app.web.app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('kakou_uplink_problem{problem="revoked"} 1');
    expect((await central.report(NODE))?.records).toBe(1);

    // The machine is trusted again: the administrator registers its (new) key, which lifts the revocation.
    const key = loadOrCreateNodeKey(join(t.dataDir, 'node-key.pem'));
    const back = await admin(central, `v1/admin/nodes/${NODE}/key`, {
      publicKey: key.publicRaw.toString('hex'),
      reason: '核查完毕，恢复上传',
    });
    expect(back.status).toBe(200);
    await until(() => t.app.storage.outbox.count() === 0, 10_000, 'the waiting record delivered');
    expect(await central.report(NODE)).toMatchObject({
      revoked: null,
      records: 2,
      gaps: [],
      chain: { verified: true },
    });
  }, 30_000);

  it('is revoked from the command line with a reason, and listed so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakou-revoke-cli-'));
    const store = ['--data-dir', dir];
    const key = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
    expect((await runCli(['central', 'nodes', 'add', '--id', NODE, '--key', key, ...store])).code).toBe(0);
    const noReason = await runCli(['central', 'nodes', 'revoke', '--id', NODE, ...store]);
    expect(noReason.stderr).toContain('KAKOU_E_API_VALIDATION');
    expect((await runCli(['central', 'nodes', 'revoke', '--id', NODE, '--reason', 'site closed', ...store])).code).toBe(
      0,
    );
    expect((await runCli(['central', 'nodes', 'list', ...store])).stdout).toMatch(/revoked \S+: site closed/);
  }, 30_000);
});
