import { describe, expect, it } from 'vitest';
import type { VehicleReport, VesselPosition, VesselStatic } from '../../../src/domain/observation.js';
import { Checkpoint, type CheckpointOptions } from '../../../src/tracks/checkpoint.js';
import type { KakouEvents } from '../../../src/events.js';
import { TrackStore, type TrackStoreOptions } from '../../../src/tracks/track-store.js';
import type { VesselTrack } from '../../../src/tracks/track.js';
import { DEFAULT_LIMITS } from '../../../src/tracks/vessel-signals.js';

const SITE = { lat: 30.75, lon: 120.75 };
const M_LAT = 1 / 111_195; // degrees of latitude per metre

function checkpoint(extra: Partial<CheckpointOptions> = {}): Checkpoint {
  return new Checkpoint({
    site: SITE,
    gate: [],
    gateRadiusM: 300,
    crossWithinMinutes: 30,
    watchRadiusM: 5000,
    speedZones: [],
    ...extra,
  });
}

function store(
  opts: Partial<TrackStoreOptions> = {},
  onChange: (id: string, removed: boolean) => void = () => {},
): TrackStore {
  return new TrackStore(
    {
      staleAfterMs: 900_000,
      maxTracks: 100,
      historySize: 16,
      limits: DEFAULT_LIMITS,
      checkpoint: checkpoint(),
      ...opts,
    },
    {
      emit: (event, payload) => {
        const change = payload as KakouEvents['track-changed'];
        if (event === 'track-changed') onChange(change.id, change.removed);
      },
    },
  );
}

/** A class A report `north` metres north of the site at time `at` (ms). */
const pos = (
  mmsi: number,
  at: number,
  north: number | null = 0,
  more: Partial<VesselPosition> = {},
): VesselPosition => ({
  kind: 'vessel-position',
  profile: 'p',
  deviceId: 'gw',
  receivedAt: at,
  aisType: 1,
  mmsi,
  lat: north === null ? null : SITE.lat + north * M_LAT,
  lon: SITE.lon,
  speed: 8,
  course: 0,
  heading: 0,
  turn: 0,
  status: 0,
  ...more,
});
const statics = (mmsi: number, at: number, more: Partial<VesselStatic>): VesselStatic => ({
  kind: 'vessel-static',
  profile: 'p',
  deviceId: 'gw',
  receivedAt: at,
  aisType: 5,
  mmsi,
  ...more,
});
const report = (terminalId: string, plate: string | null, at: number, alarms: string[] = []): VehicleReport => ({
  kind: 'vehicle-report',
  profile: 'p',
  deviceId: terminalId,
  receivedAt: at,
  terminalId,
  station: null,
  plate,
  lat: 30.7,
  lon: 120.7,
  speed: 50,
  heading: 90,
  observedAt: at,
  alarms,
  grossKg: null,
  extra: {},
});
const weighing = (plate: string, grossKg: number, at: number): VehicleReport => ({
  kind: 'vehicle-report',
  profile: 'wim',
  deviceId: 'wim-01',
  receivedAt: at,
  terminalId: null,
  station: 'wim-01',
  plate,
  lat: null,
  lon: null,
  speed: null,
  heading: null,
  observedAt: at,
  alarms: [],
  grossKg,
  extra: { axles: [6000, 9000] },
});
const vessel = (s: TrackStore, mmsi: number) => s.get(`vessel:${mmsi}`) as VesselTrack;
const codes = (s: TrackStore, mmsi: number) => Object.keys(vessel(s, mmsi).signals).sort();
const S = 1000;

describe('track store', () => {
  it('keeps the last valid fix when a report has no position, and a bounded history of fixes', () => {
    const s = store({ historySize: 4 });
    for (let i = 0; i < 10; i++) s.apply(pos(413000001, i * 10 * S, i * 40));
    s.apply(pos(413000001, 100 * S, null));
    const t = vessel(s, 413000001);
    expect(t).toMatchObject({ messages: 11, lastSeen: 100 * S });
    expect(t.lat).toBeCloseTo(SITE.lat + 360 * M_LAT, 9);
    expect(t.history.length).toBe(4);
    expect(t.history.toArray().map((f) => f.t)).toEqual([60 * S, 70 * S, 80 * S, 90 * S]);
  });

  it('never holds more than maxTracks, dropping the least recently seen', () => {
    const removed: string[] = [];
    const s = store({ maxTracks: 3 }, (id, gone) => gone && removed.push(id));
    for (let i = 1; i <= 5; i++) s.apply(pos(413000000 + i, i));
    expect(s.size).toBe(3);
    expect(removed).toEqual(['vessel:413000001', 'vessel:413000002']);
  });

  it('loses a track on time though a busier one, heard later, is still listed before it', () => {
    // Far from the checkpoint: a lost vessel leaves at once. A is heard at 0 and 0.5 s (listed at 0),
    // B at 0.2 s (listed after A): at 30.3 s A is not yet silent for 30 s, and B is.
    const s = store({ checkpoint: checkpoint({ watchRadiusM: 100 }) });
    s.apply(pos(413000001, 0, 20_000, { speed: 30 }));
    s.apply(pos(413000002, 0.2 * S, 20_000, { speed: 30 }));
    s.apply(pos(413000001, 0.5 * S, 20_000, { speed: 30 }));
    s.sweep(30.3 * S);
    expect([...s.all()].map((t) => t.id)).toEqual(['vessel:413000001']);
    s.sweep(30.6 * S);
    expect(s.size).toBe(0);
  });

  it('expires vessels by their ITU-R M.1371 class and speed: a moving class A after 60 s, a moored one after 18 min', () => {
    const s = store({ checkpoint: checkpoint({ watchRadiusM: 100 }) });
    s.apply(pos(413000001, 0, 20_000, { speed: 10 }));
    s.apply(pos(413000002, 0, 20_000, { speed: 0, status: 5 }));
    s.apply(pos(413000003, 0, 20_000, { aisType: 18, speed: 10, csUnit: true }));
    s.sweep(59 * S);
    expect(s.size).toBe(3);
    s.sweep(61 * S);
    expect([...s.all()].map((t) => t.id).sort()).toEqual(['vessel:413000002', 'vessel:413000003']);
    s.sweep(181 * S);
    expect([...s.all()].map((t) => t.id)).toEqual(['vessel:413000002']);
    s.sweep(1081 * S);
    expect(s.size).toBe(0);
    expect(s.expired).toBe(3);
  });

  it('keeps a vessel that falls silent near the checkpoint as gone dark, until staleAfter', () => {
    const changes: string[] = [];
    const s = store({ staleAfterMs: 600 * S }, (id, gone) => changes.push(`${id}${gone ? ' removed' : ''}`));
    s.apply(pos(413000001, 0, 2000));
    s.sweep(61 * S);
    const t = vessel(s, 413000001);
    expect(t.lostAt).toBe(61 * S);
    expect(t.signals.AIS_WENT_DARK?.evidence).toMatch(/; 1700 m; 61 s > 60 s$/);
    expect(changes.at(-1)).toBe('vessel:413000001');
    s.apply(pos(413000001, 200 * S, 1950));
    expect(vessel(s, 413000001).lostAt).toBeNull();
    expect(codes(s, 413000001)).toEqual(['AIS_WENT_DARK']); // reappearing does not undo it
    s.sweep(261 * S);
    s.sweep(801 * S);
    expect(s.get('vessel:413000001')).toBeUndefined();
  });

  it('tells a single impossible jump from two transmitters sharing an MMSI', () => {
    const s = store();
    s.apply(pos(413000001, 0, 0));
    s.apply(pos(413000001, 10 * S, 40));
    s.apply(pos(413000001, 20 * S, 30_000)); // 30 km in 10 s
    s.apply(pos(413000001, 30 * S, 80));
    s.apply(pos(413000001, 40 * S, 120));
    expect(codes(s, 413000001)).toEqual(['AIS_POSITION_JUMP']);
    expect(vessel(s, 413000001).signals.AIS_POSITION_JUMP?.evidence).toMatch(/29960 m in 10 s/);

    s.apply(pos(413000002, 0, 0));
    s.apply(pos(413000002, 5 * S, 20_000));
    s.apply(pos(413000002, 10 * S, 40));
    s.apply(pos(413000002, 15 * S, 20_020));
    expect(codes(s, 413000002)).toEqual(['AIS_DUPLICATE_MMSI', 'AIS_POSITION_JUMP']);
  });

  it('follows a vessel whose position really moved after one jump without calling it a duplicate', () => {
    const s = store();
    s.apply(pos(413000001, 0, 0));
    for (let i = 1; i <= 5; i++) s.apply(pos(413000001, i * 10 * S, 20_000 + i * 40));
    s.apply(pos(413000001, 60 * S, 20_240));
    expect(codes(s, 413000001)).toEqual(['AIS_POSITION_JUMP']);
    expect(vessel(s, 413000001).signals.AIS_POSITION_JUMP?.count).toBe(1);
  });

  it('flags invalid and test MMSIs but not ship stations', () => {
    const s = store();
    for (const mmsi of [413000001, 123456789, 999999999, 12345, 100000001, 2_000_000]) s.apply(pos(mmsi, 0));
    expect(codes(s, 413000001)).toEqual([]);
    for (const mmsi of [123456789, 999999999, 12345, 100000001, 2_000_000])
      expect(codes(s, mmsi)).toEqual(['AIS_INVALID_MMSI']);
    expect(vessel(s, 2_000_000).signals.AIS_INVALID_MMSI?.evidence).toBe('2000000: coast-station');
  });

  it('flags static data that changes identity during a passage, not data that fills in', () => {
    const s = store();
    s.apply(statics(413000001, 0, { shipname: 'ZHEJIAXING 101', callsign: 'BJX101' }));
    s.apply(statics(413000001, S, { shipname: 'ZHEJIAXING101', imo: 9612345 }));
    expect(codes(s, 413000001)).toEqual([]);
    s.apply(statics(413000001, 2 * S, { shipname: 'HAIXING 7' }));
    expect(vessel(s, 413000001).signals.AIS_IDENTITY_CHANGED?.evidence).toBe('shipname: ZHEJIAXING101 → HAIXING 7');
  });

  it('flags speeding inside a configured zone only', () => {
    const zone = {
      name: '船闸限速区',
      maxKn: 6,
      polygon: [
        [30.74, 120.74],
        [30.76, 120.74],
        [30.76, 120.76],
        [30.74, 120.76],
      ] as [number, number][],
    };
    const s = store({ checkpoint: checkpoint({ speedZones: [zone] }) });
    s.apply(pos(413000001, 0, 0, { speed: 5.9 }));
    s.apply(pos(413000002, 0, 5000, { speed: 12 }));
    expect(s.get('vessel:413000001')?.signals).toEqual({});
    expect(s.get('vessel:413000002')?.signals).toEqual({});
    s.apply(pos(413000001, 10 * S, 40, { speed: 9.3 }));
    expect(vessel(s, 413000001).signals.AIS_SPEEDING_ZONE?.evidence).toMatch(/^船闸限速区: 9.3 kn > 6 kn/);
  });

  it('joins a roadside weighing to the vehicle by plate, whichever reports first', () => {
    const s = store();
    s.apply(weighing('浙F2', 51_000, 0));
    expect(s.get('vehicle:浙F2')).toMatchObject({
      terminalId: null,
      weighing: { grossKg: 51_000, station: 'wim-01' },
      lat: null,
    });
    s.apply(report('T2', '浙F2', S));
    expect(s.get('vehicle:浙F2')).toMatchObject({ terminalId: 'T2', weighing: { grossKg: 51_000 }, lat: 30.7 });
    expect(s.size).toBe(1);
    // A terminal known before its plate: the weighing waits under the plate until the terminal names it.
    s.apply(report('T3', null, 2 * S));
    s.apply(weighing('浙F3', 60_000, 3 * S));
    s.apply(report('T3', '浙F3', 4 * S));
    expect(s.get('vehicle:浙F3')).toMatchObject({ terminalId: 'T3', weighing: { grossKg: 60_000 } });
    expect(s.get('vehicle:T3')).toBeUndefined();
  });

  it('re-keys a vehicle under its plate, remembers alarms seen during the passage, and expires it after staleAfter', () => {
    const events: Array<[string, boolean]> = [];
    const s = store({ staleAfterMs: 100 * S }, (id, gone) => events.push([id, gone]));
    s.apply(report('T1', null, 0, ['overspeed']));
    s.apply(report('T1', '浙F1', 10));
    expect(s.get('vehicle:T1')).toBeUndefined();
    expect(s.get('vehicle:浙F1')).toMatchObject({ activeAlarms: [], alarmsSeen: { overspeed: 0 } });
    expect(events).toContainEqual(['vehicle:T1', true]);
    s.sweep(90 * S);
    expect(s.size).toBe(1);
    s.sweep(101 * S);
    expect(s.size).toBe(0);
  });
});
