import { insidePolygon, LocalFrame, pointSegmentDistance, timeToSegment, velocity, type Xy } from '../domain/geo.js';

export type LatLon = readonly [number, number];

export interface CheckpointOptions {
  site: { lat: number; lon: number };
  /** Two points: a line across the fairway or road. Three or more: a gate polygon. Empty: a circle around the site. */
  gate: readonly LatLon[];
  gateRadiusM: number;
  crossWithinMinutes: number;
  watchRadiusM: number;
  speedZones: readonly { name: string; polygon: readonly LatLon[]; maxKn: number }[];
  /** Devices at the line or gate: a read by one is its subject crossing. */
  gateDevices?: readonly string[];
  /** How far a subject that crossed goes from the gate before its next approach is a new passage. */
  passageRearmM?: number;
}

/** A move from one fix to the next against the gate: inside it now, and whether the move crossed it. */
export interface GateMove {
  inside: boolean;
  crossed: boolean;
}

export interface Approach {
  /** Metres to the line or gate now (0 inside a gate polygon or circle). */
  distanceM: number;
  /** Seconds until the current course and speed reach the line or gate; null if they never do. */
  etaS: number | null;
  /** Reaches it within crossWithinMinutes (or is in the gate now). */
  crossingSoon: boolean;
}

/** Below this a vessel is drifting or moored: no meaningful ETA. */
const MIN_SPEED_MPS = 0.25;

/**
 * The checkpoint as geometry: where the line or gate is, how far a target is from it and when its
 * present course and speed bring it there, and which speed-limit zone a position lies in.
 */
export class Checkpoint {
  readonly frame: LocalFrame;
  private readonly gate: Xy[];
  private readonly polygon: boolean;
  private readonly zones: { name: string; ring: Xy[]; maxKn: number }[];

  constructor(readonly opts: CheckpointOptions) {
    this.frame = new LocalFrame(opts.site.lat, opts.site.lon);
    this.gate = opts.gate.map(([lat, lon]) => this.frame.toXy(lat, lon));
    this.polygon = this.gate.length >= 3;
    this.zones = opts.speedZones.map((z) => ({
      name: z.name,
      maxKn: z.maxKn,
      ring: z.polygon.map(([lat, lon]) => this.frame.toXy(lat, lon)),
    }));
  }

  /** The gate as drawn on the terminal's plot: a line, a closed ring, or the circle's centre and radius. */
  shape(): { kind: 'line' | 'polygon'; points: LatLon[] } | { kind: 'circle'; centre: LatLon; radiusM: number } {
    if (this.gate.length === 0)
      return { kind: 'circle', centre: [this.opts.site.lat, this.opts.site.lon], radiusM: this.opts.gateRadiusM };
    return { kind: this.polygon ? 'polygon' : 'line', points: [...this.opts.gate] };
  }

  distanceM(lat: number, lon: number): number {
    return this.distanceXy(this.frame.toXy(lat, lon));
  }

  /** Within the radius where a vessel falling silent is a signal rather than a vessel leaving. */
  watches(lat: number, lon: number): boolean {
    return this.distanceM(lat, lon) <= this.opts.watchRadiusM;
  }

  approach(lat: number, lon: number, courseDeg: number | null, speedMps: number | null): Approach {
    const p = this.frame.toXy(lat, lon);
    const distanceM = this.distanceXy(p);
    let etaS: number | null = distanceM === 0 ? 0 : null;
    if (etaS === null && courseDeg !== null && speedMps !== null && speedMps >= MIN_SPEED_MPS) {
      etaS = this.timeToGate(p, velocity(courseDeg, speedMps));
    }
    return { distanceM, etaS, crossingSoon: etaS !== null && etaS <= this.opts.crossWithinMinutes * 60 };
  }

  /**
   * A move from `from` (null for a first fix) to `to`: a line is crossed when the move intersects
   * it; a polygon or circle when the subject leaves it after being inside, or passes through it
   * between two fixes (sparse reports from a fast vehicle).
   */
  move(from: LatLon | null, to: LatLon, wasInside: boolean): GateMove {
    const q = this.frame.toXy(to[0], to[1]);
    const p = from && this.frame.toXy(from[0], from[1]);
    const g = this.gate;
    if (g.length === 2) {
      const t = p ? timeToSegment(p, { x: q.x - p.x, y: q.y - p.y }, g[0] as Xy, g[1] as Xy) : null;
      return { inside: false, crossed: t !== null && t < 1 };
    }
    const inside = this.distanceXy(q) === 0;
    if (wasInside || inside || !p) return { inside, crossed: wasInside && !inside };
    const v = { x: q.x - p.x, y: q.y - p.y };
    const entry = g.length === 0 ? timeToCircle(p, v, this.opts.gateRadiusM) : this.timeToGate(p, v);
    return { inside, crossed: entry !== null && entry <= 1 };
  }

  /** The first speed-limit zone containing the position, if any. */
  zoneAt(lat: number, lon: number): { name: string; maxKn: number } | null {
    if (this.zones.length === 0) return null;
    const p = this.frame.toXy(lat, lon);
    for (const z of this.zones) if (insidePolygon(p, z.ring)) return z;
    return null;
  }

  private distanceXy(p: Xy): number {
    const g = this.gate;
    if (g.length === 0) return Math.max(0, Math.hypot(p.x, p.y) - this.opts.gateRadiusM);
    if (this.polygon && insidePolygon(p, g)) return 0;
    let best = Infinity;
    const edges = this.polygon ? g.length : 1;
    for (let i = 0; i < edges; i++)
      best = Math.min(best, pointSegmentDistance(p, g[i] as Xy, g[(i + 1) % g.length] as Xy));
    return best;
  }

  private timeToGate(p: Xy, v: Xy): number | null {
    const g = this.gate;
    if (g.length === 0) return timeToCircle(p, v, this.opts.gateRadiusM);
    let best: number | null = null;
    const edges = this.polygon ? g.length : 1;
    for (let i = 0; i < edges; i++) {
      const t = timeToSegment(p, v, g[i] as Xy, g[(i + 1) % g.length] as Xy);
      if (t !== null && (best === null || t < best)) best = t;
    }
    return best;
  }
}

/** First time |p + t v| = r for t >= 0 (the origin is the site), or null if the path misses the circle. */
function timeToCircle(p: Xy, v: Xy, r: number): number | null {
  const a = v.x * v.x + v.y * v.y;
  const b = 2 * (p.x * v.x + p.y * v.y);
  const c = p.x * p.x + p.y * p.y - r * r;
  const disc = b * b - 4 * a * c;
  if (disc < 0) return null;
  const t = (-b - Math.sqrt(disc)) / (2 * a);
  return t >= 0 ? t : null;
}
