import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-snapshot.js';
import { runCli } from '../support/cli.js';

describe('kakou snapshot build --from', () => {
  it('merges part files whole (drivers, waybills and permits too) and hashes driver ID numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakou-build-'));
    const parts = join(dir, 'parts');
    const json = demoSnapshot(Date.now());
    const { drivers, waybills, ...subjects } = json;
    mkdirSync(parts);
    writeFileSync(join(parts, '1-subjects.json'), JSON.stringify(subjects));
    writeFileSync(
      join(parts, '2-documents.json'),
      JSON.stringify({
        drivers,
        waybills,
        permits: [
          {
            id: 'P1',
            plate: '浙F3A105',
            corridor: [
              [30.7, 120.7],
              [30.8, 120.8],
            ],
            corridorWidthM: 500,
            from: json.issuedAt,
            until: json.validUntil,
            maxGrossKg: 60_000,
          },
        ],
      }),
    );
    expect((await runCli(['keys', 'generate', '--out', join(dir, 'issuer.pem')], {}, dir)).code).toBe(0);
    // ID numbers are hashed only under the provincial driver-id key: without it the build refuses.
    const unkeyed = await runCli(
      ['snapshot', 'build', '--from', parts, '--key', join(dir, 'issuer.pem'), '--out', join(dir, 'unkeyed.bin')],
      {},
      dir,
    );
    expect(unkeyed.code).toBe(1);
    expect(unkeyed.stderr).toContain('KAKOU_E_SNAPSHOT_DRIVER_KEY');
    writeFileSync(join(dir, 'driver-id.key'), `${'ab'.repeat(32)}\n`);
    const built = await runCli(
      [
        'snapshot',
        'build',
        '--from',
        parts,
        '--key',
        join(dir, 'issuer.pem'),
        '--out',
        join(dir, 'snap.bin'),
        '--driver-id-key',
        join(dir, 'driver-id.key'),
      ],
      {},
      dir,
    );
    expect(built.code, built.stderr).toBe(0);
    const inspected = await runCli(['snapshot', 'inspect', join(dir, 'snap.bin')], {}, dir);
    expect(inspected.code, inspected.stderr).toBe(0);
    const { byKind } = JSON.parse(inspected.stdout) as { byKind: Record<string, number> };
    expect(byKind).toMatchObject({
      driver: drivers?.length,
      waybill: waybills?.length,
      permit: 1,
      vehicle: json.vehicles.length,
    });
    expect(readFileSync(join(dir, 'snap.bin')).includes(Buffer.from(drivers?.[0]?.idNumber as string))).toBe(false);
  });

  it('refuses a snapshot JSON with problems, listing each with its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakou-build-'));
    const json = { ...demoSnapshot(Date.now()), drivers: [{ qualification: '3', validUntil: 'soon' }] };
    writeFileSync(join(dir, 'snap.json'), JSON.stringify(json));
    await runCli(['keys', 'generate', '--out', join(dir, 'issuer.pem')], {}, dir);
    const r = await runCli(
      [
        'snapshot',
        'build',
        '--from',
        join(dir, 'snap.json'),
        '--key',
        join(dir, 'issuer.pem'),
        '--out',
        join(dir, 'snap.bin'),
      ],
      {},
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('KAKOU_E_SNAPSHOT_INVALID');
    expect(r.stderr).toMatch(/\/drivers\/0\/validUntil/);
    expect(r.stderr).toMatch(/\/drivers\/0: needs exactly one of idHash and idNumber/);
  });
});
