import { afterAll, beforeAll } from 'vitest';
import { ROAD_LINE } from './messages.js';
import { importDemoSnapshot } from './snapshots.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * A node at a north-south line across an east-west road (ROAD_LINE), with the demo snapshot, an
 * officer (sun) and a supervisor (li), started before a test file's tests and stopped after them.
 * The getter gives the tests the node and its terminal's address.
 */
export function useRoadLineApp(): () => { t: TestApp; url: string } {
  let started: { t: TestApp; url: string } | undefined;
  beforeAll(async () => {
    const t = await createTestApp({
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      site: ROAD_LINE.site,
      checkpoint: { gate: ROAD_LINE.gate },
    });
    await importDemoSnapshot(t.app);
    await t.app.accounts.createUser('sun', 'correct-horse-9', 'officer');
    await t.app.accounts.createUser('li', 'correct-horse-9', 'supervisor');
    const { url } = await t.app.start();
    started = { t, url };
  });
  afterAll(async () => {
    await started?.t.close();
  });
  return () => started as { t: TestApp; url: string };
}
