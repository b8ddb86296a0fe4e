import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Receiver } from '../../src/central/receiver.js';
import { systemClock } from '../../src/clock.js';
import { Batch, Registration, SignedBatch } from '../../src/sync/contract.js';
import { signBytes } from '../../src/sync/signing.js';
import { TestChain } from '../support/chain.js';
import { startCentral, type TestCentral } from '../support/central.js';
import { golden } from '../support/payloads.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

/**
 * A request the central refuses whole, for good, must not block the queue: the node halves the
 * batch until the record it cannot take stands alone, dead-letters and retires that one, and the
 * rest flows on. A refusal that is not the central's own word (a proxy's page) is retried instead.
 */
const FAST = { minBackoffMs: 20, maxBackoffMs: 200, probeMs: 20, requestTimeoutMs: 2000 };
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** Forwards to the central, but answers `status` (with `body`) to any batch carrying a payload with `poison`. */
async function poisoningProxy(central: TestCentral, poison: string, status: number, body: string): Promise<string> {
  const server: Server = createServer((req, res) => {
    req.on('error', () => undefined);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (req.url?.startsWith('/v1/uplink')) {
        const batch = Batch.decode(SignedBatch.decode(raw).batch);
        if (batch.records.some((r) => Buffer.from(r.payload).toString('utf8').includes(poison))) {
          res.writeHead(status, { 'content-type': 'application/json' }).end(body);
          return;
        }
      }
      const up = request(
        { host: '127.0.0.1', port: central.port, method: req.method, path: req.url, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      // The central going away mid-request (at the test's end) is an outage to the node, not an error here.
      up.on('error', () => res.destroy());
      up.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function nodeSending(nodeId: string, url: string): Promise<TestApp> {
  const t = await createTestApp({
    node: { id: nodeId },
    mqtt: { url: 'mqtt://127.0.0.1:1' },
    sync: { centralUrl: url, batchSize: 8, ...FAST },
  });
  closers.push(() => t.close());
  return t;
}

function alarms(t: TestApp, nodeId: string, n: number, poisonAt: number): void {
  for (let i = 0; i < n; i++)
    t.app.storage.outbox.append({
      kind: 'alarm',
      idempotencyKey: `${nodeId}:alarm:${i}`,
      lane: 1,
      payload: JSON.stringify(
        golden('alarm', { id: `${i}`, alarmId: `a${i}`, nodeId, note: i === poisonAt ? 'POISON' : 'ok' }),
      ),
      createdAtMs: Date.now(),
    });
}

describe('a whole request refused for good', () => {
  it('narrows the batch to the one record, retires it, and delivers the rest', async () => {
    const central = await startCentral();
    closers.push(() => central.close());
    const url = await poisoningProxy(
      central,
      'POISON',
      400,
      '{"error":{"code":"KAKOU_E_SYNC_BAD_BATCH","message":"cannot read","details":[]}}',
    );
    const t = await nodeSending('node-poison', url);
    alarms(t, 'node-poison', 20, 13);
    await t.app.start();
    t.app.events.emit('outbox-changed', { seq: 0 });
    await until(() => t.app.storage.outbox.count() === 0, 10_000, 'the queue drained past the refused record');
    const dead = t.app.storage.outbox.deadLetters();
    expect(dead.map((d) => ({ seq: d.seq, code: d.code, retired: d.retiredAtMs !== null }))).toEqual([
      { seq: 14, code: 'KAKOU_E_SYNC_BAD_BATCH', retired: true },
    ]);
    const report = await central.report('node-poison');
    expect(report).toMatchObject({ records: 20, gaps: [], chain: { verified: true }, rejected: 0 });
    expect(report?.retired).toEqual([
      { seq: 14, kind: 'alarm', reason: expect.stringContaining('KAKOU_E_SYNC_BAD_BATCH') },
    ]);
  });

  it('retries, not dead-letters, a lone record refused by something that is not the central (no Kakou code)', async () => {
    const central = await startCentral();
    closers.push(() => central.close());
    const url = await poisoningProxy(central, 'POISON', 413, '{"message":"Request Entity Too Large"}');
    const t = await nodeSending('node-proxy', url);
    alarms(t, 'node-proxy', 4, 2);
    await t.app.start();
    t.app.events.emit('outbox-changed', { seq: 0 });
    const cookie = await t.login();
    await until(
      async () => {
        const { sync } = (await t.app.web.app.inject({ url: '/api/v1/status', headers: { cookie } })).json();
        return sync.failures >= 2 && /413/.test(sync.lastError) ? true : undefined;
      },
      10_000,
      'the refused record retried with backoff',
    );
    // Nothing was given up: the refused record and those behind it wait, as in an outage.
    expect(t.app.storage.outbox.peek(10).some((r) => r.payload.includes('POISON'))).toBe(true);
    expect(t.app.storage.outbox.deadLetters()).toEqual([]);
  });
});

describe("the central's health probe", () => {
  it('says uplink is accepted only while the store answers', async () => {
    const central = await startCentral();
    const ok = await fetch(new URL('healthz', central.url));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'alive', uplink: 'accepting' });
    await central.store.close();
    const down = await fetch(new URL('healthz', central.url));
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ uplink: 'unavailable' });
    await central.app.close();
  });
});

describe('versions and kinds a central does not know', () => {
  it('refuses a batch or registration of a protocol version it does not speak, and answers the versions it does', async () => {
    const central = await startCentral();
    closers.push(() => central.close());
    const node = new TestChain('node-v2', '3c'.repeat(32));
    node.add();
    const receiver = new Receiver(central.store, systemClock, pino({ level: 'silent' }), { trustOnFirstUse: true });
    const registration = { nodeId: 'node-v2', publicKey: node.publicRaw, name: 'v2' };
    await expect(receiver.register({ ...registration, protocolVersion: 2 })).rejects.toMatchObject({
      code: 'KAKOU_E_SYNC_VERSION',
    });
    const answer = await fetch(new URL('v1/nodes', central.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: Buffer.from(Registration.encode({ ...registration, protocolVersion: 1 })),
    });
    expect(await answer.json()).toEqual({ nodeId: 'node-v2', outcome: 'created', protocolVersions: [1] });
    await receiver.register({ ...registration, protocolVersion: 1, utcOffset: '+07:00' });
    expect((await central.report('node-v2'))?.timeZone).toMatchObject({ utcOffsetMinutes: 420, statedByNode: true });
    const batch = Batch.encode({
      nodeId: 'node-v2',
      batchSeq: 1,
      sentAtMs: 0,
      records: node.records,
      protocolVersion: 2,
    });
    await expect(
      receiver.receive(SignedBatch.encode({ batch, signature: signBytes(node.privateKey, batch), keyId: node.keyId })),
    ).rejects.toMatchObject({ code: 'KAKOU_E_SYNC_VERSION' });
    // A node from before versioning sends none: read as version 1.
    const legacy = Batch.encode({ nodeId: 'node-v2', batchSeq: 2, sentAtMs: 0, records: node.records });
    const ack = await receiver.receive(
      SignedBatch.encode({ batch: legacy, signature: signBytes(node.privateKey, legacy), keyId: node.keyId }),
    );
    expect(ack.accepted).toEqual([1]);
  });

  it('refuses a kind it does not know with a code the node keeps the record for, not retires', async () => {
    const central = await startCentral();
    closers.push(() => central.close());
    const t = await nodeSending('node-kind', central.url);
    t.app.storage.outbox.append({
      kind: 'weather-report',
      idempotencyKey: 'node-kind:weather-report:1',
      lane: 1,
      payload: '{"windMs": 12}',
      createdAtMs: Date.now(),
    });
    await t.app.start();
    t.app.events.emit('outbox-changed', { seq: 0 });
    await until(() => t.app.storage.outbox.deadLetters().length === 1, 10_000, 'the unknown kind refused');
    expect(t.app.storage.outbox.deadLetters()[0]).toMatchObject({ code: 'KAKOU_E_SYNC_KIND', retiredAtMs: null });
  });
});
