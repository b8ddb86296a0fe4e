import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { payloadProblem } from '../../src/central/validate-payload.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { truckAtGate } from '../support/messages.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kakou-overrides-'));
const clock = new ManualClock(Date.now());
const TARGET = 'vehicle:浙F3A106';
const opened: TestApp[] = [];

async function node(first = false): Promise<TestApp> {
  const t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' }, storage: { dataDir } }, clock);
  opened.push(t);
  if (first) await importDemoSnapshot(t.app); // kept on disk for the restarts
  t.app.ingest.accept(truckAtGate('013800000106', '浙F3A106'));
  t.app.targets.flush();
  return t;
}

afterAll(async () => {
  for (const t of opened) await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a supervisor's override", () => {
  it('is stored with its outbox row, survives a restart within the shift, and ends with the shift', async () => {
    const first = await node(true);
    const cookie = await first.login('supervisor');
    const computed = first.app.targets.get(TARGET)?.tier;
    const res = await first.app.web.app.inject({
      method: 'POST',
      url: `/api/v1/targets/${TARGET}/override`,
      headers: { cookie },
      payload: { tier: 'must-inspect', reason: '群众举报夹带' },
    });
    expect(res.statusCode).toBe(200);
    const row = first.app.storage.outbox.peek(1000).find((r) => r.kind === 'override');
    expect(row).toMatchObject({ lane: 0 });
    const record = JSON.parse(row?.payload ?? '{}');
    expect(record).toMatchObject({
      targetId: TARGET,
      tier: 'must-inspect',
      tierBefore: computed,
      reason: '群众举报夹带',
    });
    // The central's contract accepts it as a record kind of its own.
    expect(payloadProblem('override', row?.payload ?? '')).toBeNull();
    expect(payloadProblem('override', JSON.stringify({ ...record, tier: 'arrest' }))).toMatch(/tier/);
    await first.app.stop();

    const second = await node();
    expect(second.app.targets.get(TARGET)).toMatchObject({ tier: 'must-inspect', selection: 'override' });
    expect(second.app.targets.get(TARGET)?.reasons.map((r) => r.code)).toContain('OVERRIDE');
    await second.app.stop();

    clock.advance(24 * 3_600_000); // a later shift starts without it
    const third = await node();
    expect(third.app.targets.get(TARGET)?.selection).not.toBe('override');
  });
});
