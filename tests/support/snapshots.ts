import { createPublicKey } from 'node:crypto';
import type { KakouApp } from '../../src/app.js';
import type { CreditSnapshot } from '../../src/domain/credit.js';
import { demoSnapshot } from '../../src/demo/demo-snapshot.js';
import { driverIdKeyId } from '../../src/domain/driver-id.js';
import type { SnapRecord } from '../../src/snapshot/format.js';
import { recordsFromJson } from '../../src/snapshot/from-json.js';
import { buildSnapshot, type SnapshotHeaderInput } from '../../src/snapshot/writer.js';
import { rawPublicKey } from '../../src/sync/signing.js';
import { keyFromSeed } from './chain.js';

/** The issuer key tests sign snapshots with (a test key, nothing else trusts it). */
export const TEST_ISSUER = keyFromSeed('5e'.repeat(32));
export const TEST_ISSUER_PUBLIC = rawPublicKey(createPublicKey(TEST_ISSUER)).toString('hex');
/** The provincial driver-id key of the tests (a test key): test nodes hold it, test snapshots hash drivers with it. */
export const TEST_DRIVER_ID_KEY = Buffer.from('d1'.repeat(32), 'hex');

export function header(json: CreditSnapshot, over: Partial<SnapshotHeaderInput> = {}): SnapshotHeaderInput {
  return {
    version: json.version,
    baseVersion: 0,
    issuedAtMs: Date.parse(json.issuedAt),
    validUntilMs: Date.parse(json.validUntil),
    issuer: 'test platform',
    driverIdKeyId: driverIdKeyId(TEST_DRIVER_ID_KEY),
    ...over,
  };
}

/** The demo fleet's snapshot, signed by the test issuer, its drivers keyed with the test driver-id key. */
export function signedDemoSnapshot(
  now = Date.now(),
  over: Partial<SnapshotHeaderInput> = {},
  extra: SnapRecord[] = [],
): Buffer {
  const json = demoSnapshot(now);
  return buildSnapshot(header(json, over), TEST_ISSUER, [...recordsFromJson(json, TEST_DRIVER_ID_KEY), ...extra]);
}

export async function importDemoSnapshot(app: KakouApp, now = Date.now()): Promise<void> {
  await app.snapshots.importStream([signedDemoSnapshot(now)], 'test');
}
