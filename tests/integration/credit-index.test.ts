import { afterEach, describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-snapshot.js';
import type { SnapRecord } from '../../src/snapshot/format.js';
import { seedFrom, syntheticRecords } from '../../src/snapshot/synthetic.js';
import type { CreditProfile } from '../../src/domain/credit-profile.js';
import { signedDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;
const NOW = Date.now();
let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** Every subject of the demo snapshot plus 25,000 synthetic ones (enough for the packing to page), and some nobody knows. */
function keys(extra: SnapRecord[]) {
  const json = demoSnapshot(NOW);
  const vessels = [
    ...json.vessels.map((v) => v.mmsi),
    ...extra.flatMap((r) => ('vessel' in r ? [r.vessel.mmsi] : [])),
    413999999,
    0,
    999999999,
  ];
  const vehicles: Array<[string | null, string]> = [
    ...json.vehicles.map((v): [string, string] => [v.plate, '']),
    ...extra.flatMap(
      (r): Array<[string | null, string]> =>
        'vehicle' in r
          ? [
              [r.vehicle.plate, ''],
              [null, r.vehicle.terminalId],
            ]
          : [],
    ),
    ['浙Z99999', ''],
    [null, '19999999999'],
    ['浙Z99999', '13800000001'],
  ];
  return { vessels, vehicles };
}

function answers(app: TestApp['app'], k: ReturnType<typeof keys>): CreditProfile[] {
  const out: CreditProfile[] = [];
  // Now, before most history, and past the end of most list entries: the windows are applied at lookup time.
  for (const now of [NOW, NOW - 700 * DAY, NOW + 400 * DAY]) {
    for (const mmsi of k.vessels) out.push(app.credit.vessel(mmsi, now));
    for (const [plate, terminal] of k.vehicles) out.push(app.credit.vehicle(plate, terminal, now));
  }
  const demo = demoSnapshot(NOW).vessels.find((v) => v.imo);
  if (demo)
    out.push(
      app.credit.vessel(413999998, NOW, { imo: demo.imo }),
      app.credit.vessel(413999997, NOW, { name: demo.name }),
    );
  return out;
}

describe('in-memory credit index', () => {
  it('gives the same profile as SQLite for every subject, unknown ones, time windows and other identities', async () => {
    t = await createTestApp();
    const extra = [...syntheticRecords(25_000, seedFrom('index'), NOW)];
    await t.app.snapshots.importStream([signedDemoSnapshot(NOW, { version: 7 }, extra)], 'test');
    const k = keys(extra);
    t.app.credit.invalidate();
    expect(t.app.credit.indexBytes).toBeNull();
    const fromSql = answers(t.app, k);
    expect(fromSql.filter((p) => p.known).length).toBeGreaterThan(40_000);
    expect(fromSql.some((p) => p.lists.length > 0 && p.history && p.history.inspections > 0)).toBe(true);
    expect(fromSql.some((p) => p.identity?.matchedBy === 'imo')).toBe(true);
    // The ship risk profile's data: flag and RO lists, PSC type, the company's PSC inspections.
    expect(fromSql.some((p) => p.flagState?.list.startsWith('black-') && p.ro?.performance === 'low')).toBe(true);
    expect(fromSql.some((p) => p.ro && p.ro.performance === undefined)).toBe(true);
    expect(fromSql.some((p) => p.vessel?.pscType === 'container' && p.flagState?.imoAudited)).toBe(true);
    expect(fromSql.some((p) => p.company?.inspections36m === 0)).toBe(true);
    expect(fromSql.some((p) => p.company?.performance === 'very-low')).toBe(true);

    const bytes = await t.app.credit.index();
    expect(bytes).toBeGreaterThan(0);
    expect(t.app.credit.indexBytes).toBe(bytes);
    const fromIndex = answers(t.app, k);
    expect(fromIndex.length).toBe(fromSql.length);
    for (let i = 0; i < fromSql.length; i++) expect(fromIndex[i], `lookup ${i}`).toEqual(fromSql[i]);
  });

  it('drops the index when another snapshot comes into force and packs the new one', async () => {
    t = await createTestApp();
    await t.app.snapshots.importStream([signedDemoSnapshot(NOW, { version: 7 })], 'v7');
    await t.app.credit.index();
    expect(t.app.credit.vessel(413800102, NOW).grade).toBe('D');

    const regraded: SnapRecord = {
      company: { id: 'C-NEW', name: '新公司', grade: 'AA', score: 99, performance: 'high' },
    };
    await t.app.snapshots.importStream([signedDemoSnapshot(NOW, { version: 8 }, [regraded])], 'v8');
    expect(t.app.credit.indexBytes).toBeNull(); // the v7 index must not answer for v8
    await t.app.credit.index();
    expect(t.app.credit.indexBytes).toBeGreaterThan(0);
    expect(t.app.credit.vessel(413800102, NOW).grade).toBe('D');
  });
});
