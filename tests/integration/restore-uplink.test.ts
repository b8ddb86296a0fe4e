import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Receiver } from '../../src/central/receiver.js';
import { systemClock } from '../../src/clock.js';
import { Batch, SignedBatch } from '../../src/sync/contract.js';
import { loadOrCreateNodeKey } from '../../src/sync/node-key.js';
import { toWire } from '../../src/sync/outbox-worker.js';
import { signBytes } from '../../src/sync/signing.js';
import { startCentral, type TestCentral } from '../support/central.js';
import { runCli } from '../support/cli.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { matchesReportSchema } from '../support/payloads.js';
import { inspectionRecord } from '../support/inspection-record.js';

const NODE = 'node-restore';
const apps: TestApp[] = [];
const centrals: TestCentral[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const c of centrals.splice(0)) await c.close();
});

const record = (n: number) => inspectionRecord(NODE, n);

function configFor(dataDir: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kakou-cfg-')), 'kakou.json');
  writeFileSync(file, JSON.stringify({ node: { id: NODE }, storage: { dataDir } }));
  return file;
}

const fastSync = (url: string) => ({ centralUrl: url, minBackoffMs: 20, maxBackoffMs: 200, probeMs: 20 });

/** A node whose central is out of reach: it records, and the test decides what reaches the central. */
async function offlineNode(): Promise<TestApp> {
  const a = await createTestApp({
    node: { id: NODE },
    sync: fastSync('http://127.0.0.1:1/'),
    mqtt: { url: 'mqtt://127.0.0.1:1' },
  });
  apps.push(a);
  return a;
}

/** Delivers the node's outbox rows with these sequence numbers to the central, signed with the node's key. */
async function deliver(central: TestCentral, a: TestApp, seqs: number[]): Promise<void> {
  const key = loadOrCreateNodeKey(join(a.dataDir, 'node-key.pem'));
  const receiver = new Receiver(central.store, systemClock, pino({ level: 'silent' }), { trustOnFirstUse: true });
  await receiver.register({ nodeId: NODE, publicKey: key.publicRaw, name: NODE });
  const rows = a.app.storage.outbox.peek(1000).filter((r) => seqs.includes(r.seq));
  const batch = Batch.encode({ nodeId: NODE, batchSeq: 1, sentAtMs: Date.now(), records: rows.map(toWire) });
  const ack = await receiver.receive(
    SignedBatch.encode({ batch, signature: signBytes(key.privateKey, batch), keyId: key.keyId }),
  );
  expect(ack.rejected).toEqual([]);
}

async function backupAndRestore(a: TestApp): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'kakou-bak-')), 'b');
  const backup = await runCli(['backup', '--config', configFor(a.dataDir), '--out', out, '--without-key']);
  expect(backup.code, backup.stderr).toBe(0);
  return out;
}

/** Restores onto a new disk (the key copied by hand: these tests are about the chain) and starts the node. */
async function restoreAndStart(from: string, lost: TestApp, central: TestCentral, before?: (b: TestApp) => void) {
  const fresh = mkdtempSync(join(tmpdir(), 'kakou-newdisk-'));
  const restore = await runCli(['restore', '--config', configFor(fresh), '--from', from]);
  expect(restore.code, restore.stderr).toBe(0);
  writeFileSync(
    join(fresh, 'node-key.pem'),
    await import('node:fs').then((fs) => fs.readFileSync(join(lost.dataDir, 'node-key.pem'))),
    { mode: 0o600 },
  );
  await lost.app.stop();
  const b = await createTestApp({
    node: { id: NODE },
    sync: fastSync(central.url),
    storage: { dataDir: fresh },
    mqtt: { url: 'mqtt://127.0.0.1:1' },
  });
  apps.push(b);
  before?.(b);
  await b.app.start();
  return b;
}

describe('a node restored from a backup continues its uplink chain after the central', () => {
  it('when the lost node went on after the backup: a marker after the central head, nothing re-sent, nothing dead-lettered', async () => {
    const central = await startCentral();
    centrals.push(central);
    const a = await offlineNode();
    a.app.storage.inspections.insertWithOutbox(record(1), 0);
    await deliver(central, a, [1]);
    const from = await backupAndRestore(a);
    // After the backup the lost node made two more records, which reached the central.
    a.app.storage.inspections.insertWithOutbox(record(2), 0);
    a.app.storage.inspections.insertWithOutbox(record(3), 0);
    await deliver(central, a, [2, 3]);

    // The restored node records before it reaches the central: that record is renumbered after the marker.
    const b = await restoreAndStart(from, a, central, (b) => b.app.storage.inspections.insertWithOutbox(record(4), 0));
    await until(() => b.app.storage.outbox.count() === 0, 10_000, 'the restored node drained its outbox');

    const report = await central.report(NODE);
    expect(report).toMatchObject({
      records: 5,
      maxSeq: 5,
      highestContiguousSeq: 5,
      gaps: [],
      knownGaps: [],
      rejected: 0,
      chain: { verified: true },
      restores: [{ seq: 4, backupHeadSeq: 1, centralHighestSeq: 3, lost: [] }],
    });
    expect(b.app.storage.outbox.deadLetters()).toEqual([]);
    // The node stated its site's time zone when it registered: lateness counts its calendar days.
    expect(report?.timeZone).toMatchObject({ utcOffsetMinutes: 480, statedByNode: true });
    const stored = await central.store.record(NODE, 5);
    expect(JSON.parse(stored?.payload ?? '{}')).toMatchObject({ id: record(4).id });
    // The record's printed hash is the one the central holds.
    expect(b.app.storage.inspections.recordHash(record(4).id)).toBe(stored?.hash.toString('hex'));
    expect(b.app.storage.chainAnchor.pending()).toBeNull();
  }, 30_000);

  it("reports the records lost with the node's disk as a known gap with its reason", async () => {
    const central = await startCentral();
    centrals.push(central);
    const a = await offlineNode();
    a.app.storage.inspections.insertWithOutbox(record(1), 0);
    await deliver(central, a, [1]);
    const from = await backupAndRestore(a);
    a.app.storage.inspections.insertWithOutbox(record(2), 0);
    a.app.storage.inspections.insertWithOutbox(record(3), 0);
    // Record 2 never reached the central before the disk was lost; record 3 did.
    await deliver(central, a, [3]);

    const b = await restoreAndStart(from, a, central);
    await until(async () => (await central.report(NODE))?.maxSeq === 4, 10_000, 'the restore marker arrived');
    const report = await central.report(NODE);
    expect(report?.gaps).toEqual([]);
    expect(report?.knownGaps).toEqual([{ from: 2, to: 2, markerSeq: 4, reason: expect.stringContaining('restored') }]);
    expect(report?.restores).toEqual([expect.objectContaining({ seq: 4, lost: [{ from: 2, to: 2 }] })]);
    expect(report?.rejected).toBe(0);
    expect(b.app.storage.outbox.deadLetters()).toEqual([]);
    expect(await matchesReportSchema(report)).toBe(true);
  }, 30_000);

  it('when the central is behind the backup: what it holds is not sent again, the rest goes up, then the marker', async () => {
    const central = await startCentral();
    centrals.push(central);
    const a = await offlineNode();
    a.app.storage.inspections.insertWithOutbox(record(1), 0);
    a.app.storage.inspections.insertWithOutbox(record(2), 0);
    await deliver(central, a, [1]);
    const from = await backupAndRestore(a);

    const b = await restoreAndStart(from, a, central);
    await until(() => b.app.storage.outbox.count() === 0, 10_000, 'the restored node drained its outbox');
    const status = (await b.app.web.app.inject({ url: '/api/v1/status', headers: { cookie: await b.login() } })).json();
    // Seq 2 and the marker: seq 1, which the central held, was not sent again.
    expect(status.sync.acked).toBe(2);
    expect(await central.report(NODE)).toMatchObject({
      records: 3,
      gaps: [],
      chain: { verified: true },
      restores: [{ seq: 3, backupHeadSeq: 2, centralHighestSeq: 1, lost: [] }],
    });
  }, 30_000);
});
