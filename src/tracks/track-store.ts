import type { Observation, VehicleReport, VesselPosition, VesselStatic } from '../domain/observation.js';
import type { Track, VehicleTrack, VesselTrack } from './track.js';

function validPosition(lat: number | null, lon: number | null): lat is number {
  return lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

export interface TrackStoreOptions {
  staleAfterMs: number;
  maxTracks: number;
}

/**
 * Live tracks: vessels by MMSI, vehicles by plate (or terminal id until a plate is known).
 * Bounded: past maxTracks the least recently seen track goes first.
 */
export class TrackStore {
  // Map order doubles as recency order: a touched track is deleted and re-inserted at the end.
  private readonly tracks = new Map<string, Track>();
  private readonly vehicleByTerminal = new Map<string, string>();
  evicted = 0;
  expired = 0;

  constructor(private readonly opts: TrackStoreOptions, private readonly onChange: (id: string, removed: boolean) => void) {}

  get size(): number {
    return this.tracks.size;
  }

  get(id: string): Track | undefined {
    return this.tracks.get(id);
  }

  all(): IterableIterator<Track> {
    return this.tracks.values();
  }

  apply(o: Observation): string {
    const track = o.kind === 'vehicle-report' ? this.applyVehicle(o) : this.applyVessel(o);
    this.tracks.delete(track.id);
    this.tracks.set(track.id, track);
    if (this.tracks.size > this.opts.maxTracks) this.evictOldest();
    this.onChange(track.id, false);
    return track.id;
  }

  /** Removes tracks silent for longer than staleAfterMs. */
  sweep(now: number): void {
    for (const [id, t] of this.tracks) {
      // Recency order lets the sweep stop at the first fresh track.
      if (now - t.lastSeen <= this.opts.staleAfterMs) break;
      this.remove(id);
      this.expired++;
    }
  }

  private remove(id: string): void {
    const t = this.tracks.get(id);
    if (!t) return;
    this.tracks.delete(id);
    if (t.kind === 'vehicle') this.vehicleByTerminal.delete(t.terminalId);
    this.onChange(id, true);
  }

  private evictOldest(): void {
    const first = this.tracks.keys().next();
    if (!first.done) {
      this.remove(first.value);
      this.evicted++;
    }
  }

  private applyVessel(o: VesselPosition | VesselStatic): VesselTrack {
    const id = `vessel:${o.mmsi}`;
    const existing = this.tracks.get(id);
    const t: VesselTrack = existing?.kind === 'vessel' ? existing : {
      id, kind: 'vessel', mmsi: o.mmsi, lat: null, lon: null, speed: null, course: null, heading: null, turn: null,
      status: null, shipname: null, callsign: null, imo: null, shiptype: null, draught: null, destination: null,
      length: null, firstSeen: o.receivedAt, lastSeen: o.receivedAt, messages: 0,
    };
    t.lastSeen = o.receivedAt;
    t.messages++;
    if (o.kind === 'vessel-position') {
      // A report without a position still proves the vessel is there; keep the last known fix.
      if (validPosition(o.lat, o.lon)) {
        t.lat = o.lat;
        t.lon = o.lon;
      }
      t.speed = o.speed;
      t.course = o.course;
      t.heading = o.heading;
      if (o.aisType !== 18) {
        t.turn = o.turn;
        t.status = o.status;
      }
    } else {
      if (o.shipname) t.shipname = o.shipname;
      if (o.callsign) t.callsign = o.callsign;
      if (o.imo !== undefined) t.imo = o.imo;
      if (o.shiptype !== undefined) t.shiptype = o.shiptype;
      if (o.draught !== undefined) t.draught = o.draught;
      if (o.destination) t.destination = o.destination;
      if (o.to_bow !== undefined && o.to_stern !== undefined && o.to_bow + o.to_stern > 0) t.length = o.to_bow + o.to_stern;
    }
    return t;
  }

  private applyVehicle(o: VehicleReport): VehicleTrack {
    let id = this.vehicleByTerminal.get(o.terminalId) ?? `vehicle:${o.plate ?? o.terminalId}`;
    let t = this.tracks.get(id);
    if (o.plate && t?.kind === 'vehicle' && t.plate === null) {
      // The plate arrived after the terminal id: re-key the track under the plate the snapshot uses.
      this.tracks.delete(id);
      this.onChange(id, true);
      id = `vehicle:${o.plate}`;
      t.id = id;
    }
    if (t?.kind !== 'vehicle') {
      t = {
        id, kind: 'vehicle', terminalId: o.terminalId, plate: o.plate, lat: null, lon: null, speed: null, heading: null,
        activeAlarms: [], alarmsSeen: {}, firstSeen: o.receivedAt, lastSeen: o.receivedAt, messages: 0,
      };
    }
    this.vehicleByTerminal.set(o.terminalId, id);
    t.lastSeen = o.receivedAt;
    t.messages++;
    if (o.plate) t.plate = o.plate;
    if (validPosition(o.lat, o.lon)) {
      t.lat = o.lat;
      t.lon = o.lon;
    }
    t.speed = o.speed;
    t.heading = o.heading;
    t.activeAlarms = o.alarms;
    for (const a of o.alarms) t.alarmsSeen[a] ??= o.observedAt;
    return t;
  }
}
