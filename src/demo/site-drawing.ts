import { LocalFrame } from '../domain/geo.js';
import type { MapFeature } from '../config/map-schema.js';
import { Route, roadPoint } from './route.js';

/** Half the demo canal's width: a class III inland waterway is some 60 to 90 m across. */
const HALF_WIDTH_M = 45;
/** How far the road is drawn each side of the checkpoint. */
const ROAD_REACH_M = 9000;

/**
 * The demo site as the terminal map draws it: the canal the vessels sail (its water and banks),
 * the road the trucks drive with its two lanes, the berth by the checkpoint and the lock area.
 * Drawn from the same route and road the simulator moves the traffic along, so targets sit on them.
 */
export function demoSiteDrawing(site: { lat: number; lon: number }, route = new Route()): MapFeature[] {
  const frame = new LocalFrame(site.lat, site.lon);
  const lonLat = (p: { east: number; north: number }): number[] => {
    const q = frame.toLatLon({ x: p.east, y: p.north });
    return [round(q.lon), round(q.lat)];
  };
  const along: number[] = [];
  for (let s = route.start; s < route.end; s += 250) along.push(s);
  along.push(route.end);
  const bank = (side: number) => along.map((s) => lonLat(route.at(s, side * HALF_WIDTH_M)));
  const left = bank(-1);
  const right = bank(1);
  const water = [...left, ...[...right].reverse(), left[0] as number[]];
  const road = (lateral: number) =>
    [-ROAD_REACH_M, 0, ROAD_REACH_M].map((s) => {
      const q = roadPoint(site, s, lateral);
      return [round(q.lon), round(q.lat)];
    });
  const berth = [
    [600, 60],
    [900, 60],
    [900, 110],
    [600, 110],
    [600, 60],
  ].map(([s, lat]) => lonLat(route.at(s as number, lat as number)));
  return [
    feature('fairway', '杭申线', { type: 'Polygon', coordinates: [water] }),
    feature('bank', undefined, { type: 'MultiLineString', coordinates: [left, right] }),
    feature('road', '嘉兴危化品运输通道', { type: 'LineString', coordinates: road(0) }),
    feature('lane', undefined, { type: 'MultiLineString', coordinates: [road(-4), road(4)] }),
    feature('berth', '检查锚泊区', { type: 'Polygon', coordinates: [berth] }),
  ];
}

function feature(kind: MapFeature['properties']['kind'], name: string | undefined, geometry: MapFeature['geometry']) {
  return { type: 'Feature' as const, properties: name === undefined ? { kind } : { kind, name }, geometry };
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
