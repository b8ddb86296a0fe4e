import { describe, expect, it } from 'vitest';
import { trailsIn, siteDrawing } from '../../../src/app/site-map.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { siteCheckpoint } from '../../../src/app/site-checkpoint.js';
import { newVesselTrack } from '../../../src/tracks/new-track.js';
import type { Track } from '../../../src/tracks/track.js';

const T0 = Date.parse('2026-12-04T08:00:00Z');

function vessel(mmsi: number, fixes: Array<[number, number]>, heardAt = T0): Track {
  const t = newVesselTrack(`vessel:${mmsi}`, mmsi, T0, 64, true);
  fixes.forEach(([lat, lon], i) => t.history.push({ t: T0 + i * 10_000, lat, lon, speed: 8, course: 45 }));
  const last = fixes[fixes.length - 1] as [number, number];
  t.lat = last[0];
  t.lon = last[1];
  t.lastSeen = heardAt;
  return t;
}

const box = { south: 30.7, west: 120.7, north: 30.8, east: 120.8 };

describe('the map trails', () => {
  it('gives each track in view its last fixes, oldest first, and leaves out tracks outside or lost', () => {
    const path = Array.from({ length: 30 }, (_, i) => [30.72 + i * 0.001, 120.72 + i * 0.001] as [number, number]);
    const lost = vessel(413000003, [[30.75, 120.75]]);
    lost.lostAt = T0;
    const tracks = [vessel(413000001, path), vessel(413000002, [[31.5, 121.5]]), lost];
    const trails = trailsIn({ all: () => tracks.values() }, box, 100, 20);
    expect(trails.map((t) => t.id)).toEqual(['vessel:413000001']);
    const [trail] = trails;
    expect(trail?.points).toHaveLength(20);
    expect(trail?.points[0]?.[0]).toBeCloseTo(30.72 + 10 * 0.001, 6);
    expect(trail?.points[19]).toEqual([30.749, 120.749]);
  });

  it('keeps the most recently heard when more tracks are in view than asked for', () => {
    const tracks = [1, 2, 3, 4].map((k) => vessel(413000000 + k, [[30.75, 120.75]], T0 + k * 1000));
    const trails = trailsIn({ all: () => tracks.values() }, box, 2, 20);
    expect(trails.map((t) => t.id).sort()).toEqual(['vessel:413000003', 'vessel:413000004']);
  });
});

describe('the site drawing sent to the terminal', () => {
  it('sizes the ETA rings from the ring speeds: 8 kn and 60 km/h over 5, 15 and 30 minutes', () => {
    const config = loadConfig({});
    const checkpoint = siteCheckpoint(config);
    const drawing = siteDrawing(config, checkpoint);
    expect(drawing.etaRings.rings).toEqual([
      { minutes: 5, vesselM: 1235, vehicleM: 5000 },
      { minutes: 15, vesselM: 3704, vehicleM: 15_000 },
      { minutes: 30, vesselM: 7408, vehicleM: 30_000 },
    ]);
    expect(drawing.checkpoint).toEqual({ kind: 'circle', centre: [config.site.lat, config.site.lon], radiusM: 300 });
  });
});
