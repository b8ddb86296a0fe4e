import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameBody, frames, type SnapRecord } from '../../../src/snapshot/format.js';
import { summarise } from '../../../src/snapshot/verify.js';
import { buildSnapshot } from '../../../src/snapshot/writer.js';
import { trustedKeyMap } from '../../../src/snapshot/snapshot-service.js';
import { keyFromSeed } from '../../support/chain.js';
import { createPublicKey } from 'node:crypto';
import { rawPublicKey } from '../../../src/sync/signing.js';

/**
 * Golden vectors of the snapshot format (sync/vectors/snapshot-v1/): a small signed snapshot and
 * its header, records and trailer as separate message files that `protoc --decode` reads with the
 * shipped .proto. UPDATE_VECTORS=1 rewrites them after a deliberate format change.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
const DIR = join(ROOT, 'sync', 'vectors', 'snapshot-v1');
// RFC 8032 test 2 secret key: a published test key, never an issuer's.
const ISSUER = keyFromSeed('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb');
const DAY = 86_400_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');

const RECORDS: SnapRecord[] = [
  { company: { id: 'C330300007', name: '温州速达运输有限公司', grade: 'D', score: 58.5, performance: 'very-low' } },
  {
    vessel: {
      mmsi: 413800102,
      imo: 0,
      registrationNo: 'CN20180023456',
      nameZh: '浙湖州货0102',
      name: 'ZHEHUZHOUHUO0102',
      shipType: 70,
      buildYear: 2006,
      grossTonnage: 980,
      maxDraughtCm: 290,
      portOfRegistry: '湖州',
      companyId: 'C330300007',
      grade: 'D',
    },
  },
  {
    vehicle: {
      plate: '浙F3A101',
      plateColour: '黄',
      vehicleType: '危险货物运输罐式车',
      hazmatQualified: true,
      permittedGrossKg: 49000,
      companyId: 'C330300007',
      terminalId: '013800000101',
      grade: 'GRADE_UNSPECIFIED',
      hazardClasses: [],
    },
  },
  {
    listEntry: {
      list: 'BLACK',
      subjectKind: 'VESSEL',
      subjectId: '413800102',
      reason: '伪造船舶检验证书',
      fromMs: T0 - 90 * DAY,
      untilMs: 0,
      status: 'ACTIVE',
    },
  },
  {
    history: {
      subjectKind: 'VESSEL',
      subjectId: '413800102',
      kind: 'INSPECTION',
      atMs: T0 - 200 * DAY,
      deficiencies: 7,
      detained: true,
      note: '',
    },
  },
  {
    waybill: {
      id: 'WB-2026-000123',
      plate: '浙F3A101',
      unNumber: 'UN1203',
      hazardClass: '3',
      quantityKg: 28000,
      route: [
        { lat: 30.7522, lon: 120.7585 },
        { lat: 30.8, lon: 120.9 },
      ],
      windowFromMs: T0,
      windowUntilMs: T0 + DAY,
      companyId: 'C330300007',
    },
  },
  // The ship risk profile's data (fields added in the same format 1: older nodes skip the records).
  { flagState: { code: 'TG', name: 'Togo', list: 'black-high', imoAudited: false } },
  { recognisedOrganisation: { id: 'RO-0042', name: 'Example Register', performance: 'low', recognised: false } },
  // A company whose ships had no PSC inspection in 36 months: 0 is sent, and differs from unset.
  {
    company: {
      id: 'C330300099',
      name: '示例远洋航运',
      grade: 'B',
      score: 71,
      performance: 'low',
      recentPscInspections: 0,
    },
  },
  {
    vessel: {
      mmsi: 671000001,
      imo: 9000001,
      registrationNo: '',
      nameZh: '',
      name: 'EXAMPLE TRADER',
      shipType: 70,
      buildYear: 2009,
      grossTonnage: 12000,
      maxDraughtCm: 910,
      portOfRegistry: 'Lome',
      companyId: 'C330300099',
      grade: 'GRADE_UNSPECIFIED',
      flag: 'TG',
      roId: 'RO-0042',
      pscType: 'bulk-carrier',
      dangerousCargo: false,
      maxPersons: 24,
    },
  },
];

function build(): Buffer {
  return buildSnapshot(
    {
      version: 1795000000,
      baseVersion: 0,
      issuedAtMs: T0,
      validUntilMs: T0 + 7 * DAY,
      issuer: '浙江省交通运输信用平台（测试）',
    },
    ISSUER,
    RECORDS,
  );
}

describe('snapshot golden vectors', () => {
  it('match what the code produces, frame by frame', async () => {
    const bytes = build();
    const parts: Buffer[] = [];
    for await (const f of frames([bytes])) parts.push(frameBody(f));
    const names = ['header.bin', ...RECORDS.map((_, i) => `record-${i + 1}.bin`), 'trailer.bin'];
    if (process.env.UPDATE_VECTORS || !existsSync(join(DIR, 'snapshot.ksnap'))) {
      writeFileSync(join(DIR, 'snapshot.ksnap'), bytes);
      names.forEach((n, i) => writeFileSync(join(DIR, n), parts[i] as Buffer));
      writeFileSync(join(DIR, 'issuer-public-key.hex'), `${rawPublicKey(createPublicKey(ISSUER)).toString('hex')}\n`);
    }
    expect(readFileSync(join(DIR, 'snapshot.ksnap')).equals(bytes)).toBe(true);
    names.forEach((n, i) => expect(readFileSync(join(DIR, n)).equals(parts[i] as Buffer), n).toBe(true));
  });

  it('verify under the published issuer key', async () => {
    const pub = readFileSync(join(DIR, 'issuer-public-key.hex'), 'utf8').trim();
    const s = await summarise([readFileSync(join(DIR, 'snapshot.ksnap'))], trustedKeyMap([pub]));
    expect(s).toMatchObject({ records: RECORDS.length, signatureValid: true });
  });

  it('decode with protoc and the shipped .proto files', (ctx) => {
    if (spawnSync('protoc', ['--version']).error) {
      if (process.env.CI) throw new Error('CI must check the vectors with protoc (apt-get install protobuf-compiler)');
      ctx.skip();
    }
    const decode = (type: string, file: string, proto: string) =>
      spawnSync('protoc', [`--proto_path=${join(ROOT, 'sync', 'proto')}`, `--decode=${type}`, proto], {
        input: readFileSync(file),
        encoding: 'utf8',
      });
    const h = decode('kakou.snapshot.v1.SnapshotHeader', join(DIR, 'header.bin'), 'snapshot.proto');
    expect(h.stderr).toBe('');
    expect(h.stdout).toContain('version: 1795000000');
    const r = decode('kakou.snapshot.v1.SnapshotRecord', join(DIR, 'record-2.bin'), 'snapshot.proto');
    expect(r.stdout).toContain('mmsi: 413800102');
    const w = decode('kakou.snapshot.v1.SnapshotRecord', join(DIR, 'record-6.bin'), 'snapshot.proto');
    expect(w.stdout).toContain('un_number: "UN1203"');
    const flag = decode('kakou.snapshot.v1.SnapshotRecord', join(DIR, 'record-7.bin'), 'snapshot.proto');
    expect(flag.stdout).toContain('list: "black-high"');
    const zero = decode('kakou.snapshot.v1.SnapshotRecord', join(DIR, 'record-9.bin'), 'snapshot.proto');
    expect(zero.stdout).toContain('recent_psc_inspections: 0');
    const ship = decode('kakou.snapshot.v1.SnapshotRecord', join(DIR, 'record-10.bin'), 'snapshot.proto');
    expect(ship.stdout).toContain('psc_type: "bulk-carrier"');
    const tr = decode('kakou.snapshot.v1.SnapshotTrailer', join(DIR, 'trailer.bin'), 'snapshot.proto');
    expect(tr.stdout).toContain(`record_count: ${RECORDS.length}`);
    const vectors = JSON.parse(readFileSync(join(ROOT, 'sync', 'vectors', 'uplink-v1.json'), 'utf8')) as {
      batch: { signedBatchHex: string; batchHex: string };
    };
    const sb = spawnSync(
      'protoc',
      [`--proto_path=${join(ROOT, 'sync', 'proto')}`, '--decode=kakou.uplink.v1.Batch', 'uplink.proto'],
      { input: Buffer.from(vectors.batch.batchHex, 'hex'), encoding: 'utf8' },
    );
    expect(sb.stderr).toBe('');
    expect(sb.stdout).toContain('node_id: "kakou-jx-01"');
  });
});
