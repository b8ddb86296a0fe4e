import { describe, expect, it } from 'vitest';
import { Checkpoint, type CheckpointOptions } from '../../../src/tracks/checkpoint.js';
import { FixHistory } from '../../../src/tracks/fix-history.js';
import { KNOT_MPS } from '../../../src/domain/geo.js';
import { lostAfterS, nominalIntervalS } from '../../../src/tracks/reporting-interval.js';

const SITE = { lat: 30.75, lon: 120.75 };
const cp = (extra: Partial<CheckpointOptions> = {}) =>
  new Checkpoint({
    site: SITE,
    gate: [],
    gateRadiusM: 300,
    crossWithinMinutes: 3,
    watchRadiusM: 5000,
    speedZones: [],
    ...extra,
  });
/** [lat, lon] of a point east/north of the site in metres. */
const at = (c: Checkpoint, east: number, north: number) => c.frame.toLatLon({ x: east, y: north });
const TEN_KN = 10 * KNOT_MPS;

describe('checkpoint geometry', () => {
  const line = (c = cp()) =>
    cp({
      gate: [
        [at(c, -200, 0).lat, at(c, -200, 0).lon],
        [at(c, 200, 0).lat, at(c, 200, 0).lon],
      ],
    });

  it('gives distance and ETA to a line across the fairway along the present course', () => {
    const c = line();
    const p = at(c, 0, -1000);
    const toward = c.approach(p.lat, p.lon, 0, TEN_KN);
    expect(toward.distanceM).toBeCloseTo(1000, 0);
    expect(toward.etaS).toBeCloseTo(1000 / TEN_KN, 0);
    expect(toward.crossingSoon).toBe(false); // 194 s > 3 minutes
    expect(c.approach(p.lat, p.lon, 180, TEN_KN).etaS).toBeNull();
    expect(c.approach(p.lat, p.lon, 0, 0.1).etaS).toBeNull(); // drifting
    const q = at(c, 0, -500);
    expect(c.approach(q.lat, q.lon, 0, TEN_KN).crossingSoon).toBe(true);
    const beside = at(c, 500, -1000);
    const miss = c.approach(beside.lat, beside.lon, 0, TEN_KN);
    expect(miss.etaS).toBeNull(); // passes east of the line's end
    expect(miss.distanceM).toBeCloseTo(Math.hypot(300, 1000), 0);
  });

  it('counts a target inside a gate polygon as in the gate', () => {
    const c0 = cp();
    const ring = [
      [-100, -100],
      [100, -100],
      [100, 100],
      [-100, 100],
    ]
      .map(([e, n]) => at(c0, e as number, n as number))
      .map((p) => [p.lat, p.lon] as [number, number]);
    const c = cp({ gate: ring });
    const inside = at(c, 10, 20);
    expect(c.approach(inside.lat, inside.lon, null, null)).toEqual({
      gate: 'main',
      distanceM: 0,
      etaS: 0,
      crossingSoon: true,
    });
    const west = at(c, -600, 0);
    const a = c.approach(west.lat, west.lon, 90, TEN_KN);
    expect(a.distanceM).toBeCloseTo(500, 0);
    expect(a.etaS).toBeCloseTo(500 / TEN_KN, 0);
    expect(c.shape()).toMatchObject({ kind: 'polygon' });
  });

  it('falls back to a circle around the site when no gate is drawn', () => {
    const c = cp();
    const p = at(c, 0, -1000);
    const a = c.approach(p.lat, p.lon, 0, TEN_KN);
    expect(a.distanceM).toBeCloseTo(700, 0);
    expect(a.etaS).toBeCloseTo(700 / TEN_KN, 0);
    expect(c.approach(p.lat, p.lon, 90, TEN_KN).etaS).toBeNull();
    expect(c.watches(p.lat, p.lon)).toBe(true);
    const far = at(c, 0, -6000);
    expect(c.watches(far.lat, far.lon)).toBe(false);
  });
});

describe('reporting intervals', () => {
  it('follows ITU-R M.1371 Tables 1 and 2 and the IEC 62388 lost times', () => {
    expect([
      nominalIntervalS('A', 0, 1),
      nominalIntervalS('A', 5, 1),
      nominalIntervalS('A', 10, 0),
      nominalIntervalS('A', 20, 0),
      nominalIntervalS('A', 30, 0),
    ]).toEqual([180, 10, 10, 6, 2]);
    expect([
      nominalIntervalS('B-SO', 1, null),
      nominalIntervalS('B-SO', 10, null),
      nominalIntervalS('B-SO', 20, null),
      nominalIntervalS('B-SO', 30, null),
      nominalIntervalS('B-CS', 30, null),
    ]).toEqual([180, 30, 15, 5, 30]);
    expect([
      lostAfterS('A', 0, 5),
      lostAfterS('A', 4, 5),
      lostAfterS('A', 10, 0),
      lostAfterS('A', 20, 0),
      lostAfterS('A', 30, 0),
    ]).toEqual([1080, 60, 60, 36, 30]);
    expect([
      lostAfterS('B-CS', 1, null),
      lostAfterS('B-CS', 10, null),
      lostAfterS('B-SO', 20, null),
      lostAfterS('B-SO', 30, null),
    ]).toEqual([1080, 180, 90, 30]);
  });
});

describe('fix history', () => {
  it('round-trips fixes at AIS resolution and keeps only the newest', () => {
    const h = new FixHistory(3, 1_000_000);
    for (let i = 0; i < 5; i++)
      h.push({
        t: 1_000_000 + i * 10_000,
        lat: 30.1234567 + i * 1e-4,
        lon: -120.7654321,
        speed: i === 4 ? null : 8.3,
        course: i === 3 ? null : 359.9,
      });
    expect(h.length).toBe(3);
    expect(h.at(0)).toEqual({ t: 1_020_000, lat: 30.1236567, lon: -120.7654321, speed: 8.3, course: 359.9 });
    expect(h.at(-1)).toEqual({ t: 1_040_000, lat: 30.1238567, lon: -120.7654321, speed: null, course: 359.9 });
    expect(h.at(-2)?.course).toBeNull();
    expect(h.at(3)).toBeUndefined();
    const truck = new FixHistory(2, 0);
    truck.push({ t: 0, lat: 0, lon: 0, speed: 118.4, course: 90 });
    expect(truck.at(0)?.speed).toBe(118.4);
  });
});

describe('a checkpoint with several gates', () => {
  const base = cp();
  const ll = (east: number, north: number): [number, number] => {
    const p = at(base, east, north);
    return [p.lat, p.lon];
  };
  // Two fairway lines 2 km apart north and south of the site (one for each direction), a road gate to the east.
  const gates = new Checkpoint({
    site: SITE,
    gate: [],
    gateRadiusM: 300,
    crossWithinMinutes: 10,
    watchRadiusM: 5000,
    speedZones: [],
    gates: [
      {
        id: 'north',
        name: '北线',
        points: [ll(-300, 2000), ll(300, 2000)],
        centre: [SITE.lat, SITE.lon],
        radiusM: 300,
        kinds: ['vessel'],
        devices: ['cam-n'],
        boardingsPerHour: 2,
      },
      {
        id: 'south',
        name: '南线',
        points: [ll(-300, -2000), ll(300, -2000)],
        centre: [SITE.lat, SITE.lon],
        radiusM: 300,
        kinds: ['vessel'],
        devices: ['cam-s'],
        boardingsPerHour: 2,
      },
      {
        id: 'road',
        name: '公路',
        points: [],
        centre: ll(3000, 0),
        radiusM: 100,
        kinds: ['vehicle'],
        devices: ['wim'],
        boardingsPerHour: 1,
      },
    ],
  });

  it('plans each target against the gate it is heading for, among those that check its kind', () => {
    const here = at(gates, 0, 0);
    const north = gates.approach(here.lat, here.lon, 0, TEN_KN, 'vessel');
    expect(north.gate).toBe('north');
    expect(north.distanceM).toBeCloseTo(2000, -1);
    expect(north.etaS).toBeCloseTo(2000 / TEN_KN, 0);
    expect(gates.approach(here.lat, here.lon, 180, TEN_KN, 'vessel')).toMatchObject({ gate: 'south' });
    // Moored, heading nowhere: the nearest of its own gates, with no ETA.
    const moored = at(gates, 0, -1500);
    expect(gates.approach(moored.lat, moored.lon, null, null, 'vessel')).toMatchObject({ gate: 'south', etaS: null });
    // A truck on the same spot is the road gate's, whatever the fairway lines.
    const truck = gates.approach(here.lat, here.lon, 90, 15, 'vehicle');
    expect(truck.gate).toBe('road');
    expect(truck.distanceM).toBeCloseTo(2900, 0);
  });

  it('sees a crossing of any gate, knows every gate device, and gives each gate its team', () => {
    const move = gates.move(
      [at(gates, 0, 1990).lat, at(gates, 0, 1990).lon],
      [at(gates, 0, 2010).lat, at(gates, 0, 2010).lon],
      false,
    );
    expect(move).toEqual({ inside: false, crossed: true, gate: 'north' });
    expect([...gates.gateDevices()].sort()).toEqual(['cam-n', 'cam-s', 'wim']);
    expect(gates.gateTeams()).toEqual([
      { id: 'north', kinds: ['vessel'], gate: 'north', boardingsPerHour: 2 },
      { id: 'south', kinds: ['vessel'], gate: 'south', boardingsPerHour: 2 },
      { id: 'road', kinds: ['vehicle'], gate: 'road', boardingsPerHour: 1 },
    ]);
    expect(gates.shapes().map((g) => [g.id, g.shape.kind])).toEqual([
      ['north', 'line'],
      ['south', 'line'],
      ['road', 'circle'],
    ]);
    // One gate drawn the old way has no team of its own: the policy's teams board.
    expect(cp().gateTeams()).toBeNull();
  });
});
