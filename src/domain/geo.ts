const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;
const M_PER_DEG = (EARTH_RADIUS_M * Math.PI) / 180;

export const KNOT_MPS = 1852 / 3600;

/** Great-circle distance in metres (haversine; ample for checkpoint-scale distances). */
export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export interface Xy {
  /** Metres east of the origin. */
  x: number;
  /** Metres north of the origin. */
  y: number;
}

/**
 * An equirectangular plane centred on the checkpoint. Within the 20-odd kilometres a checkpoint
 * watches, its error is below a metre per kilometre, far inside AIS position accuracy, and it
 * turns every gate question into plane geometry.
 */
export class LocalFrame {
  private readonly kx: number;

  constructor(
    readonly lat0: number,
    readonly lon0: number,
  ) {
    this.kx = M_PER_DEG * Math.cos(rad(lat0));
  }

  toXy(lat: number, lon: number): Xy {
    return { x: (lon - this.lon0) * this.kx, y: (lat - this.lat0) * M_PER_DEG };
  }

  toLatLon(p: Xy): { lat: number; lon: number } {
    return { lat: this.lat0 + p.y / M_PER_DEG, lon: this.lon0 + p.x / this.kx };
  }
}

/** Velocity in the plane from a course over ground (degrees true) and a speed (m/s). */
export function velocity(courseDeg: number, speedMps: number): Xy {
  const c = rad(courseDeg);
  return { x: Math.sin(c) * speedMps, y: Math.cos(c) * speedMps };
}

export function pointSegmentDistance(p: Xy, a: Xy, b: Xy): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + u * dx), p.y - (a.y + u * dy));
}

/** Seconds until a point moving at v reaches segment a-b, or null if it never does. */
export function timeToSegment(p: Xy, v: Xy, a: Xy, b: Xy): number | null {
  const ex = b.x - a.x;
  const ey = b.y - a.y;
  const denom = v.x * ey - v.y * ex;
  if (denom === 0) return null; // moving parallel to the segment
  const wx = a.x - p.x;
  const wy = a.y - p.y;
  const t = (wx * ey - wy * ex) / denom;
  const u = (wx * v.y - wy * v.x) / denom;
  return t >= 0 && u >= 0 && u <= 1 ? t : null;
}

/** Even-odd rule; points on an edge may fall either way, which a gate never needs to settle. */
export function insidePolygon(p: Xy, ring: readonly Xy[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Xy;
    const b = ring[j] as Xy;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Metres from a point to a polyline of [lat, lon] points (Infinity for an empty line). */
export function distanceToPolylineM(lat: number, lon: number, line: ReadonlyArray<readonly [number, number]>): number {
  if (line.length === 0) return Infinity;
  const frame = new LocalFrame(lat, lon);
  const origin = { x: 0, y: 0 };
  const pts = line.map(([a, b]) => frame.toXy(a, b));
  if (pts.length === 1) return Math.hypot((pts[0] as Xy).x, (pts[0] as Xy).y);
  let best = Infinity;
  for (let i = 1; i < pts.length; i++)
    best = Math.min(best, pointSegmentDistance(origin, pts[i - 1] as Xy, pts[i] as Xy));
  return best;
}
