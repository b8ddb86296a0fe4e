import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { commitment } from '../../src/scoring/draw.js';
import { runCli } from '../support/cli.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { truckAtGate } from '../support/messages.js';

const SEED = 'c0ffee'.repeat(10) + 'beef';
let t: TestApp;
let cookie: string;
const clock = new ManualClock(Date.now());

beforeAll(async () => {
  t = await createTestApp({ scoring: { seed: SEED }, node: { id: 'draw-node' } }, clock);
  await importDemoSnapshot(t.app);
  // Thirty trucks not in the snapshot pass the checkpoint: each goes to the draw.
  for (let i = 0; i < 30; i++) {
    const plate = `浙FT${1000 + i}`;
    t.app.ingest.accept({
      form: 'message',
      topic: `kakou/hazmat/0138000009${String(i).padStart(2, '0')}/location`,
      payload: Buffer.from(
        JSON.stringify({ plate, lat: 30752200, lon: 120758500, speed: 500, direction: 90, alarm: 0 }),
      ),
    });
  }
  t.app.targets.flush();
  cookie = await t.login('supervisor');
});
afterAll(async () => {
  await t.close();
});

describe('decisions and verifiable draws', () => {
  it("records each passage's decision once per tier, queued upstream in lane 1, with the shift commitment", async () => {
    const shifts = (await t.app.web.app.inject({ url: '/api/v1/shifts', headers: { cookie } })).json();
    expect(shifts.current.commitment).toBe(commitment(SEED));
    const body = (
      await t.app.web.app.inject({ url: `/api/v1/shifts/${shifts.current.id}/decisions`, headers: { cookie } })
    ).json();
    expect(body.decisions).toHaveLength(30);
    expect(body.decisions[0]).toMatchObject({
      nodeId: 'draw-node',
      policyVersion: 'kakou-checkpoint@1',
      snapshotVersion: t.app.snapshots.meta()?.version,
    });
    t.app.targets.creditChanged();
    t.app.targets.flush(); // the same tiers again: nothing new to record
    const kinds = t.app.storage.outbox.peek(1000).map((r) => `${r.lane}:${r.kind}`);
    expect(kinds.filter((k) => k === '1:decision')).toHaveLength(30);
    expect(kinds).toContain('1:shift-commitment');
  });

  it('stores, on flush, a decision a background rescore left waiting to share a transaction', async () => {
    const decisions = () => t.app.storage.outbox.peek(1000).filter((r) => r.kind === 'decision').length;
    const before = decisions();
    // An emergency alarm from one of the trucks: its tier changes, in a background rescore.
    t.app.ingest.accept(truckAtGate('013800000900', '浙FT1000', 1));
    clock.advance(400); // past the background rescore, not yet past the wait of its batch
    expect(t.app.targets.get('vehicle:浙FT1000')?.tier).toBe('must-inspect');
    expect(decisions()).toBe(before); // waiting for its batch
    t.app.targets.flush();
    expect(decisions()).toBe(before + 1);
  });

  it('kakou verify-draws reproduces every draw from the seed, and detects a tampered one', async () => {
    const shiftId = (await t.app.web.app.inject({ url: '/api/v1/shifts', headers: { cookie } })).json().current
      .id as string;
    const body = (
      await t.app.web.app.inject({ url: `/api/v1/shifts/${shiftId}/decisions`, headers: { cookie } })
    ).json() as { decisions: Array<Record<string, unknown>> };
    const file = join(t.dataDir, 'decisions.json');
    writeFileSync(file, JSON.stringify(body));
    const ok = await runCli(['verify-draws', '--seed', SEED, '--passages', file, '--commitment', commitment(SEED)]);
    expect(ok.stdout).toMatch(/^\d+ draws checked, 0 problem\(s\)/m);
    expect(ok.code).toBe(0);
    const drawn = body.decisions.findIndex((d) => d.draw !== null && d.tier === 'pass');
    expect(drawn).toBeGreaterThanOrEqual(0);
    const tampered = structuredClone(body);
    (tampered.decisions[drawn] as { tier: string; selection: string }).tier = 'random-sample';
    (tampered.decisions[drawn] as { tier: string; selection: string }).selection = 'credit-random';
    writeFileSync(file, tampered.decisions.map((d) => JSON.stringify(d)).join('\n'));
    const bad = await runCli(['verify-draws', '--seed', SEED, '--passages', file]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('TAMPERED');
    const wrongSeed = await runCli([
      'verify-draws',
      '--seed',
      'ab'.repeat(32),
      '--passages',
      file,
      '--commitment',
      commitment(SEED),
    ]);
    expect(wrongSeed.code).toBe(1);
  });
});

describe('decisions across rescores and shifts', () => {
  it("hands a passage's decision to storage once per tier; the passage keeps its draw into the next shift and across a restart", async () => {
    const later = new ManualClock(Date.parse('2026-11-26T01:00:00Z'));
    const c = await createTestApp({ scoring: { seed: SEED, shiftHours: 8 } }, later);
    try {
      const handed: string[] = [];
      const recordMany = c.app.storage.decisions.recordMany.bind(c.app.storage.decisions);
      c.app.storage.decisions.recordMany = (batch) => {
        handed.push(...batch.map((d) => `${d.passageId}|${d.tier}`));
        return recordMany(batch);
      };
      const report = (alarm: number) => {
        c.app.ingest.accept(truckAtGate('013800000777', '浙FS7777', alarm));
        c.app.targets.flush();
      };
      report(0);
      const first = c.app.targets.get('vehicle:浙FS7777');
      const passage = first?.draw?.passageId;
      const firstTier = first?.tier;
      expect(handed).toEqual([`${passage}|${firstTier}`]);
      report(0);
      report(0);
      expect(handed).toHaveLength(1);
      report(1); // an emergency alarm: a new tier for the same passage
      expect(handed.at(-1)).toBe(`${passage}|must-inspect`);
      expect(c.app.targets.get('vehicle:浙FS7777')).toBe(first); // rescored in place
      later.advance(8 * 3_600_000);
      report(1); // a new shift, the same approach: the same passage, drawn with the seed it opened under
      expect(c.app.targets.get('vehicle:浙FS7777')?.draw).toBe(first?.draw);
      expect(handed).toHaveLength(2);
      expect(c.app.storage.decisions.forShift((passage as string).split(':')[0] as string)).toHaveLength(2);
      await c.app.stop();

      // A restart does not draw the subject again: heard soon after, it carries on with its passage.
      const again = await createTestApp(
        { scoring: { seed: SEED, shiftHours: 8 }, storage: { dataDir: c.dataDir } },
        later,
      );
      later.advance(60_000);
      again.app.ingest.accept(truckAtGate('013800000777', '浙FS7777', 1));
      again.app.targets.flush();
      expect(again.app.targets.get('vehicle:浙FS7777')?.draw).toEqual(first?.draw);
      expect(again.app.targets.get('vehicle:浙FS7777')?.passage?.status).toBe('approaching');
      await again.close();
    } finally {
      await c.close();
    }
  });
});
