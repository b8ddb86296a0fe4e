import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { CentralRefill } from '../../src/sync/central-refill.js';
import { centralBase, centralTransport, signedReadHeaders } from '../../src/sync/create-sync.js';
import type { HttpTransport } from '../../src/sync/http-transport.js';
import { loadOrCreateNodeKey } from '../../src/sync/node-key.js';
import { UplinkClient } from '../../src/sync/uplink-client.js';
import { startCentral, type TestCentral } from '../support/central.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { inspectionRecord } from '../support/inspection-record.js';

/**
 * A central restored from an older backup holds less than it acknowledged: the node notices (in
 * an acknowledgement, or while idle) and sends again from its archive what the central lost,
 * photos included, until the central's chain is whole again.
 */
const NODE = 'node-refill';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const record = (n: number) => inspectionRecord(NODE, n);

/** The central on a fixed port and folder, so it can be stopped, set back to a backup and started again. */
class RestorableCentral {
  private central: TestCentral | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'kakou-refill-central-'));
  port = 0;

  async start(): Promise<TestCentral> {
    this.central = await startCentral(this.port, this.dir);
    this.port = this.central.port;
    return this.central;
  }

  get now(): TestCentral {
    return this.central as TestCentral;
  }

  async backup(to: string): Promise<void> {
    await this.central?.close();
    copyFileSync(join(this.dir, 'central.db'), to);
    await this.start();
  }

  /** Stops, puts the database back to `from` (its WAL gone with it), starts again. */
  async restore(from: string): Promise<void> {
    await this.central?.close();
    for (const f of ['central.db-wal', 'central.db-shm']) rmSync(join(this.dir, f), { force: true });
    copyFileSync(from, join(this.dir, 'central.db'));
    await this.start();
  }

  async close(): Promise<void> {
    await this.central?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function site(central: RestorableCentral): Promise<TestApp> {
  const a = await createTestApp({
    node: { id: NODE },
    sync: { centralUrl: `http://127.0.0.1:${central.port}/`, minBackoffMs: 20, maxBackoffMs: 200, probeMs: 20 },
    mqtt: { url: 'mqtt://127.0.0.1:1' },
  });
  open.push(a);
  await a.app.start();
  return a;
}

const drained = (a: TestApp, central: RestorableCentral, seq: number) =>
  until(
    async () => a.app.storage.outbox.count() === 0 && (await central.now.report(NODE))?.highestContiguousSeq === seq,
    15_000,
    `the central holds 1..${seq}`,
  );

describe('a central restored from an older backup', () => {
  it('is refilled by the node: the acknowledgement that went back starts it, photos go again too', async () => {
    const central = new RestorableCentral();
    open.push(central);
    await central.start();
    const a = await site(central);
    const cookie = await a.login('supervisor');
    for (const n of [1, 2, 3]) a.app.storage.inspections.insertWithOutbox(record(n), 0);
    const head = () => a.app.storage.outbox.chainHead().seq;
    await drained(a, central, head());
    const older = join(central.dir, 'older.db');
    await central.backup(older);

    // After the backup: more inspections and a photo, all acknowledged by the central.
    for (const n of [4, 5]) a.app.storage.inspections.insertWithOutbox(record(n), 0);
    const photo = await a.app.web.app.inject({
      method: 'POST',
      url: `/api/v1/inspections/${record(5).id}/photos`,
      headers: { cookie },
      payload: { contentType: 'image/png', dataBase64: PNG.toString('base64') },
    });
    expect(photo.statusCode).toBe(201);
    const sha = createHash('sha256').update(PNG).digest('hex');
    await drained(a, central, head());
    await until(async () => (await central.now.store.photos.state(sha)).stored, 15_000, 'photo stored');
    const before = head();

    await central.restore(older);
    expect((await central.now.report(NODE))?.highestContiguousSeq).toBeLessThan(before);
    expect((await central.now.store.photos.state(sha)).stored).toBe(false);
    // The next record's acknowledgement shows the central's watermark went back.
    a.app.storage.inspections.insertWithOutbox(record(6), 0);
    await drained(a, central, head());
    const report = await central.now.report(NODE);
    expect(report).toMatchObject({ gaps: [], chain: { verified: true }, rejected: 0, highestContiguousSeq: head() });
    await until(async () => (await central.now.store.photos.state(sha)).stored, 15_000, 'photo stored again');
    const metrics = await (await a.app.web.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/kakou_uplink_refilled_records_total\{outcome="requeued"\} [1-9]/);
    expect(metrics).toMatch(/kakou_uplink_refilled_records_total\{outcome="unrecoverable"\} 0/);
    expect(a.app.storage.outbox.deadLetters()).toEqual([]);
  }, 60_000);

  it('is noticed by an idle node reading the watermark, and what is past the archive is counted lost', async () => {
    const central = new RestorableCentral();
    open.push(central);
    await central.start();
    const a = await site(central);
    for (const n of [1, 2]) a.app.storage.inspections.insertWithOutbox(record(n), 0);
    await drained(a, central, a.app.storage.outbox.chainHead().seq);
    const older = join(central.dir, 'older.db');
    await central.backup(older);
    for (const n of [3, 4, 5]) a.app.storage.inspections.insertWithOutbox(record(n), 0);
    await drained(a, central, a.app.storage.outbox.chainHead().seq);
    const head = a.app.storage.outbox.chainHead().seq;
    await central.restore(older);
    const kept = (await central.now.report(NODE))?.highestContiguousSeq as number;
    // Past sync.refillDays the archive forgets; here the oldest lost record is gone from it.
    const db = new Database(join(a.dataDir, 'kakou.db'));
    db.pragma('busy_timeout = 5000');
    db.prepare('DELETE FROM delivered WHERE seq = ?').run(kept + 1);
    db.close();

    const config = a.app.config;
    const key = loadOrCreateNodeKey(join(a.dataDir, 'node-key.pem'));
    const client = new UplinkClient(centralBase(config), 5_000, centralTransport(config, {}) as HttpTransport);
    const outcomes: Array<{ requeued: number; unrecoverable: number }> = [];
    const refill = new CentralRefill(
      a.app.storage.delivered,
      NODE,
      signedReadHeaders(NODE, key, systemClock),
      systemClock,
      pino({ level: 'silent' }),
      (o) => outcomes.push(o),
      0,
    );
    await refill.checkIdle(client);
    expect(outcomes).toEqual([{ requeued: head - kept - 1, unrecoverable: 1 }]);
    // The running node sends what was requeued; the one record past the archive stays a gap.
    await until(
      async () => (await central.now.report(NODE))?.maxSeq === head && a.app.storage.outbox.count() === 0,
      15_000,
      'the refill delivered',
    );
    expect(await central.now.report(NODE)).toMatchObject({
      gaps: [{ from: kept + 1, to: kept + 1 }],
      highestContiguousSeq: kept,
      rejected: 0,
    });
  }, 60_000);
});
