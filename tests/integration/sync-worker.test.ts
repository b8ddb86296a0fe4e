import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDemoSnapshot } from '../support/snapshots.js';
import { startCentral } from '../support/central.js';
import { freePort } from '../support/ports.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { truckAtGate } from '../support/messages.js';
import { golden } from '../support/payloads.js';

const FAST = { minBackoffMs: 20, maxBackoffMs: 200, probeMs: 20, requestTimeoutMs: 2000 };

async function nodeWithTarget(overrides: Record<string, unknown>, dataDir?: string): Promise<TestApp> {
  const t = await createTestApp({
    mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 60_000 },
    ...overrides,
    ...(dataDir && { storage: { dataDir } }),
  });
  // A restarted node keeps the snapshot it had; only a fresh one needs importing.
  if (!t.app.snapshots.meta()) await importDemoSnapshot(t.app);
  t.app.ingest.accept(truckAtGate('013800000101', '浙F3A101'));
  t.app.targets.flush();
  return t;
}

async function inspect(t: TestApp, cookie: string): Promise<string> {
  const res = await t.app.web.app.inject({
    method: 'POST',
    url: '/api/v1/inspections',
    headers: { cookie },
    payload: { targetId: 'vehicle:浙F3A101', result: 'no-defects', action: 'release', defects: [] },
  });
  expect(res.statusCode).toBe(201);
  return res.json().inspection.id as string;
}

describe('outbox worker against the reference central over HTTP', () => {
  it('delivers inspection records, removes them from the outbox only when acknowledged, and the chain verifies', async () => {
    const central = await startCentral();
    const t = await nodeWithTarget({ node: { id: 'node-a' }, sync: { centralUrl: central.url, ...FAST } });
    try {
      await t.app.start();
      const cookie = await t.login('officer');
      const ids = [];
      for (let i = 0; i < 25; i++) ids.push(await inspect(t, cookie));
      await until(() => t.app.storage.outbox.count() === 0);
      const keys = await central.store.countByKey('node-a');
      expect([...keys.keys()].filter((k) => k.includes(':inspection:')).sort()).toEqual(
        ids.map((id) => `node-a:inspection:${id}`).sort(),
      );
      expect([...keys.values()].every((n) => n === 1)).toBe(true);
      // The target's decision and the shift's commitment travel the same chain, in lane 1.
      expect([...keys.keys()].some((k) => k.startsWith('node-a:decision:'))).toBe(true);
      expect([...keys.keys()].some((k) => k.startsWith('node-a:shift-commitment:'))).toBe(true);
      expect(await central.report('node-a')).toMatchObject({ records: keys.size, gaps: [], chain: { verified: true } });
      const metrics = (await t.app.web.app.inject({ url: '/metrics' })).body;
      expect(metrics).toContain('kakou_outbox_acked_total{lane="0"} 25');
    } finally {
      await t.close();
      await central.close();
    }
  });

  it('dead-letters a record the central refuses for good, retires it with a tombstone, and keeps the chain whole', async () => {
    const central = await startCentral();
    const t = await nodeWithTarget({ node: { id: 'node-b' }, sync: { centralUrl: central.url, ...FAST } });
    try {
      t.app.storage.outbox.append({
        kind: 'inspection',
        idempotencyKey: 'node-b:inspection:broken',
        lane: 0,
        payload: '{"id":"broken"}',
        createdAtMs: Date.now(),
      });
      await t.app.start();
      const cookie = await t.login('officer');
      await inspect(t, cookie);
      await until(() => t.app.storage.outbox.count() === 0);
      const admin = await t.login('admin');
      const list = (await t.app.web.app.inject({ url: '/api/v1/sync/dead-letters', headers: { cookie: admin } })).json()
        .deadLetters;
      expect(list).toMatchObject([
        { code: 'KAKOU_E_SYNC_PAYLOAD', idempotencyKey: 'node-b:inspection:broken', retiredAt: expect.any(String) },
      ]);
      const seq = list[0].seq as number;
      // The record is kept on the node; the central has its tombstone, says why, and the chain runs on.
      expect(t.app.storage.outbox.deadLetters()[0]?.payload).toBe('{"id":"broken"}');
      await until(
        async () => (await central.report('node-b'))?.highestContiguousSeq === t.app.storage.outbox.chainHead().seq,
      );
      const report = await central.report('node-b');
      expect(report).toMatchObject({
        gaps: [],
        retired: [{ seq, kind: 'inspection', reason: expect.stringContaining('KAKOU_E_SYNC_PAYLOAD') }],
        chain: { verified: true },
      });
      const retry = await t.app.web.app.inject({
        method: 'POST',
        url: `/api/v1/sync/dead-letters/${seq}/retry`,
        headers: { cookie: admin },
      });
      expect(retry.json().error.code).toBe('KAKOU_E_API_NOT_FOUND');
    } finally {
      await t.close();
      await central.close();
    }
  });

  it('lets an admin retry a dead letter the central may yet accept, or retire it with a reason', async () => {
    const central = await startCentral();
    const t = await nodeWithTarget({ node: { id: 'node-r' }, sync: { centralUrl: central.url, ...FAST } });
    try {
      // Refusals from an earlier run that a resend might overcome wait for an administrator.
      const a = t.app.storage.outbox.append({
        kind: 'alarm',
        idempotencyKey: 'node-r:alarm:a',
        lane: 1,
        payload: JSON.stringify(
          golden('alarm', {
            id: 'a-raised',
            alarmId: 'a',
            nodeId: 'node-r',
            targetId: 'vehicle:浙F3A111',
            at: new Date().toISOString(),
          }),
        ),
        createdAtMs: Date.now(),
      });
      const b = t.app.storage.outbox.append({
        kind: 'alarm',
        idempotencyKey: 'node-r:alarm:b',
        lane: 1,
        payload: JSON.stringify(
          golden('alarm', {
            id: 'b-raised',
            alarmId: 'b',
            nodeId: 'node-r',
            targetId: 'vehicle:浙F3A111',
            at: new Date().toISOString(),
          }),
        ),
        createdAtMs: Date.now(),
      });
      t.app.storage.outbox.deadLetter(a.seq, 'KAKOU_E_SYNC_CHAIN', 'prev_hash does not match', Date.now());
      t.app.storage.outbox.deadLetter(b.seq, 'KAKOU_E_SYNC_CONFLICT', 'a different record is stored', Date.now());
      await t.app.start();
      const cookie = await t.login('officer');
      const admin = await t.login('admin');
      const byOfficer = await t.app.web.app.inject({
        method: 'POST',
        url: `/api/v1/sync/dead-letters/${a.seq}/retry`,
        headers: { cookie },
      });
      expect(byOfficer.json().error.code).toBe('KAKOU_E_AUTH_FORBIDDEN');
      expect(
        (
          await t.app.web.app.inject({
            method: 'POST',
            url: `/api/v1/sync/dead-letters/${a.seq}/retry`,
            headers: { cookie: admin },
          })
        ).statusCode,
      ).toBe(200);
      const retire = await t.app.web.app.inject({
        method: 'POST',
        url: `/api/v1/sync/dead-letters/${b.seq}/retire`,
        headers: { cookie: admin },
        payload: { reason: 'duplicate of a record restored from backup' },
      });
      expect(retire.statusCode).toBe(200);
      await until(() => t.app.storage.outbox.count() === 0);
      await until(
        async () => (await central.report('node-r'))?.highestContiguousSeq === t.app.storage.outbox.chainHead().seq,
      );
      const report = await central.report('node-r');
      expect(report).toMatchObject({
        gaps: [],
        retired: [{ seq: b.seq, reason: expect.stringContaining('restored from backup') }],
        chain: { verified: true },
      });
    } finally {
      await t.close();
      await central.close();
    }
  });

  it('drains a backlog by itself after a restart while the central was down', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'kakou-offline-'));
    const url = `http://127.0.0.1:${port}/`;
    const first = await nodeWithTarget({ node: { id: 'node-c' }, sync: { centralUrl: url, ...FAST } }, dataDir);
    await first.app.start();
    const cookie = await first.login('officer');
    for (let i = 0; i < 10; i++) await inspect(first, cookie);
    // The inspections move the target's burden cap: flush() rescores it now and stores the new
    // decision before the count (a background rescore would leave it waiting to share a transaction).
    first.app.targets.flush();
    const backlog = first.app.storage.outbox.count();
    expect(backlog).toBeGreaterThanOrEqual(10);
    await first.app.stop();

    const second = await nodeWithTarget({ node: { id: 'node-c' }, sync: { centralUrl: url, ...FAST } }, dataDir);
    await second.app.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(second.app.storage.outbox.count()).toBe(backlog);
    const central = await startCentral(port);
    try {
      await until(() => second.app.storage.outbox.count() === 0);
      expect(await central.report('node-c')).toMatchObject({ records: backlog, gaps: [], chain: { verified: true } });
    } finally {
      await second.close();
      await central.close();
    }
  });

  it('sends inspection records before queued telemetry, and evicts telemetry, never inspections, past the budget', async () => {
    const t = await nodeWithTarget({ node: { id: 'node-d' } });
    try {
      const o = t.app.storage.outbox;
      for (let i = 0; i < 5; i++)
        o.append({
          kind: 'telemetry',
          idempotencyKey: `node-d:telemetry:${i}`,
          lane: 2,
          payload: JSON.stringify({ i, pad: 'x'.repeat(1000) }),
          createdAtMs: Date.now(),
        });
      o.append({
        kind: 'alarm',
        idempotencyKey: 'node-d:alarm:1',
        lane: 1,
        payload: JSON.stringify(
          golden('alarm', {
            id: '1-raised',
            alarmId: '1',
            nodeId: 'node-d',
            alarm: 'rollover',
            at: new Date().toISOString(),
          }),
        ),
        createdAtMs: Date.now(),
      });
      const cookie = await t.login('officer');
      await inspect(t, cookie);
      const order = o.peek(100);
      expect(order[0]?.kind).toBe('inspection');
      expect(order.map((r) => r.lane)).toEqual([...order.map((r) => r.lane)].sort());
      expect(order.filter((r) => r.lane === 1).map((r) => r.kind)).toContain('alarm');
      const telemetry = order.filter((r) => r.kind === 'telemetry').map((r) => r.seq);
      expect(o.evictTelemetry(2500)).toBe(3);
      const rows = o.peek(100);
      expect(rows.filter((r) => r.evicted).map((r) => r.seq)).toEqual(telemetry.slice(0, 3));
      expect(rows.filter((r) => r.lane < 2).every((r) => !r.evicted && r.payload.length > 0)).toBe(true);
    } finally {
      await t.close();
    }
  });
});
