import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { centralNodeKey, centralTransport, createReviewPoller } from '../../src/sync/create-sync.js';
import { startCentral } from '../support/central.js';
import { createTestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { inspectionRecord } from '../support/inspection-record.js';

/**
 * A reviewer at the central refuses an inspection record after review; the node reads the verdict
 * back, shows it until an officer answers with a correction, and the central sees the answer.
 */
const NODE = 'node-reviewed';
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const record = inspectionRecord(NODE, 401, { tierAtDecision: 'must-inspect', scoreAtDecision: 80 });

describe('reviews flowing back from the central', () => {
  it('a refusal reaches the node, waits on the terminal, and a correction answers it at both ends', async () => {
    const central = await startCentral();
    open.push(central);
    const t = await createTestApp({
      node: { id: NODE },
      sync: { centralUrl: central.url, minBackoffMs: 20, maxBackoffMs: 100, probeMs: 20 },
      mqtt: { url: 'mqtt://127.0.0.1:1' },
    });
    open.push(t);
    await t.app.start();
    t.app.storage.inspections.insertWithOutbox(record, 0);
    await until(() => t.app.storage.outbox.count() === 0, 10_000, 'record delivered');
    const key = `${NODE}:inspection:${record.id}`;
    const seq = (await central.store.seqsByKey(NODE, [key])).get(key) as number;

    const admin = (path: string, body: object) =>
      fetch(new URL(path, central.url), {
        method: 'POST',
        headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await admin(`v1/admin/nodes/${NODE}/records/${seq}/review`, { outcome: 'maybe', reason: '' });
    expect(bad.status).toBe(400);
    expect((await admin(`v1/admin/nodes/${NODE}/records/999/review`, review())).status).toBe(404);
    const made = await admin(`v1/admin/nodes/${NODE}/records/${seq}/review`, review());
    expect(made.status).toBe(201);
    // Another node cannot read this node's reviews; an unsigned request neither.
    expect((await fetch(new URL(`v1/nodes/${NODE}/reviews`, central.url))).status).toBe(401);

    const poller = createReviewPoller(
      t.app.config,
      t.app.storage,
      systemClock,
      pino({ level: 'silent' }),
      centralTransport(t.app.config, {}),
      centralNodeKey(t.app.config),
    );
    open.push({ close: async () => poller?.stop() });
    poller?.start();
    await until(() => t.app.storage.reviews.list().length === 1, 10_000, 'review read back');
    const cookie = await t.login('supervisor');
    const shown = async () =>
      (await t.app.web.app.inject({ url: '/api/v1/sync/reviews', headers: { cookie } })).json().reviews;
    expect(await shown()).toEqual([
      expect.objectContaining({
        seq,
        inspectionId: record.id,
        targetId: record.targetId,
        outcome: 'refused',
        reason: '缺少现场照片',
        standing: true,
        answeredBy: null,
      }),
    ]);
    expect(t.app.storage.reviews.open()).toBe(1);
    expect((await central.report(NODE))?.reviews.open).toHaveLength(1);

    const corrected = await t.app.web.app.inject({
      method: 'POST',
      url: `/api/v1/inspections/${record.id}/corrections`,
      headers: { cookie },
      payload: { reason: '按中心复核意见补记', notes: '已补拍照片' },
    });
    expect(corrected.statusCode).toBe(201);
    const correction = corrected.json().inspection.id as string;
    expect((await shown())[0]).toMatchObject({ answeredBy: correction });
    expect(t.app.storage.reviews.open()).toBe(0);
    await until(async () => (await central.report(NODE))?.reviews.open.length === 0, 10_000, 'central sees the answer');
  }, 30_000);
});

function review() {
  return { outcome: 'refused', reason: '缺少现场照片', reviewer: '省中心 李审核' };
}
