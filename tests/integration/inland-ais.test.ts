import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBinary, encodeInlandStatic } from '../../src/demo/ais-binary-encoder.js';
import { encodeClassA, toSentences } from '../../src/demo/ais-encoder.js';
import type { SnapRecord } from '../../src/snapshot/format.js';
import { signedDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Inland AIS through the node: what a barge broadcasts of its cargo and crew (blue cones, persons
 * on board) against what it declared and what its certificate allows, as live findings on its target.
 */
const NOW = Date.now();
let t: TestApp;

const vessel = (mmsi: number, over: Partial<Extract<SnapRecord, { vessel: unknown }>['vessel']>): SnapRecord => ({
  vessel: {
    mmsi,
    imo: 0,
    registrationNo: `CN${mmsi}`,
    nameZh: `浙嘉兴货${mmsi % 10000}`,
    name: `ZHEJIAXINGHUO${mmsi % 10000}`,
    shipType: 80,
    buildYear: 2016,
    grossTonnage: 900,
    maxDraughtCm: 320,
    portOfRegistry: '嘉兴',
    companyId: 'C330400001',
    grade: 'A',
    ...over,
  },
});

function send(lines: string[]): void {
  t.app.ingest.accept({ form: 'message', topic: 'kakou/ais/gw1/nmea', payload: Buffer.from(lines.join('\r\n')) });
}
const at = (mmsi: number) =>
  toSentences(encodeClassA({ mmsi, lat: 30.75, lon: 120.74, speed: 5, course: 90, heading: 90 }), 0, 0);
const inland = (mmsi: number, hazard: number, draughtCm = 250, loadedCode: 0 | 1 | 2 = 1) => {
  const { payload, fillBits } = encodeInlandStatic({
    mmsi,
    eni: `0${mmsi % 10_000_000}`,
    lengthDm: 850,
    beamDm: 110,
    eriType: 8021,
    hazard,
    draughtCm,
    loadedCode,
  });
  return toSentences(payload, fillBits, 1);
};
const persons = (mmsi: number, crew: number, passengers: number) => {
  const { payload, fillBits } = encodeBinary({ type: 6, mmsi, dac: 200, fid: 55, destMmsi: 4_138_000 }, (w) =>
    w.uint(crew, 8).uint(passengers, 13).uint(0, 8).uint(0, 51),
  );
  return toSentences(payload, fillBits, 2);
};
const codes = (mmsi: number) => t.app.targets.get(`vessel:${mmsi}`)?.reasons.map((r) => r.code) ?? [];

beforeAll(async () => {
  t = await createTestApp();
  const extra = [
    vessel(413900201, { dangerousCargo: false, maxPersons: 12 }),
    vessel(413900202, { dangerousCargo: true }),
    vessel(413900203, { dangerousCargo: true, maxPersons: 8 }),
    vessel(413900204, { dangerousCargo: false }),
  ];
  await t.app.snapshots.importStream([signedDemoSnapshot(NOW, {}, extra)], 'test');
});
afterAll(async () => {
  await t.close();
});

describe('Inland AIS voyage data', () => {
  it('flags blue cones shown against the declaration, and persons over the certificate, with their evidence', () => {
    send([...at(413900201), ...inland(413900201, 2), ...persons(413900201, 5, 10)]);
    send([...at(413900202), ...inland(413900202, 0)]);
    send([...at(413900203), ...inland(413900203, 1), ...persons(413900203, 4, 3)]);
    t.app.targets.flush();
    expect(codes(413900201)).toEqual(expect.arrayContaining(['CONES_UNDECLARED', 'PERSONS_OVER_CERTIFICATE']));
    const undeclared = t.app.targets.get('vessel:413900201')?.reasons.find((r) => r.code === 'CONES_UNDECLARED');
    expect(undeclared?.evidence).toMatch(/^AIS 200\/10 .*hazard=2; dangerous_cargo=false$/);
    expect(t.app.targets.get('vessel:413900201')?.tier).toBe('must-inspect');
    expect(codes(413900202)).toContain('CONES_NOT_SHOWN');
    // Cones that agree with the declaration, and a crew within the certificate: nothing to say.
    expect(codes(413900203).filter((c) => c.startsWith('CONES_') || c === 'PERSONS_OVER_CERTIFICATE')).toEqual([]);
  });

  it("reads the barge's broadcast draught against the maximum on record", () => {
    send([...at(413900203), ...inland(413900203, 1, 380)]);
    t.app.targets.flush();
    expect(codes(413900203)).toContain('DRAUGHT_OVER_MAX');
  });

  it('reads the loaded state against the draught: unloaded at a laden draught is a contradiction', () => {
    // Code 2 is "unloaded" in the Inland AIS standard; 3.0 m of the 3.2 m maximum is a laden hull.
    send([...at(413900204), ...inland(413900204, 0, 300, 2)]);
    t.app.targets.flush();
    const found = t.app.targets.get('vessel:413900204')?.reasons.find((r) => r.code === 'LOAD_STATE_CONTRADICTED');
    expect(found?.evidence).toBe('AIS 200/10: loaded=2; AIS: 3.0 m ≥ 0.8 × 3.2 m');
    // The same barge saying it is loaded, or unloaded and floating light, says nothing.
    for (const [cm, code] of [
      [300, 1],
      [120, 2],
    ] as const) {
      send([...at(413900204), ...inland(413900204, 0, cm, code)]);
      t.app.targets.flush();
      expect(codes(413900204)).not.toContain('LOAD_STATE_CONTRADICTED');
    }
  });
});
