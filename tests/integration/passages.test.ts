import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadProblem } from '../../src/central/validate-payload.js';
import { ManualClock } from '../../src/clock.js';
import { verifyDraws } from '../../src/scoring/verify-draws.js';
import { ROAD_LINE, truckAt } from '../support/messages.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// A north-south line across an east-west road; trucks drive east across it and come back west.
const LAT = ROAD_LINE.lat;
const clock = new ManualClock(Date.now());
let t: TestApp;
let officer: string;
let supervisor: string;
beforeAll(async () => {
  t = await createTestApp(
    {
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      site: ROAD_LINE.site,
      checkpoint: { gate: ROAD_LINE.gate, passageRearmM: 500 },
    },
    clock,
  );
  await importDemoSnapshot(t.app);
  officer = await t.login('officer');
  supervisor = await t.login('supervisor');
});
afterAll(async () => {
  await t?.close();
});

const drive = (terminal: string, plate: string, lon: number, heading = 90) => {
  clock.set(clock.now() + 30_000); // a truck at road speed between reports
  t.app.ingest.accept(truckAt(terminal, plate, { lat: LAT, lon, heading, kmh: 50 }));
  t.app.targets.flush();
};
const call = async (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) => {
  const res = await t.app.web.app.inject({ method, url, headers: { cookie }, ...(payload && { payload }) });
  t.app.targets.flush();
  return res;
};
const target = (id: string) => t.app.targets.list().find((x) => x.id === id);
const passageOf = async (id: string) => {
  const { targets } = (await call('GET', '/api/v1/targets', officer)).json<{
    targets: Array<{
      id: string;
      tier: string;
      capacity: string | null;
      passage: { id: string; status: string; closedAt: string | null };
    }>;
  }>();
  return targets.find((x) => x.id === id);
};
const passageRecords = () =>
  t.app.storage.outbox
    .peek(10_000)
    .filter((r) => r.kind === 'passage')
    .map((r) => ({ ...r, body: JSON.parse(r.payload) as { passageId: string; status: string; targetId: string } }));

describe('passages and the officer loop', () => {
  let firstPassage = '';
  let recordId = '';

  it('opens a passage for a blacklisted truck and walks it through call, start, finish and the record', async () => {
    const id = 'vehicle:浙F3A103';
    drive('013800000103', '浙F3A103', 120.7555);
    const listed = await passageOf(id);
    expect(listed?.tier).toBe('must-inspect');
    expect(listed?.passage.status).toBe('approaching');
    firstPassage = listed?.passage.id as string;
    expect(firstPassage).toContain(`:${id}:`);
    const base = `/api/v1/passages/${encodeURIComponent(firstPassage)}`;

    expect((await call('POST', `${base}/finish`, officer, {})).json().error.code).toBe('KAKOU_E_PASSAGE_STATE');
    const called = await call('POST', `${base}/call`, officer, {});
    expect(called.statusCode).toBe(200);
    expect(called.json().passage).toMatchObject({ status: 'called', calledBy: expect.any(String) });
    expect((await passageOf(id))?.passage.status).toBe('called');
    expect((await call('POST', `${base}/start`, officer, {})).json().passage.status).toBe('inspecting');
    expect((await call('POST', `${base}/finish`, officer, {})).json().passage.finishedAt).toEqual(expect.any(String));

    const rec = await call('POST', '/api/v1/inspections', officer, {
      targetId: id,
      result: 'defects-found',
      action: 'correction-order',
      defects: [],
    });
    expect(rec.statusCode).toBe(201);
    const inspection = rec.json().inspection;
    recordId = inspection.id;
    expect(inspection).toMatchObject({
      passageId: firstPassage,
      calledAt: expect.any(String),
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    // Inspected: out of the to-stop part of the list at once, its boarding slot freed.
    const after = await passageOf(id);
    expect(after?.passage).toMatchObject({ id: firstPassage, status: 'inspected', closedAt: expect.any(String) });
    expect(after?.capacity).toBeNull();
    expect(t.app.targets.list().at(-1)?.id).toBe(id);
    const closed = passageRecords().filter((r) => r.body.passageId === firstPassage);
    expect(closed).toHaveLength(1);
    expect(closed[0]?.body.status).toBe('inspected');
    expect(payloadProblem('passage', closed[0]?.payload as string)).toBeNull();
    expect((await call('POST', `${base}/call`, officer, {})).json().error.code).toBe('KAKOU_E_PASSAGE_STATE');
    expect((await call('POST', '/api/v1/passages/nope:x:1/call', officer, {})).json().error.code).toBe(
      'KAKOU_E_PASSAGE_UNKNOWN',
    );
  });

  it('keeps the inspected passage until the truck is back, then opens a new one it does not flag again', async () => {
    const id = 'vehicle:浙F3A103';
    drive('013800000103', '浙F3A103', 120.7595); // crosses the line
    expect(target(id)?.passage?.id).toBe(firstPassage);
    expect(target(id)?.passage?.crossedAt).not.toBeNull();
    drive('013800000103', '浙F3A103', 120.766); // 700 m on: past the re-arm distance, heading away
    expect(target(id)?.passage?.id).toBe(firstPassage);
    drive('013800000103', '浙F3A103', 120.7655, 270); // turned back towards the line
    const back = target(id);
    expect(back?.passage?.id).not.toBe(firstPassage);
    expect(back?.passage?.status).toBe('approaching');
    // Inspected here within the burden window: not flagged again; the control draw still applies.
    expect(back?.tier).not.toBe('must-inspect');
    expect(back?.reasons.map((r) => r.code)).toContain('BURDEN_CAP');
    expect(back?.draw?.passageId).toBe(back?.passage?.id);
  });

  it('records a selected truck crossing uninspected as missed, shown to the supervisor and sent upstream', async () => {
    const id = 'vehicle:浙F3A104';
    drive('013800000104', '浙F3A104', 120.7565);
    const override = await call('POST', `/api/v1/targets/${encodeURIComponent(id)}/override`, supervisor, {
      tier: 'must-inspect',
      reason: '群众举报',
    });
    expect(override.statusCode).toBe(200);
    const passageId = target(id)?.passage?.id as string;
    drive('013800000104', '浙F3A104', 120.7595);
    expect(target(id)?.passage?.status).toBe('missed');
    const { passages } = (await call('GET', '/api/v1/passages?status=missed', supervisor)).json<{
      passages: Array<{ id: string; targetId: string; tier: string; closedBy: string }>;
    }>();
    expect(passages).toEqual([
      expect.objectContaining({ id: passageId, targetId: id, tier: 'must-inspect', closedBy: 'crossing' }),
    ]);
    const missed = passageRecords().filter((r) => r.body.status === 'missed');
    expect(missed.map((r) => r.body.passageId)).toEqual([passageId]);
    expect(missed[0]?.lane).toBe(1);
  });

  it('corrects and voids records as new records, a supervisor approving the void', async () => {
    const amend = (kind: 'corrections' | 'void', cookie: string, body: object) =>
      call('POST', `/api/v1/inspections/${recordId}/${kind}`, cookie, body);
    const corrected = await amend('corrections', officer, { reason: '漏记缺陷', notes: '补记：罐体标识不清' });
    expect(corrected.statusCode).toBe(201);
    expect(corrected.json().inspection).toMatchObject({
      amends: recordId,
      amendment: 'correction',
      reason: '漏记缺陷',
      result: 'defects-found',
      notes: '补记：罐体标识不清',
      passageId: firstPassage,
    });
    expect((await amend('void', officer, { reason: '重复录入' })).json().inspection.amendment).toBe('void-request');
    expect((await amend('void', officer, { reason: '重复录入' })).json().error.code).toBe('KAKOU_E_AMENDMENT_INVALID');
    const history = () => call('GET', `/api/v1/inspections/${recordId}/history`, officer);
    expect((await history()).json().standing).toBe('void-requested');
    expect((await amend('void', supervisor, { reason: '核实为重复录入' })).json().inspection.amendment).toBe('void');
    const h = (await history()).json();
    expect(h.standing).toBe('void');
    expect(h.amendments.map((a: { amendment: string }) => a.amendment)).toEqual(['correction', 'void-request', 'void']);
    expect((await amend('corrections', officer, { reason: 'x' })).json().error.code).toBe('KAKOU_E_AMENDMENT_INVALID');
    const amendment = h.amendments[0].id as string;
    expect(
      (await call('POST', `/api/v1/inspections/${amendment}/void`, supervisor, { reason: 'x' })).json().error.code,
    ).toBe('KAKOU_E_AMENDMENT_INVALID');
    expect((await call('GET', '/api/v1/inspections/nope/history', officer)).json().error.code).toBe(
      'KAKOU_E_INSPECTION_UNKNOWN',
    );
    const rows = t.app.storage.outbox.peek(10_000).filter((r) => r.kind === 'inspection');
    for (const r of rows) expect(payloadProblem('inspection', r.payload)).toBeNull();
    expect(rows.filter((r) => JSON.parse(r.payload).amends === recordId)).toHaveLength(3);
  });

  it("draws each passage on its own, and the shift's decisions verify against its seed", async () => {
    const shift = t.app.storage.shifts.get(firstPassage.split(':')[0] as string);
    expect(shift).not.toBeNull();
    const decisions = t.app.storage.decisions.forShift(shift?.id as string) as Parameters<typeof verifyDraws>[1];
    const passages = new Set(decisions.map((d) => d.passageId));
    expect(passages.has(firstPassage)).toBe(true);
    expect([...passages].filter((p) => p.includes(':vehicle:浙F3A103:')).length).toBe(2);
    const verdict = verifyDraws(shift?.seed as string, decisions, shift?.commitment);
    expect(verdict.problems).toEqual([]);
    expect(verdict.checked).toBe(decisions.length);
  });
});
