import type { Config } from '../config/schema.js';
import { KNOT_MPS } from '../domain/geo.js';
import type { Checkpoint } from '../tracks/checkpoint.js';
import type { TrackStore } from '../tracks/track-store.js';
import type { MapBox, SiteDrawing, Trail } from '../web/deps.js';

/** The site as the terminal map draws it: the drawing, the line or gate, the watch radius, speed zones and ETA rings. */
export function siteDrawing(config: Config, checkpoint: Checkpoint): SiteDrawing {
  const { map, site } = config;
  return {
    site: { name: site.name, lat: site.lat, lon: site.lon, utcOffsetMinutes: site.utcOffsetMinutes },
    checkpoint: checkpoint.shape(),
    gates: checkpoint.shapes(),
    watchRadiusM: config.checkpoint.watchRadiusM,
    speedZones: config.checkpoint.speedZones,
    features: map.features,
    etaRings: {
      kind: map.etaRingKind,
      speedKn: map.etaRingSpeedKn,
      speedKmh: map.etaRingSpeedKmh,
      rings: map.etaRingsMinutes.map((minutes) => ({
        minutes,
        vesselM: Math.round(map.etaRingSpeedKn * KNOT_MPS * minutes * 60),
        vehicleM: Math.round(((map.etaRingSpeedKmh * 1000) / 3600) * minutes * 60),
      })),
    },
    trailFixes: map.trailFixes,
  };
}

/**
 * The recent fixes of the live tracks whose latest position is inside the box, oldest first, at
 * most `limit` tracks (the most recently heard when more are in view) and `fixes` fixes each.
 */
export function trailsIn(tracks: Pick<TrackStore, 'all'>, box: MapBox, limit: number, fixes: number): Trail[] {
  const inView = [];
  for (const t of tracks.all()) {
    if (t.lat === null || t.lon === null || t.lostAt !== null) continue;
    if (t.lat < box.south || t.lat > box.north || t.lon < box.west || t.lon > box.east) continue;
    inView.push(t);
  }
  if (inView.length > limit) inView.sort((a, b) => b.lastSeen - a.lastSeen).length = limit;
  return inView.map((t) => {
    const n = Math.min(fixes, t.history.length);
    const points: Array<[number, number]> = [];
    for (let i = -n; i < 0; i++) {
      const f = t.history.at(i);
      if (f) points.push([f.lat, f.lon]);
    }
    return { id: t.id, points };
  });
}
