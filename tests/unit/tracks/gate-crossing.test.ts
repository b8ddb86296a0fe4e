import { describe, expect, it } from 'vitest';
import type { VehicleReport, VesselPosition } from '../../../src/domain/observation.js';
import { LocalFrame } from '../../../src/domain/geo.js';
import { Checkpoint, type LatLon } from '../../../src/tracks/checkpoint.js';
import { TrackStore } from '../../../src/tracks/track-store.js';
import { DEFAULT_LIMITS } from '../../../src/tracks/vessel-signals.js';
import { noEvents } from '../../support/events.js';

const SITE = { lat: 30.75, lon: 120.75 };
const frame = new LocalFrame(SITE.lat, SITE.lon);
/** A point `x` metres east and `y` metres north of the site. */
const at = (x: number, y: number): LatLon => {
  const p = frame.toLatLon({ x, y });
  return [p.lat, p.lon];
};
const checkpoint = (gate: LatLon[], gateDevices: string[] = []) =>
  new Checkpoint({
    site: SITE,
    gate,
    gateRadiusM: 100,
    crossWithinMinutes: 30,
    watchRadiusM: 5000,
    speedZones: [],
    gateDevices,
  });

describe('crossing the checkpoint', () => {
  it('sees a move across a line, and not a move that stops short of it or runs beside it', () => {
    const line = checkpoint([at(0, -200), at(0, 200)]);
    expect(line.move(at(-50, 0), at(50, 0), false)).toEqual({ inside: false, crossed: true, gate: 'main' });
    expect(line.move(at(50, 10), at(-50, -10), false).crossed).toBe(true);
    expect(line.move(at(-50, 0), at(-5, 0), false).crossed).toBe(false);
    expect(line.move(at(-50, 300), at(50, 300), false).crossed).toBe(false); // past the line's end
    expect(line.move(null, at(50, 0), false).crossed).toBe(false); // a first fix crosses nothing
  });

  it('sees a gate polygon or circle crossed when the subject leaves it, or passes through between fixes', () => {
    const square = checkpoint([at(-50, -50), at(50, -50), at(50, 50), at(-50, 50)]);
    const inside = square.move(at(-100, 0), at(0, 0), false);
    expect(inside).toEqual({ inside: true, crossed: false, gate: null });
    expect(square.move(at(0, 0), at(10, 0), true)).toEqual({ inside: true, crossed: false, gate: null });
    expect(square.move(at(10, 0), at(100, 0), true)).toEqual({ inside: false, crossed: true, gate: 'main' });
    expect(square.move(at(-100, 0), at(100, 0), false).crossed).toBe(true);
    expect(square.move(at(-100, 100), at(100, 100), false).crossed).toBe(false);
    const circle = checkpoint([]);
    expect(circle.move(at(-300, 0), at(300, 0), false).crossed).toBe(true);
    expect(circle.move(at(-300, 200), at(300, 200), false).crossed).toBe(false);
    expect(circle.move(at(0, 0), at(200, 0), true).crossed).toBe(true);
  });

  it('marks the track crossed by its own moves and by reads of a gate device, one crossing per pass', () => {
    const store = new TrackStore(
      {
        staleAfterMs: 900_000,
        maxTracks: 100,
        historySize: 8,
        limits: DEFAULT_LIMITS,
        checkpoint: checkpoint([at(0, -200), at(0, 200)], ['cam-lane1']),
      },
      noEvents,
    );
    const vessel = (x: number, t: number): VesselPosition => {
      const [lat, lon] = at(x, 0);
      return {
        ...{ kind: 'vessel-position', profile: 'ais', deviceId: 'gw', receivedAt: t, aisType: 1, mmsi: 413000001 },
        ...{ lat, lon, speed: 6, course: 90, heading: 90, turn: 0, status: 0 },
      };
    };
    store.apply(vessel(-100, 1000));
    expect(store.get('vessel:413000001')?.crossedAt).toBeNull();
    store.apply(vessel(-20, 11_000));
    expect(store.get('vessel:413000001')?.crossedAt).toBeNull();
    store.apply(vessel(20, 21_000));
    expect(store.get('vessel:413000001')?.crossedAt).toBe(21_000);
    // A fix 2 km off and back within seconds is a position glitch, not two crossings.
    store.apply(vessel(-2000, 22_000));
    store.apply(vessel(40, 23_000));
    expect(store.get('vessel:413000001')?.crossedAt).toBe(21_000);

    const plate = (deviceId: string, t: number): VehicleReport => ({
      ...{ kind: 'vehicle-report', profile: 'plate-camera-json', deviceId, receivedAt: t, terminalId: null },
      ...{ station: deviceId, plate: '浙F00001', lat: null, lon: null, speed: null, heading: null, observedAt: t },
      ...{ grossKg: null, alarms: [], extra: {} },
    });
    store.apply(plate('cam-approach', 1000));
    expect(store.get('vehicle:浙F00001')?.crossedAt).toBeNull(); // a camera away from the gate
    store.apply(plate('cam-lane1', 2000));
    expect(store.get('vehicle:浙F00001')?.crossedAt).toBe(2000);
    store.apply(plate('cam-lane1', 5000)); // the same pass read again
    expect(store.get('vehicle:浙F00001')?.crossedAt).toBe(2000);
    store.apply(plate('cam-lane1', 3_600_000)); // back an hour later: a new crossing
    expect(store.get('vehicle:浙F00001')?.crossedAt).toBe(3_600_000);
  });
});
