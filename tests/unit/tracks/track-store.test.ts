import { describe, expect, it } from 'vitest';
import type { VehicleReport, VesselPosition } from '../../../src/domain/observation.js';
import { TrackStore } from '../../../src/tracks/track-store.js';

const pos = (mmsi: number, at: number, lat: number | null = 30.7): VesselPosition => ({
  kind: 'vessel-position', profile: 'p', deviceId: 'gw', receivedAt: at, aisType: 1, mmsi, lat, lon: 120.7, speed: 5, course: 10, heading: 10, turn: 0, status: 0,
});
const report = (terminalId: string, plate: string | null, at: number, alarms: string[] = []): VehicleReport => ({
  kind: 'vehicle-report', profile: 'p', deviceId: terminalId, receivedAt: at, terminalId, plate, lat: 30.7, lon: 120.7, speed: 50, heading: 90, observedAt: at, alarms, extra: {},
});

describe('track store', () => {
  it('keeps the last valid fix when a report has no position', () => {
    const s = new TrackStore({ staleAfterMs: 1000, maxTracks: 10 }, () => {});
    s.apply(pos(1, 0));
    s.apply(pos(1, 10, null));
    expect(s.get('vessel:1')).toMatchObject({ lat: 30.7, messages: 2, lastSeen: 10 });
  });

  it('never holds more than maxTracks, dropping the least recently seen', () => {
    const removed: string[] = [];
    const s = new TrackStore({ staleAfterMs: 1_000_000, maxTracks: 3 }, (id, gone) => gone && removed.push(id));
    for (let i = 1; i <= 5; i++) s.apply(pos(i, i));
    expect(s.size).toBe(3);
    expect(removed).toEqual(['vessel:1', 'vessel:2']);
  });

  it('expires silent tracks', () => {
    const s = new TrackStore({ staleAfterMs: 100, maxTracks: 10 }, () => {});
    s.apply(pos(1, 0));
    s.apply(pos(2, 150));
    s.sweep(200);
    expect([...s.all()].map((t) => t.id)).toEqual(['vessel:2']);
  });

  it('re-keys a vehicle under its plate and remembers alarms seen during the passage', () => {
    const events: Array<[string, boolean]> = [];
    const s = new TrackStore({ staleAfterMs: 1000, maxTracks: 10 }, (id, gone) => events.push([id, gone]));
    s.apply(report('T1', null, 0, ['overspeed']));
    s.apply(report('T1', '浙F1', 10));
    expect(s.get('vehicle:T1')).toBeUndefined();
    expect(s.get('vehicle:浙F1')).toMatchObject({ activeAlarms: [], alarmsSeen: { overspeed: 0 } });
    expect(events).toContainEqual(['vehicle:T1', true]);
  });
});
