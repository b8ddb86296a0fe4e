import type {
  Observation,
  VehicleReport,
  VesselPosition,
  VesselSighting,
  VesselStatic,
} from '../domain/observation.js';
import { BoundedMemo } from '../domain/bounded-memo.js';
import { flat } from '../domain/flat-string.js';
import type { EventSink } from '../events.js';
import type { Checkpoint } from './checkpoint.js';
import { newVehicleTrack, newVesselTrack } from './new-track.js';
import { GateWatch } from './gate-watch.js';
import { PlateWatch } from './plate-watch.js';
import { applyStatic } from './vessel-static.js';
import { lostAfterS, MIN_LOST_S } from './reporting-interval.js';
import { type Track, type VehicleTrack, type VesselTrack } from './track.js';
import { checkMmsi, checkMotion, checkSpeedZone, markDark, type SignalLimits } from './vessel-signals.js';

function validPosition(lat: number | null, lon: number | null): lat is number {
  return lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

export interface TrackStoreOptions {
  /** How long a target may stay on the list after it was last heard (vehicles; vessels that went dark nearby). */
  staleAfterMs: number;
  maxTracks: number;
  historySize: number;
  limits: SignalLimits;
  checkpoint: Checkpoint;
  /** The MMSI on record for a vessel name (Latin or Chinese), for hull-name reads no live AIS name matches. */
  resolveName?: (name: string) => number | null;
}

/**
 * A camera at the line sees the vessel crossing it now: without a name to go by, the AIS vessel
 * nearest the line, heard within the last half minute, is the one in the picture.
 */
const AT_LINE_M = 250;
const AT_LINE_HEARD_MS = 30_000;

/**
 * A heard track moves to the recent end of the order at most this often: moving it on every
 * message (a delete and an insert) cost more than the rest of a position report's bookkeeping.
 */
const RELIST_MS = 1000;

/** Names compare without case, spaces or punctuation, in any script: "Zhe Jia Xing 0101" is "ZHEJIAXING0101". */
const nameKey = (name: string) => name.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');

const vesselIdOf = (mmsi: number) => flat(`vessel:${mmsi}`);
const NO_ALARMS: readonly string[] = Object.freeze([]);

/**
 * Live tracks: vessels by MMSI, vehicles by plate (or terminal id until a plate is known).
 * A vessel silent past its lost time (by AIS class and speed) leaves at once unless it fell silent
 * near the checkpoint: then it stays, marked as gone dark, until staleAfterMs. Bounded: past
 * maxTracks the least recently heard track goes first.
 */
export class TrackStore {
  // Map order doubles as recency order: a heard track is deleted and re-inserted at the end
  // (listedAt), at most once per RELIST_MS.
  private readonly tracks = new Map<string, Track>();
  // One id string per MMSI: a Map hashes a string once, and a fresh `vessel:${mmsi}` per message
  // would be hashed every time. Bounded like the tracks (cleared past it; ids are made again).
  private readonly vesselIds: BoundedMemo<number, string>;
  private readonly sensorKeys = new Map<string, BoundedMemo<string, string>>();
  private readonly vehicleByTerminal = new Map<string, string>();
  // The alarms each device reported last, by `${target}|${profile}|${device}` (bounded like the ids).
  private readonly deviceAlarms = new Map<string, readonly string[]>();
  // Live vessels by the name they broadcast, for hull-name reads.
  private readonly vesselByName = new Map<string, string>();
  private readonly gate: GateWatch;
  private readonly plates: PlateWatch;
  evicted = 0;
  expired = 0;

  constructor(
    private readonly opts: TrackStoreOptions,
    private readonly events: EventSink,
  ) {
    this.vesselIds = new BoundedMemo(2 * opts.maxTracks);
    this.gate = new GateWatch(opts.checkpoint);
    this.plates = new PlateWatch(opts.checkpoint);
  }

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
    const track =
      o.kind === 'vehicle-report'
        ? this.applyVehicle(o)
        : o.kind === 'vessel-sighting'
          ? this.applySighting(o)
          : this.applyVessel(o);
    // A camera seeing a vessel does not mean its AIS is heard: only a report from the target itself
    // clears a lost state and moves it to the recent end (sweep relies on that order).
    if (track.lastSeen === o.receivedAt) {
      track.lostAt = null;
      if (track.listedAt === undefined || o.receivedAt - track.listedAt >= RELIST_MS || o.receivedAt < track.listedAt) {
        track.listedAt = o.receivedAt;
        this.tracks.delete(track.id);
        this.tracks.set(track.id, track);
      }
    }
    if (this.tracks.size > this.opts.maxTracks) this.evictOldest();
    this.events.emit('track-changed', { id: track.id, removed: false });
    return track.id;
  }

  /** Marks vessels lost and drops the ones nobody needs to see any more. */
  sweep(now: number): void {
    for (const [id, t] of this.tracks) {
      // Listing order: everything after this track was listed later, and heard since it was listed.
      if (now - (t.listedAt ?? t.lastSeen) < MIN_LOST_S * 1000) break;
      const silentMs = now - t.lastSeen;
      if (silentMs < MIN_LOST_S * 1000) continue;
      if (t.kind === 'vehicle' || t.lostAt !== null || !t.aisHeard) {
        if (silentMs > this.opts.staleAfterMs) this.expire(id);
        continue;
      }
      const lostS = lostAfterS(t.aisClass, t.speed, t.status);
      if (silentMs <= lostS * 1000) continue;
      t.lostAt = now;
      const near = t.lat !== null && t.lon !== null && this.opts.checkpoint.watches(t.lat, t.lon);
      if (!near || silentMs > this.opts.staleAfterMs) {
        this.expire(id);
        continue;
      }
      markDark(t, now, this.opts.checkpoint.distanceM(t.lat as number, t.lon as number), lostS);
      this.events.emit('track-changed', { id, removed: false });
    }
  }

  private expire(id: string): void {
    this.remove(id);
    this.expired++;
  }

  private remove(id: string): void {
    const t = this.tracks.get(id);
    if (!t) return;
    this.tracks.delete(id);
    if (t.kind === 'vehicle' && t.terminalId !== null) this.vehicleByTerminal.delete(t.terminalId);
    if (t.kind === 'vessel' && t.shipname) {
      const key = nameKey(t.shipname);
      if (this.vesselByName.get(key) === id) this.vesselByName.delete(key);
    }
    this.events.emit('track-changed', { id, removed: true });
  }

  private evictOldest(): void {
    const first = this.tracks.keys().next();
    if (!first.done) {
      this.remove(first.value);
      this.evicted++;
    }
  }

  private vesselId(mmsi: number): string {
    return this.vesselIds.get(mmsi, vesselIdOf);
  }

  /**
   * One key string per (profile, device), as with vesselId: a property key made fresh per message
   * has to be hashed and looked up among V8's internalized strings each time.
   */
  private sensorKey(profile: string, deviceId: string): string {
    let keys = this.sensorKeys.get(profile);
    if (!keys) this.sensorKeys.set(profile, (keys = new BoundedMemo(2 * this.opts.maxTracks)));
    return keys.get(deviceId, (id) => `${profile}|${id}`);
  }

  private newVessel(id: string, mmsi: number, at: number, aisHeard = true): VesselTrack {
    const t = newVesselTrack(id, mmsi, at, this.opts.historySize, aisHeard);
    if (mmsi !== 0) checkMmsi(t, at);
    return t;
  }

  /** A checkpoint device saw a vessel: joined to its live track by MMSI or name, or a track of its own when AIS is silent. */
  private applySighting(o: VesselSighting): VesselTrack {
    const t = this.sightedVessel(o);
    if (!t.aisHeard) t.lastSeen = o.receivedAt;
    this.gate.read(t, o.deviceId, o.station, o.receivedAt);
    const prev = t.sighting;
    const measured = o.draughtM !== null;
    t.sighting = {
      at: o.observedAt,
      station: o.station,
      profile: o.profile,
      hullName: o.hullName ?? prev?.hullName ?? null,
      draughtM: measured ? o.draughtM : (prev?.draughtM ?? null),
      draughtAt: measured ? o.observedAt : (prev?.draughtAt ?? null),
    };
    return t;
  }

  private sightedVessel(o: VesselSighting): VesselTrack {
    const vessel = (id: string | undefined) => {
      const t = id === undefined ? undefined : this.tracks.get(id);
      return t?.kind === 'vessel' ? t : undefined;
    };
    if (o.mmsi !== null)
      return vessel(this.vesselId(o.mmsi)) ?? this.newVessel(this.vesselId(o.mmsi), o.mmsi, o.receivedAt, false);
    const name = o.hullName as string; // the normalizer passes no sighting without an MMSI or a name
    const live = vessel(this.vesselByName.get(nameKey(name)));
    if (live) return live;
    const registered = this.opts.resolveName?.(name) ?? null;
    if (registered !== null)
      return (
        vessel(this.vesselId(registered)) ?? this.newVessel(this.vesselId(registered), registered, o.receivedAt, false)
      );
    // A name nobody goes by, on a vessel AIS shows crossing the line: the hull says one thing, AIS another.
    const atLine = this.vesselAtLine(o.receivedAt);
    if (atLine) return atLine;
    // Nobody on AIS or on record answers to the name: a vessel at the checkpoint without AIS.
    const id = flat(`vessel:hull:${nameKey(name)}`);
    const t = vessel(id) ?? this.newVessel(id, 0, o.receivedAt, false);
    t.shipname = name;
    return t;
  }

  private vesselAtLine(now: number): VesselTrack | undefined {
    let best: { t: VesselTrack; m: number } | undefined;
    for (const t of this.tracks.values()) {
      if (t.kind !== 'vessel' || !t.aisHeard || t.lat === null || t.lon === null || now - t.lastSeen > AT_LINE_HEARD_MS)
        continue;
      const m = this.opts.checkpoint.distanceM(t.lat, t.lon);
      if (m <= AT_LINE_M && (!best || m < best.m)) best = { t, m };
    }
    return best?.t;
  }

  /** AIS now names a vessel a camera saw without AIS: the camera's track folds into the AIS one. */
  private adoptHullTrack(t: VesselTrack, shipname: string): void {
    const key = nameKey(shipname);
    const hull = this.tracks.get(`vessel:hull:${key}`);
    if (hull?.kind === 'vessel' && hull !== t) {
      t.sighting ??= hull.sighting;
      this.remove(hull.id);
    }
    this.vesselByName.set(key, t.id);
  }

  private applyVessel(o: VesselPosition | VesselStatic): VesselTrack {
    const id = this.vesselId(o.mmsi);
    const existing = this.tracks.get(id);
    const t = existing?.kind === 'vessel' ? existing : this.newVessel(id, o.mmsi, o.receivedAt);
    const at = o.receivedAt;
    t.lastSeen = at;
    t.messages++;
    t.aisHeard = true;
    if (o.kind === 'vessel-position') {
      t.aisClass = o.aisType === 18 || o.aisType === 19 ? (o.csUnit === false ? 'B-SO' : 'B-CS') : 'A';
      // A report without a position still proves the vessel is there; keep the last known fix.
      if (validPosition(o.lat, o.lon)) {
        const lon = o.lon as number;
        checkMotion(t, o.lat, lon, at, this.opts.limits);
        checkSpeedZone(t, this.opts.checkpoint, o.lat, lon, o.speed, at);
        const [fromLat, fromLon] = [t.lat, t.lon];
        t.lat = o.lat;
        t.lon = lon;
        this.gate.moved(t, fromLat, fromLon, at);
        t.history.push({ t: at, lat: o.lat, lon, speed: o.speed, course: o.course });
      }
      t.speed = o.speed;
      t.course = o.course;
      t.heading = o.heading;
      if (o.aisType !== 18 && o.aisType !== 19) {
        t.turn = o.turn;
        t.status = o.status;
      }
      return t;
    }
    applyStatic(t, o, at);
    if (o.shipname) this.adoptHullTrack(t, o.shipname);
    return t;
  }

  private applyVehicle(o: VehicleReport): VehicleTrack {
    const t = o.terminalId === null ? this.roadsideVehicle(o) : this.onboardVehicle(o, o.terminalId);
    if (o.terminalId === null) {
      this.gate.read(t, o.deviceId, o.station, o.receivedAt);
      if (o.plate && this.gate.atGate(o.deviceId, o.station))
        this.plates.read(t, o.station ?? o.deviceId, o.receivedAt);
    }
    t.lastSeen = o.receivedAt;
    t.messages++;
    if (o.grossKg !== null && o.station !== null)
      t.weighing = { at: o.receivedAt, grossKg: o.grossKg, station: o.station };
    // A roadside device's alarm (a gas detector at the bay) is about the vehicle there: remembered for the passage.
    if (o.terminalId === null) {
      this.alarmChanges(t.id, o);
      for (const a of o.alarms) t.alarmsSeen[a] ??= o.observedAt;
    }
    return t;
  }

  /**
   * Alarms raised and cleared, device by device: a vehicle's terminal and its tank sensors report
   * their own alarms, and one device's report says nothing of another's.
   */
  private alarmChanges(targetId: string, o: VehicleReport): void {
    const key = `${targetId}|${o.profile}|${o.deviceId}`;
    const before = this.deviceAlarms.get(key) ?? NO_ALARMS;
    if (before.length === 0 && o.alarms.length === 0) return;
    const base = { targetId, profile: o.profile, deviceId: o.deviceId, at: o.observedAt };
    for (const alarm of o.alarms) if (!before.includes(alarm)) this.events.emit('alarm-raised', { ...base, alarm });
    for (const alarm of before) if (!o.alarms.includes(alarm)) this.events.emit('alarm-cleared', { ...base, alarm });
    if (this.deviceAlarms.size >= 2 * this.opts.maxTracks) this.deviceAlarms.clear();
    this.deviceAlarms.set(key, o.alarms.length === 0 ? NO_ALARMS : [...o.alarms]);
  }

  private newVehicle(id: string, terminalId: string | null, plate: string | null, at: number): VehicleTrack {
    return newVehicleTrack(flat(id), terminalId, plate, at, this.opts.historySize);
  }

  /** A scale or camera by the road: it knows the plate, nothing of the vehicle's own position or alarms. */
  private roadsideVehicle(o: VehicleReport): VehicleTrack {
    const id = `vehicle:${o.plate as string}`;
    const t = this.tracks.get(id);
    return t?.kind === 'vehicle' ? t : this.newVehicle(id, null, o.plate, o.receivedAt);
  }

  private onboardVehicle(o: VehicleReport, terminalId: string): VehicleTrack {
    let id = this.vehicleByTerminal.get(terminalId) ?? `vehicle:${o.plate ?? terminalId}`;
    let t = this.tracks.get(id);
    if (o.plate && t?.kind === 'vehicle' && t.plate === null) {
      // The plate arrived after the terminal id: re-key the track under the plate the snapshot uses.
      this.tracks.delete(id);
      this.events.emit('track-changed', { id, removed: true });
      id = `vehicle:${o.plate}`;
      // A roadside device may have seen the plate first: keep what it measured.
      const seen = this.tracks.get(id);
      if (seen?.kind === 'vehicle') t.weighing ??= seen.weighing;
      t.id = id;
      t.listedAt = undefined; // out of the order: apply() lists it again under its new id
    }
    if (t?.kind !== 'vehicle') t = this.newVehicle(id, terminalId, o.plate, o.receivedAt);
    t.terminalId = terminalId;
    this.vehicleByTerminal.set(terminalId, id);
    if (o.plate) t.plate = o.plate;
    // A sensor's report (a tank's pressure) says nothing of where the vehicle is or how fast it goes.
    if (validPosition(o.lat, o.lon)) {
      const [fromLat, fromLon, crossedBefore] = [t.lat, t.lon, t.crossedAt];
      t.lat = o.lat;
      t.lon = o.lon;
      this.gate.moved(t, fromLat, fromLon, o.receivedAt);
      t.speed = o.speed;
      t.heading = o.heading;
      t.history.push({ t: o.receivedAt, lat: o.lat, lon: o.lon as number, speed: o.speed, course: o.heading });
      if (t.plate) this.plates.fix(t, o.receivedAt, t.crossedAt !== crossedBefore);
    }
    if (o.livenessMs) {
      const key = this.sensorKey(o.profile, o.deviceId);
      const seen = t.sensors[key];
      if (seen) {
        seen.at = o.receivedAt;
        seen.livenessMs = o.livenessMs;
      } else t.sensors[key] = { profile: o.profile, deviceId: o.deviceId, at: o.receivedAt, livenessMs: o.livenessMs };
    }
    if (o.driver) t.driver = { ...o.driver, at: o.observedAt };
    this.alarmChanges(t.id, o);
    t.activeAlarms = o.alarms;
    for (const a of o.alarms) t.alarmsSeen[a] ??= o.observedAt;
    return t;
  }
}
