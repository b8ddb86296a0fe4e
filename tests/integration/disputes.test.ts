import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadProblem } from '../../src/central/validate-payload.js';
import { demoSnapshot } from '../../src/demo/demo-snapshot.js';
import type { SnapRecord } from '../../src/snapshot/format.js';
import { deliverToCentral } from '../support/central.js';
import { truckAtGate } from '../support/messages.js';
import { signedDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;
const PLATE = '浙F3A103';
const TARGET = `vehicle:${PLATE}`;
const now = Date.now();
/** Two penalties on record for the truck, with the platform's ids; `repaired` settles the first. */
const penalties = (first: 'ACTIVE' | 'REPAIRED' | 'UPHELD'): SnapRecord[] =>
  (['EV-PEN-1', 'EV-PEN-2'] as const).map((eventId, i) => ({
    history: {
      ...{ subjectKind: 'VEHICLE' as const, subjectId: PLATE, kind: 'PENALTY' as const, atMs: now - (30 + i) * DAY },
      ...{ deficiencies: 0, detained: false, note: '超载运输', eventId, status: i === 0 ? first : ('ACTIVE' as const) },
    },
  }));

let t: TestApp;
let officer: string;
beforeAll(async () => {
  t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
  await t.app.snapshots.importStream([signedDemoSnapshot(now, {}, penalties('ACTIVE'))], 'test');
  officer = await t.login('officer');
  t.app.ingest.accept(truckAtGate('013800000103', PLATE));
  t.app.targets.flush();
});
afterAll(async () => {
  await t?.close();
});

const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.web.app.inject({ method, url, headers: { cookie: officer }, ...(payload && { payload }) });
const penaltiesOnRecord = () => t.app.credit.vehicle(PLATE, '013800000103', Date.now()).history?.penalties ?? 0;

describe('disputes (异议) against credit entries', () => {
  it("shows a target's entries with their ids and standing, records a dispute, and resolves it when the snapshot repairs the entry", async () => {
    const page = (await call('GET', `/api/v1/targets/${encodeURIComponent(TARGET)}`)).json<{
      entries: Array<{ entryKind: string; entryId: string | null; subjectKind: string; what: string; status: string }>;
    }>();
    const event = page.entries.find((e) => e.entryId === 'EV-PEN-1');
    expect(event).toMatchObject({ entryKind: 'history', what: 'penalty', status: 'active' });
    // The company's black-list entry is the truck's too, with the id the snapshot gave it.
    expect(page.entries.find((e) => e.entryKind === 'list' && e.subjectKind === 'company')?.entryId).toEqual(
      expect.stringContaining('L-company-'),
    );
    const before = penaltiesOnRecord();
    expect(before).toBeGreaterThanOrEqual(2);

    const dispute = {
      targetId: TARGET,
      entryKind: 'history',
      entryId: 'EV-PEN-1',
      officerNote: '当事人出示了处罚撤销决定书',
      subjectStatement: '该处罚已于上月经行政复议撤销',
    };
    const opened = await call('POST', '/api/v1/disputes', dispute);
    expect(opened.statusCode).toBe(201);
    expect(opened.json().dispute).toMatchObject({
      event: 'opened',
      entryStatus: 'active',
      officer: expect.any(String),
    });
    expect((await call('POST', '/api/v1/disputes', dispute)).json().error.code).toBe('KAKOU_E_DISPUTE_OPEN');
    expect((await call('POST', '/api/v1/disputes', { ...dispute, entryId: 'EV-NONE' })).json().error.code).toBe(
      'KAKOU_E_CREDIT_ENTRY_UNKNOWN',
    );
    expect(
      (await call('POST', '/api/v1/disputes', { ...dispute, targetId: 'vehicle:浙F3A104' })).json().error.code,
    ).toBe('KAKOU_E_API_VALIDATION');
    const open = (await call('GET', '/api/v1/disputes?open=true')).json().disputes;
    expect(open).toHaveLength(1);
    const upstreamBefore = await deliverToCentral(t.app.storage.outbox, 'kakou-node');
    expect(upstreamBefore?.open.openDisputes).toBe(1);

    // The platform repairs the entry: the next snapshot says so, the dispute resolves, the penalty stops counting.
    await t.app.snapshots.importStream(
      [signedDemoSnapshot(now, { version: demoSnapshot(now).version + 1 }, penalties('REPAIRED'))],
      'test',
    );
    expect(penaltiesOnRecord()).toBe(before - 1);
    const [settled] = (await call('GET', `/api/v1/disputes?targetId=${encodeURIComponent(TARGET)}`)).json().disputes;
    expect(settled.resolved).toMatchObject({ event: 'resolved', outcome: 'repaired', entryStatus: 'repaired' });
    expect((await call('GET', '/api/v1/disputes?open=true')).json().disputes).toEqual([]);

    const rows = t.app.storage.outbox.peek(10_000).filter((r) => r.kind === 'dispute');
    expect(rows.map((r) => JSON.parse(r.payload).event)).toEqual(['opened', 'resolved']);
    for (const r of rows) {
      expect(r.lane).toBe(0);
      expect(payloadProblem('dispute', r.payload)).toBeNull();
    }
    const upstream = await deliverToCentral(t.app.storage.outbox, 'kakou-node');
    expect(upstream?.byKind.dispute).toBe(2);
    expect(upstream?.open.openDisputes).toBe(0);
  });
});
