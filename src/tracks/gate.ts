import { insidePolygon, type LocalFrame, pointSegmentDistance, timeToSegment, type Xy } from '../domain/geo.js';
import type { TargetKind } from '../domain/target.js';

export type LatLon = readonly [number, number];

/** One checkpoint line or gate as configured: where it is, whom it checks, which devices stand at it. */
export interface GateSpec {
  id: string;
  name: string;
  /** Two points: a line across the fairway or road. Three or more: a gate polygon. Empty: a circle around `centre`. */
  points: readonly LatLon[];
  /** The circle's centre and radius when no points are drawn. */
  centre: LatLon;
  radiusM: number;
  /** The subjects it checks: a fairway line vessels, a road gate vehicles. */
  kinds: readonly TargetKind[];
  /** Devices standing at it: a read by one is its subject crossing. */
  devices: readonly string[];
  /** Boardings its team can do in an hour; unset, the policy's teams board at every gate. */
  boardingsPerHour?: number;
}

/** A move from one fix to the next against a gate: inside it now, and whether the move crossed it. */
export interface GateMove {
  inside: boolean;
  crossed: boolean;
}

/** The geometry of one line or gate in the site's local frame: distance, time to reach it, crossings. */
export class Gate {
  private readonly points: Xy[];
  private readonly polygon: boolean;
  private readonly centre: Xy;

  constructor(
    readonly spec: GateSpec,
    frame: LocalFrame,
  ) {
    this.points = spec.points.map(([lat, lon]) => frame.toXy(lat, lon));
    this.polygon = this.points.length >= 3;
    this.centre = frame.toXy(spec.centre[0], spec.centre[1]);
  }

  checks(kind: TargetKind): boolean {
    return this.spec.kinds.includes(kind);
  }

  /** The gate as the terminal map draws it: a line, a closed ring, or the circle's centre and radius. */
  shape(): { kind: 'line' | 'polygon'; points: LatLon[] } | { kind: 'circle'; centre: LatLon; radiusM: number } {
    if (this.points.length === 0) return { kind: 'circle', centre: this.spec.centre, radiusM: this.spec.radiusM };
    return { kind: this.polygon ? 'polygon' : 'line', points: [...this.spec.points] };
  }

  /** Metres from the point to the line or gate (0 inside a polygon or circle). */
  distance(p: Xy): number {
    const g = this.points;
    if (g.length === 0) return Math.max(0, Math.hypot(p.x - this.centre.x, p.y - this.centre.y) - this.spec.radiusM);
    if (this.polygon && insidePolygon(p, g)) return 0;
    let best = Infinity;
    const edges = this.polygon ? g.length : 1;
    for (let i = 0; i < edges; i++)
      best = Math.min(best, pointSegmentDistance(p, g[i] as Xy, g[(i + 1) % g.length] as Xy));
    return best;
  }

  /** Time (in units of v) until p + t v first meets the gate, or null if it never does. */
  timeTo(p: Xy, v: Xy): number | null {
    const g = this.points;
    if (g.length === 0) return timeToCircle({ x: p.x - this.centre.x, y: p.y - this.centre.y }, v, this.spec.radiusM);
    let best: number | null = null;
    const edges = this.polygon ? g.length : 1;
    for (let i = 0; i < edges; i++) {
      const t = timeToSegment(p, v, g[i] as Xy, g[(i + 1) % g.length] as Xy);
      if (t !== null && (best === null || t < best)) best = t;
    }
    return best;
  }

  /**
   * A move from p (null for a first fix) to q: a line is crossed when the move intersects it; a
   * polygon or circle when the subject leaves it after being inside, or passes through it between
   * two fixes (sparse reports from a fast vehicle).
   */
  move(p: Xy | null, q: Xy, wasInside: boolean): GateMove {
    const g = this.points;
    if (g.length === 2) {
      const t = p ? timeToSegment(p, { x: q.x - p.x, y: q.y - p.y }, g[0] as Xy, g[1] as Xy) : null;
      return { inside: false, crossed: t !== null && t < 1 };
    }
    const inside = this.distance(q) === 0;
    if (wasInside || inside || !p) return { inside, crossed: wasInside && !inside };
    const entry = this.timeTo(p, { x: q.x - p.x, y: q.y - p.y });
    return { inside, crossed: entry !== null && entry <= 1 };
  }
}

/** First time |p + t v| = r for t >= 0 (p relative to the centre), or null if the path misses the circle. */
function timeToCircle(p: Xy, v: Xy, r: number): number | null {
  const a = v.x * v.x + v.y * v.y;
  if (a === 0) return null;
  const b = 2 * (p.x * v.x + p.y * v.y);
  const c = p.x * p.x + p.y * p.y - r * r;
  const disc = b * b - 4 * a * c;
  if (disc < 0) return null;
  const t = (-b - Math.sqrt(disc)) / (2 * a);
  return t >= 0 ? t : null;
}
