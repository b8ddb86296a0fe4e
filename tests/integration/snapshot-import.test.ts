import { afterEach, describe, expect, it } from 'vitest';
import type { SnapRecord } from '../../src/snapshot/format.js';
import { buildSnapshot } from '../../src/snapshot/writer.js';
import { keyFromSeed } from '../support/chain.js';
import { header, signedDemoSnapshot, TEST_DRIVER_ID_KEY, TEST_ISSUER } from '../support/snapshots.js';
import { demoSnapshot } from '../../src/demo/demo-snapshot.js';
import { VEHICLES } from '../../src/demo/fleet-vehicles.js';
import { driverIdHash } from '../../src/domain/driver-id.js';
import { encodeStatic, toSentences } from '../../src/demo/ais-encoder.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { truckAtGate } from '../support/messages.js';

const DAY = 86_400_000;
const NOW = Date.now();
let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function withV1(): Promise<TestApp> {
  t = await createTestApp();
  await t.app.snapshots.importStream([signedDemoSnapshot(NOW, { version: 100 })], 'v1');
  return t;
}

const fingerprint = (app: TestApp['app']) => ({
  version: app.snapshots.meta()?.version,
  black: app.credit.vessel(413800102, NOW).lists.map((l) => l.list),
  grade: app.credit.vehicle('浙F3A103', '', NOW).grade,
  figures: app.storage.snapshots.figures(),
});

async function refused(app: TestApp['app'], bytes: Uint8Array): Promise<string> {
  try {
    await app.snapshots.importStream([bytes], 'test');
  } catch (err) {
    return (err as { code: string }).code;
  }
  return 'accepted';
}

describe('credit snapshot import', () => {
  it('makes the snapshot available to lookups by MMSI, plate, IMO, registration number and name', async () => {
    const app = (await withV1()).app;
    expect(app.credit.vessel(413800102, NOW)).toMatchObject({
      known: true,
      grade: 'D',
      vessel: { nameZh: '浙湖州货0102' },
    });
    expect(app.credit.vessel(413800102, NOW).lists.map((l) => l.list)).toContain('black');
    expect(app.credit.vehicle(null, '013800000104', NOW)).toMatchObject({
      known: true,
      vehicle: { plate: '浙F3A104', hazmatQualified: false },
    });
    expect(app.credit.vesselMmsiBy({ imo: 9612345 })).toBe(413800107);
    expect(app.credit.vesselMmsiBy({ name: 'zhe jia xing huo 0101' })).toBe(413800101);
    expect(app.credit.vessel(999999999, NOW).known).toBe(false);
    expect(app.credit.vesselMmsiBy({ name: '浙湖州货0102' })).toBe(413800102);
  });

  it('holds drivers by the keyed hash of their ID number only, and the classes a vehicle may carry', async () => {
    const app = (await withV1()).app;
    const driver = VEHICLES.find((v) => v.plate === '浙F3A109')?.driverId as string;
    const hash = driverIdHash(driver, TEST_DRIVER_ID_KEY).toString('hex');
    expect(app.credit.vehicle('浙F3A109', '', NOW, hash)).toMatchObject({
      driver: { classes: ['8'] },
      documents: { hazardClasses: ['8'] },
    });
    expect(
      app.credit.vehicle(
        '浙F3A108',
        '',
        NOW,
        driverIdHash(VEHICLES.find((v) => v.plate === '浙F3A108')?.driverId as string, TEST_DRIVER_ID_KEY).toString(
          'hex',
        ),
      ).driver?.validUntil,
    ).toBeLessThan(NOW);
    expect(app.credit.vehicle('浙F3A109', '', NOW, 'ab'.repeat(32)).driver).toBeNull();
    expect(app.credit.vehicle('浙F3A109', '', NOW).driver).toBeUndefined();
  });

  it('refuses a flipped bit, a wrong key, an older version, a delta on the wrong base and an expired snapshot, keeping the one in force', async () => {
    const app = (await withV1()).app;
    const before = fingerprint(app);
    const good = signedDemoSnapshot(NOW, { version: 101 });
    const codes = new Set<string>();
    for (const pos of [
      20,
      Math.floor(good.length / 3),
      Math.floor(good.length / 2),
      good.length - 40,
      good.length - 3,
    ]) {
      const flipped = Buffer.from(good);
      flipped[pos] = (flipped[pos] as number) ^ 0x04;
      const code = await refused(app, flipped);
      expect(code, `bit flipped at ${pos}`).toMatch(
        /^KAKOU_E_SNAPSHOT_(SIGNATURE|INVALID|UNTRUSTED_KEY|OLDER|EXPIRED|BASE)$/,
      );
      codes.add(code);
    }
    expect(codes).toContain('KAKOU_E_SNAPSHOT_SIGNATURE');
    const json = demoSnapshot(NOW);
    const stranger = buildSnapshot(header(json, { version: 102 }), keyFromSeed('77'.repeat(32)), []);
    expect(await refused(app, stranger)).toBe('KAKOU_E_SNAPSHOT_UNTRUSTED_KEY');
    expect(await refused(app, signedDemoSnapshot(NOW, { version: 99 }))).toBe('KAKOU_E_SNAPSHOT_OLDER');
    expect(await refused(app, signedDemoSnapshot(NOW, { version: 100 }))).toBe('KAKOU_E_SNAPSHOT_OLDER');
    expect(await refused(app, buildSnapshot(header(json, { version: 103, baseVersion: 50 }), TEST_ISSUER, []))).toBe(
      'KAKOU_E_SNAPSHOT_BASE',
    );
    expect(await refused(app, signedDemoSnapshot(NOW, { version: 104, validUntilMs: NOW - DAY }))).toBe(
      'KAKOU_E_SNAPSHOT_EXPIRED',
    );
    expect(await refused(app, good.subarray(0, good.length - 10))).toMatch(/^KAKOU_E_SNAPSHOT_(INVALID|SIGNATURE)$/);
    expect(fingerprint(app)).toEqual(before);
    expect(await refused(app, good)).toBe('accepted');
    expect(app.snapshots.meta()?.version).toBe(101);
  });

  it("applies a delta on its base: upserts, replaces a subject's lists, and withdraws removed subjects", async () => {
    const app = (await withV1()).app;
    const json = demoSnapshot(NOW);
    // Read (and kept) before the delta: the delta's waybill must still be seen after it.
    const waybillsBefore = app.credit.vehicle('浙F3A105', '', NOW).documents?.waybills.map((w) => w.id) ?? [];
    expect(Object.isFrozen(app.credit.vehicle('浙F3A105', '', NOW).documents?.waybills)).toBe(true);
    const delta: SnapRecord[] = [
      {
        waybill: {
          id: 'WB-DELTA-1',
          plate: '浙F3A105',
          unNumber: '1203',
          hazardClass: '3',
          quantityKg: 8000,
          route: [
            { lat: 30.7, lon: 120.7 },
            { lat: 30.8, lon: 120.8 },
          ],
          windowFromMs: NOW - DAY,
          windowUntilMs: NOW + DAY,
          companyId: '',
        },
      },
      {
        vessel: {
          mmsi: 413800101,
          imo: 0,
          registrationNo: '',
          nameZh: '浙嘉兴货0101',
          name: 'ZHEJIAXINGHUO0101',
          shipType: 70,
          buildYear: 2019,
          grossTonnage: 0,
          maxDraughtCm: 0,
          portOfRegistry: '',
          companyId: 'C330300007',
          grade: 'C',
        },
      },
      {
        listEntry: {
          list: 'KEY_ATTENTION',
          subjectKind: 'VESSEL',
          subjectId: '413800102',
          reason: '黑名单修复后观察期',
          fromMs: NOW - DAY,
          untilMs: 0,
          status: 'ACTIVE',
        },
      },
      { removal: { subjectKind: 'VEHICLE', subjectId: '浙F3A104' } },
    ];
    await app.snapshots.importStream(
      [buildSnapshot(header(json, { version: 101, baseVersion: 100 }), TEST_ISSUER, delta)],
      'delta',
    );
    expect(app.snapshots.meta()).toMatchObject({ version: 101, baseVersion: 100 });
    expect(app.credit.vessel(413800101, NOW)).toMatchObject({
      subjectGrade: 'C',
      company: { id: 'C330300007' },
    });
    expect(app.credit.vessel(413800102, NOW).lists.map((l) => l.list)).toEqual(['key-attention']);
    expect(app.credit.vehicle('浙F3A104', '', NOW).known).toBe(false);
    expect(app.credit.vehicle('浙F3A105', '', NOW).known).toBe(true);
    expect(
      app.credit
        .vehicle('浙F3A105', '', NOW)
        .documents?.waybills.map((w) => w.id)
        .sort(),
    ).toEqual([...waybillsBefore, 'WB-DELTA-1'].sort());
  });

  it('finds a vessel broadcasting an unregistered MMSI by its IMO number, with its credit, and flags it', async () => {
    const app = (await withV1()).app;
    // 浙宁波化0107 (IMO 9612345, MMSI 413800107) appears under a new MMSI.
    app.ingest.accept({
      form: 'message',
      topic: 'kakou/ais/gw1/nmea',
      payload: Buffer.from(
        toSentences(
          encodeStatic({
            mmsi: 413999999,
            imo: 9612345,
            callsign: 'BNB107',
            shipname: 'ZHENINGBOHUA0107',
            shiptype: 81,
            toBow: 40,
            toStern: 38,
            toPort: 5,
            toStarboard: 5,
            draught: 4.4,
            destination: 'JIAXING',
          }).payload,
          2,
          1,
        ).join('\r\n'),
      ),
    });
    app.targets.flush();
    const target = app.targets.get('vessel:413999999');
    expect(target?.name).toBe('浙宁波化0107');
    expect(target?.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['IDENTITY_MMSI_UNREGISTERED', 'SHIP_TYPE_HIGH_RISK']),
    );
    expect(target?.reasons.map((r) => r.code)).not.toContain('NOT_IN_SNAPSHOT');
    expect(target?.tier).not.toBe('pass');
  });

  it('marks every target when the snapshot in force is older than snapshot.staleAfterHours', async () => {
    t = await createTestApp({ snapshot: { staleAfterHours: 24 } });
    await t.app.snapshots.importStream([signedDemoSnapshot(NOW, { version: 100, issuedAtMs: NOW - 3 * DAY })], 'old');
    t.app.ingest.accept(truckAtGate('013800000106', '浙F3A106'));
    t.app.targets.flush();
    expect(t.app.targets.get('vehicle:浙F3A106')?.reasons.map((r) => r.code)).toContain('CREDIT_STALE');
    expect(t.app.snapshots.status()).toMatchObject({ stale: true, expired: false });
  });

  it('rescores targets when a new snapshot comes into force', async () => {
    const app = (await withV1()).app;
    app.ingest.accept(truckAtGate('013800000106', '浙F3A106'));
    app.targets.flush();
    expect(app.targets.get('vehicle:浙F3A106')?.grade).toBe('AA');
    const json = demoSnapshot(NOW);
    const delta: SnapRecord[] = [
      {
        listEntry: {
          list: 'BLACK',
          subjectKind: 'VEHICLE',
          subjectId: '浙F3A106',
          reason: '伪造电子运单',
          fromMs: NOW - DAY,
          untilMs: 0,
          status: 'ACTIVE',
        },
      },
    ];
    await app.snapshots.importStream(
      [buildSnapshot(header(json, { version: 101, baseVersion: 100 }), TEST_ISSUER, delta)],
      'delta',
    );
    app.targets.flush();
    expect(app.targets.get('vehicle:浙F3A106')?.tier).toBe('must-inspect');
  });
});
