import { distanceM } from '../domain/geo.js';
import type { Checkpoint, LatLon } from './checkpoint.js';
import type { Track } from './track.js';

/**
 * Sees subjects cross the checkpoint: a track's move across the line (or out of the gate it was
 * in), or a read by a device standing at the line or gate. A crossing is a fact of the track
 * (`crossedAt`); the rescore that follows closes the subject's passage with the tier then in
 * force. A second read by a gate device within a minute is the same crossing (a camera reads a
 * slow vehicle several times).
 */
export class GateWatch {
  private readonly devices: ReadonlySet<string>;

  constructor(private readonly checkpoint: Checkpoint) {
    this.devices = checkpoint.gateDevices();
  }

  /**
   * The track moved from (fromLat, fromLon), null for its first fix, to its present position (its
   * history's latest fix is still the one it moved from). A move faster than any vessel or truck
   * is a position glitch, not a crossing, and leaves the gate state as it was.
   */
  moved(t: Track, fromLat: number | null, fromLon: number | null, at: number): void {
    if (t.lat === null || t.lon === null) return;
    const from = fromLat === null || fromLon === null ? null : ([fromLat, fromLon] as const);
    if (from && !this.plausible(from, [t.lat, t.lon], t.history.lastTime(), at)) return;
    const move = this.checkpoint.move(from, [t.lat, t.lon], t.inGate);
    t.inGate = move.inside;
    if (move.crossed) t.crossedAt = at;
  }

  private plausible(from: LatLon, to: LatLon, fromT: number | null, at: number): boolean {
    if (fromT === null) return true;
    const metres = distanceM(from[0], from[1], to[0], to[1]);
    return metres <= (MAX_SPEED_MPS * Math.max(1, at - fromT)) / 1000 + SLACK_M;
  }

  /** Whether a device (or the station it reports for) stands at the gate. */
  atGate(deviceId: string, station: string | null): boolean {
    return this.devices.has(deviceId) || (station !== null && this.devices.has(station));
  }

  /** A device (or the station it reports for) read the subject, a plate or a hull name: at the gate, that is a crossing. */
  read(t: Track, deviceId: string, station: string | null, at: number): void {
    if (!this.atGate(deviceId, station)) return;
    if (t.crossedAt !== null && at - t.crossedAt >= 0 && at - t.crossedAt < SAME_CROSSING_MS) return;
    t.crossedAt = at;
  }
}

/** Reads by gate devices this close together are one crossing. */
const SAME_CROSSING_MS = 60_000;
/** Faster than any vessel or road vehicle at a checkpoint (about 117 kn, 216 km/h). */
const MAX_SPEED_MPS = 60;
/** Position noise a fix may carry on top of the distance moved. */
const SLACK_M = 50;
