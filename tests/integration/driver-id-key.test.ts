import { afterEach, describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-snapshot.js';
import { driverIdHash, driverIdKeyId } from '../../src/domain/driver-id.js';
import { recordsFromJson } from '../../src/snapshot/from-json.js';
import { buildSnapshot } from '../../src/snapshot/writer.js';
import { header, signedDemoSnapshot, TEST_DRIVER_ID_KEY, TEST_ISSUER } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Drivers' ID numbers are personal data: the snapshot and the node know them only by a keyed hash. */
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});
const node = async (driverIdKey: string) => {
  const t = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' }, snapshot: { driverIdKey } });
  apps.push(t);
  return t;
};
const OTHER_KEY = Buffer.alloc(32, 0x42);
const json = demoSnapshot(Date.now());
const driver = json.drivers?.[0];

describe('the provincial driver-id key', () => {
  it('keeps drivers under the key the node holds, and finds them by the keyed hash of the number its terminals report', async () => {
    const t = await node(TEST_DRIVER_ID_KEY.toString('hex'));
    await t.app.snapshots.importStream([signedDemoSnapshot()], 'test');
    const plate = json.vehicles.find((v) => v.terminalId)?.plate as string;
    const hash = driverIdHash(driver?.idNumber as string, TEST_DRIVER_ID_KEY).toString('hex');
    expect(t.app.credit.vehicle(plate, '', Date.now(), hash).driver).not.toBeNull();
    // The number itself is nowhere in the snapshot file.
    expect(signedDemoSnapshot().includes(Buffer.from(driver?.idNumber as string))).toBe(false);
  });

  it('refuses a snapshot whose drivers are hashed without a key or with another key, keeping the one in force', async () => {
    const t = await node(TEST_DRIVER_ID_KEY.toString('hex'));
    await t.app.snapshots.importStream([signedDemoSnapshot()], 'test');
    const before = t.app.snapshots.meta();
    const next = (before?.version ?? 0) + 1;
    const unkeyed = buildSnapshot(
      header(json, { version: next, driverIdKeyId: '' }),
      TEST_ISSUER,
      recordsFromJson(json, TEST_DRIVER_ID_KEY),
    );
    await expect(t.app.snapshots.importStream([unkeyed], 'test')).rejects.toMatchObject({
      code: 'KAKOU_E_SNAPSHOT_DRIVER_KEY',
    });
    const other = buildSnapshot(
      header(json, { version: next + 1, driverIdKeyId: driverIdKeyId(OTHER_KEY) }),
      TEST_ISSUER,
      recordsFromJson(json, OTHER_KEY),
    );
    await expect(t.app.snapshots.importStream([other], 'test')).rejects.toMatchObject({
      code: 'KAKOU_E_SNAPSHOT_DRIVER_KEY',
    });
    expect(t.app.snapshots.meta()).toEqual(before);
  });

  it('lets a node without the key (a maritime checkpoint) take the snapshot, leaving its drivers out', async () => {
    const t = await node('');
    const meta = await t.app.snapshots.importStream([signedDemoSnapshot()], 'test');
    expect(meta.driverIdKeyId).toBe(driverIdKeyId(TEST_DRIVER_ID_KEY));
    const hash = driverIdHash(driver?.idNumber as string, TEST_DRIVER_ID_KEY).toString('hex');
    expect(t.app.credit.vehicle(json.vehicles[0]?.plate as string, '', Date.now(), hash).driver).toBeNull();
    expect(t.app.credit.vessel(413800102, Date.now()).known).toBe(true);
  });

  it('refuses to hash drivers into a snapshot without the key', () => {
    expect(() => [...recordsFromJson(json)]).toThrow(expect.objectContaining({ code: 'KAKOU_E_SNAPSHOT_DRIVER_KEY' }));
  });
});
