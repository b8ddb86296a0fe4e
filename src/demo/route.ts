import { LocalFrame } from '../domain/geo.js';

/**
 * The demo's waterway: a stretch of the Hangzhou-Shanghai line (杭申线) bending south-west to
 * north-east through the checkpoint, as waypoints in metres east and north of the site. Vessels
 * sail it at their own speed, turning back at either end as a vessel leaving the reach would be
 * replaced by one entering it.
 */
const WAYPOINTS: readonly (readonly [number, number])[] = [
  [-7400, -3900],
  [-6100, -3950],
  [-4900, -3300],
  [-3700, -2650],
  [-2500, -1750],
  [-1250, -870],
  [0, 0],
  [1250, 870],
  [2450, 1610],
  [3500, 2500],
  [4700, 3500],
  [6100, 3900],
  [7300, 4700],
];
const ORIGIN = 6; // index of the site

export interface RoutePoint {
  east: number;
  north: number;
  /** Direction of travel along the route for increasing s, degrees true. */
  bearing: number;
}

export class Route {
  private readonly cum: number[] = [0];
  readonly start: number;
  readonly end: number;

  constructor(
    private readonly points: readonly (readonly [number, number])[] = WAYPOINTS,
    origin = ORIGIN,
  ) {
    for (let i = 1; i < points.length; i++) {
      const [ax, ay] = points[i - 1] as readonly [number, number];
      const [bx, by] = points[i] as readonly [number, number];
      this.cum.push((this.cum[i - 1] as number) + Math.hypot(bx - ax, by - ay));
    }
    const o = this.cum[origin] as number;
    for (let i = 0; i < this.cum.length; i++) this.cum[i] = (this.cum[i] as number) - o;
    this.start = this.cum[0] as number;
    this.end = this.cum[this.cum.length - 1] as number;
  }

  /** The point s metres along the route from the site (negative: before it), with the lateral offset to starboard of increasing s. */
  at(s: number, lateral = 0): RoutePoint {
    const c = Math.max(this.start, Math.min(this.end, s));
    let i = 1;
    while (i < this.cum.length - 1 && (this.cum[i] as number) < c) i++;
    const [ax, ay] = this.points[i - 1] as readonly [number, number];
    const [bx, by] = this.points[i] as readonly [number, number];
    const len = (this.cum[i] as number) - (this.cum[i - 1] as number);
    const f = len === 0 ? 0 : (c - (this.cum[i - 1] as number)) / len;
    const ux = (bx - ax) / (len || 1);
    const uy = (by - ay) / (len || 1);
    const bearing = ((Math.atan2(ux, uy) * 180) / Math.PI + 360) % 360;
    return { east: ax + f * (bx - ax) + lateral * uy, north: ay + f * (by - ay) - lateral * ux, bearing };
  }
}

/**
 * The demo checkpoint: two gates, each with its own team of three boardings an hour (the policy's
 * six): a 500 m line across the waterway at the site for vessels, its hull-name camera standing at
 * it, and a line across the road where it bridges the canal for the hazmat trucks, with the
 * weigh-in-motion station; an 8-knot speed limit on the 3 km reach around the site, as a lock or
 * bridge approach would have.
 */
export function demoCheckpoint(site: { lat: number; lon: number }, route = new Route()) {
  const frame = new LocalFrame(site.lat, site.lon);
  const ll = (p: { east: number; north: number }): [number, number] => {
    const q = frame.toLatLon({ x: p.east, y: p.north });
    return [Math.round(q.lat * 1e6) / 1e6, Math.round(q.lon * 1e6) / 1e6];
  };
  const canal = [ll(route.at(0, -250)), ll(route.at(0, 250))];
  const across = (lateral: number): [number, number] => {
    const q = roadPoint(site, 0, lateral);
    return [Math.round(q.lat * 1e6) / 1e6, Math.round(q.lon * 1e6) / 1e6];
  };
  const reach = [-1500, -750, 0, 750, 1500];
  const polygon = [
    ...reach.map((s) => ll(route.at(s, -300))),
    ...[...reach].reverse().map((s) => ll(route.at(s, 300))),
  ];
  // The hull-name camera stands at the line and the weigh-in-motion station at the road's gate.
  const gates = [
    {
      id: 'canal',
      name: '杭申线航道',
      points: canal,
      kinds: ['vessel' as const],
      devices: ['cam-gate1'],
      boardingsPerHour: 3,
    },
    {
      id: 'road',
      name: '公路桥卡口',
      points: [across(-20), across(20)],
      kinds: ['vehicle' as const],
      devices: ['wim-01'],
      boardingsPerHour: 3,
    },
  ];
  return { gates, speedZones: [{ name: '卡口限速区', maxKn: 8, polygon }] };
}

/** The demo road (a provincial highway crossing the waterway at the checkpoint), as a bearing through the site. */
export const ROAD_BEARING = 102;

/** A point `along` metres down the road from the site and `lateral` metres to the right of it. */
export function roadPoint(
  site: { lat: number; lon: number },
  along: number,
  lateral = 0,
): { lat: number; lon: number } {
  const b = (ROAD_BEARING * Math.PI) / 180;
  const frame = new LocalFrame(site.lat, site.lon);
  return frame.toLatLon({
    x: along * Math.sin(b) + lateral * Math.cos(b),
    y: along * Math.cos(b) - lateral * Math.sin(b),
  });
}

/** The site the demo runs at unless configured otherwise (config defaults). */
export const DEMO_SITE = { lat: 30.7522, lon: 120.7585 };
