import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { ROAD_LINE, truckAt } from '../support/messages.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Plates read at the gate against what vehicle terminals report (套牌, running dark, a terminal
 * carrying another plate), with a real plate camera profile and the demo snapshot's trucks.
 */
const LAT = ROAD_LINE.lat;
const GATE_LON = ROAD_LINE.site.lon;
const clock = new ManualClock(Date.now());
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp(
    {
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      site: ROAD_LINE.site,
      checkpoint: { gate: ROAD_LINE.gate, gateDevices: ['cam-gate1'] },
    },
    clock,
  );
  await importDemoSnapshot(t.app);
});
afterAll(async () => {
  await t?.close();
});

const camera = (plate: string) => {
  t.app.ingest.accept({
    form: 'message',
    topic: 'kakou/anpr/cam-gate1/plate',
    payload: Buffer.from(JSON.stringify({ plate, time: new Date(clock.now()).toISOString() })),
  });
  t.app.targets.flush();
};
const terminal = (id: string, plate: string, lon: number, lat = LAT) => {
  t.app.ingest.accept(truckAt(id, plate, { lat, lon, heading: 90, kmh: 50 }));
  t.app.targets.flush();
};
const later = (s: number) => clock.set(clock.now() + s * 1000);
const reasons = (plate: string) => t.app.targets.get(`vehicle:${plate}`)?.reasons ?? [];
const codes = (plate: string) => reasons(plate).map((r) => r.code);

describe('plates at the gate and vehicle terminals', () => {
  it('flags a plate read at the gate while its own terminal reports the truck 30 km away (cloned plate)', () => {
    terminal('013800000101', '浙F3A101', 121.07); // about 30 km east, on its way elsewhere
    later(60);
    camera('浙F3A101');
    expect(codes('浙F3A101')).toContain('PLATE_CLONED');
    expect(reasons('浙F3A101').find((r) => r.code === 'PLATE_CLONED')?.evidence).toMatch(
      /^cam-gate1: 浙F3A101 .*; 013800000101: 29\.\d km /,
    );
    expect(t.app.targets.get('vehicle:浙F3A101')?.tier).toBe('must-inspect');
  });

  it('leaves a truck alone whose terminal crosses the gate as the camera reads its plate', () => {
    later(600);
    terminal('013800000104', '浙F3A104', GATE_LON - 0.002);
    later(20);
    terminal('013800000104', '浙F3A104', GATE_LON + 0.001);
    camera('浙F3A104');
    expect(codes('浙F3A104').filter((c) => c.startsWith('PLATE_') || c === 'TERMINAL_SILENT')).toEqual([]);
  });

  it('flags a terminal that crosses the gate as the camera reads another plate with no terminal crossing', () => {
    later(600);
    terminal('013800000102', '浙F3A102', GATE_LON - 0.002);
    later(20);
    camera('浙F9Z999');
    terminal('013800000102', '浙F3A102', GATE_LON + 0.001);
    expect(codes('浙F3A102')).toContain('PLATE_MISMATCH');
    expect(reasons('浙F3A102').find((r) => r.code === 'PLATE_MISMATCH')?.evidence).toMatch(
      /^cam-gate1: 浙F9Z999 .*; 013800000102: 浙F3A102$/,
    );
  });

  it('flags a hazmat truck read at the gate whose registered terminal is silent (running dark)', () => {
    later(600);
    camera('浙F3A105');
    expect(codes('浙F3A105')).toContain('TERMINAL_SILENT');
    // Its terminal back on the air: accounted for again at the next read.
    later(60);
    terminal('013800000105', '浙F3A105', GATE_LON + 0.003);
    later(60);
    camera('浙F3A105');
    expect(codes('浙F3A105')).not.toContain('TERMINAL_SILENT');
  });
});
