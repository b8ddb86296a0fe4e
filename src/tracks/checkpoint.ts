import { insidePolygon, LocalFrame, velocity, type Xy } from '../domain/geo.js';
import type { TargetKind } from '../domain/target.js';
import { Gate, type GateMove, type GateSpec, type LatLon } from './gate.js';

export type { GateMove, GateSpec, LatLon } from './gate.js';

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
  /** Several lines or gates, each with its own subjects, devices and team; when set, `gate` and `gateDevices` are unused. */
  gates?: readonly GateSpec[];
  /** How far a subject that crossed goes from the gate before its next approach is a new passage. */
  passageRearmM?: number;
}

export interface Approach {
  /** The line or gate the target is heading for (the soonest), else the nearest that checks its kind. */
  gate: string | null;
  /** Metres to that line or gate now (0 inside a gate polygon or circle). */
  distanceM: number;
  /** Seconds until the current course and speed reach it; null if they never do. */
  etaS: number | null;
  /** Reaches it within crossWithinMinutes (or is in the gate now). */
  crossingSoon: boolean;
}

/** The one gate of a checkpoint configured with `gate` (and `gateDevices`) alone. */
export const MAIN_GATE = 'main';

/** Below this a vessel is drifting or moored: no meaningful ETA. */
const MIN_SPEED_MPS = 0.25;

/**
 * The checkpoint as geometry: its lines or gates (one, or several: two fairway directions, a road
 * gate, a lock), which one a target is heading for, how far it is and when its present course and
 * speed bring it there, crossings, and which speed-limit zone a position lies in.
 */
export class Checkpoint {
  readonly frame: LocalFrame;
  readonly gates: readonly Gate[];
  private readonly zones: { name: string; ring: Xy[]; maxKn: number }[];

  constructor(readonly opts: CheckpointOptions) {
    this.frame = new LocalFrame(opts.site.lat, opts.site.lon);
    const specs: readonly GateSpec[] = opts.gates?.length
      ? opts.gates
      : [
          {
            id: MAIN_GATE,
            name: '',
            points: opts.gate,
            centre: [opts.site.lat, opts.site.lon],
            radiusM: opts.gateRadiusM,
            kinds: ['vessel', 'vehicle'],
            devices: opts.gateDevices ?? [],
          },
        ];
    this.gates = specs.map((g) => new Gate(g, this.frame));
    this.zones = opts.speedZones.map((z) => ({
      name: z.name,
      maxKn: z.maxKn,
      ring: z.polygon.map(([lat, lon]) => this.frame.toXy(lat, lon)),
    }));
  }

  /** The first gate as the terminal map draws it (a checkpoint with several lists them in `shapes`). */
  shape(): ReturnType<Gate['shape']> {
    return (this.gates[0] as Gate).shape();
  }

  /** Every line or gate with its id, name, the kinds it checks and its shape. */
  shapes(): Array<{ id: string; name: string; kinds: readonly TargetKind[]; shape: ReturnType<Gate['shape']> }> {
    return this.gates.map((g) => ({ id: g.spec.id, name: g.spec.name, kinds: g.spec.kinds, shape: g.shape() }));
  }

  /** The gates' own teams, when the site sets each gate's boardings an hour; null when the policy's teams board. */
  gateTeams(): Array<{ id: string; kinds: TargetKind[]; gate: string; boardingsPerHour: number }> | null {
    if (this.gates.some((g) => g.spec.boardingsPerHour === undefined)) return null;
    return this.gates.map((g) => ({
      id: g.spec.id,
      kinds: [...g.spec.kinds],
      gate: g.spec.id,
      boardingsPerHour: g.spec.boardingsPerHour as number,
    }));
  }

  /** Every device standing at a line or gate. */
  gateDevices(): Set<string> {
    return new Set(this.gates.flatMap((g) => g.spec.devices));
  }

  /** Metres to the nearest line or gate. */
  distanceM(lat: number, lon: number): number {
    const p = this.frame.toXy(lat, lon);
    let best = Infinity;
    for (const g of this.gates) best = Math.min(best, g.distance(p));
    return best;
  }

  /** Within the radius where a vessel falling silent is a signal rather than a vessel leaving. */
  watches(lat: number, lon: number): boolean {
    return this.distanceM(lat, lon) <= this.opts.watchRadiusM;
  }

  /**
   * Where a target stands: the gate it is heading for (the one its course and speed reach first),
   * else the nearest, among the gates that check its kind (all of them when none does); its
   * distance and time to that gate.
   */
  approach(lat: number, lon: number, courseDeg: number | null, speedMps: number | null, kind?: TargetKind): Approach {
    const p = this.frame.toXy(lat, lon);
    const v =
      courseDeg !== null && speedMps !== null && speedMps >= MIN_SPEED_MPS ? velocity(courseDeg, speedMps) : null;
    const own = kind ? this.gates.filter((g) => g.checks(kind)) : [];
    let ahead: { gate: Gate; etaS: number } | null = null;
    let near: { gate: Gate; distanceM: number } | null = null;
    for (const g of own.length > 0 ? own : this.gates) {
      const d = g.distance(p);
      if (!near || d < near.distanceM) near = { gate: g, distanceM: d };
      const eta = d === 0 ? 0 : v ? g.timeTo(p, v) : null;
      if (eta !== null && (!ahead || eta < ahead.etaS)) ahead = { gate: g, etaS: eta };
    }
    const gate = (ahead?.gate ?? near?.gate) as Gate;
    const etaS = ahead?.etaS ?? null;
    return {
      gate: gate.spec.id,
      distanceM: gate.distance(p),
      etaS,
      crossingSoon: etaS !== null && etaS <= this.opts.crossWithinMinutes * 60,
    };
  }

  /**
   * A move from `from` (null for a first fix) to `to` against every line and gate: inside one now,
   * and whether (and which) the move crossed (see Gate.move).
   */
  move(from: LatLon | null, to: LatLon, wasInside: boolean): GateMove & { gate: string | null } {
    const q = this.frame.toXy(to[0], to[1]);
    const p = from && this.frame.toXy(from[0], from[1]);
    let inside = false;
    let crossed: string | null = null;
    for (const g of this.gates) {
      const m = g.move(p, q, wasInside && (p === null || g.distance(p) === 0));
      inside ||= m.inside;
      if (m.crossed && crossed === null) crossed = g.spec.id;
    }
    return { inside, crossed: crossed !== null, gate: crossed };
  }

  /** The first speed-limit zone containing the position, if any. */
  zoneAt(lat: number, lon: number): { name: string; maxKn: number } | null {
    if (this.zones.length === 0) return null;
    const p = this.frame.toXy(lat, lon);
    for (const z of this.zones) if (insidePolygon(p, z.ring)) return z;
    return null;
  }
}
