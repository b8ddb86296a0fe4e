import { raise } from './vessel-signals.js';
import type { Checkpoint } from './checkpoint.js';
import type { VehicleTrack } from './track.js';

/** A gate read and a terminal's crossing this close together are the same vehicle passing. */
const PAIR_MS = 90_000;
/** A terminal fix this close in time to a gate read says where the plate's vehicle was then. */
const NEAR_MS = 10 * 60_000;
/** Faster than a laden road tanker goes (144 km/h), and position noise on top. */
const MAX_SPEED_MPS = 40;
const SLACK_M = 1_000;
/** Pending reads and crossings kept for pairing: a busy gate passes a few vehicles a minute. */
const MAX_PENDING = 256;

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

interface GateRead {
  trackId: string;
  plate: string;
  station: string;
  at: number;
}

/**
 * Fuses what gate devices read of plates with what vehicle terminals report (套牌 and dark
 * running, the vehicles' identity checks): one plate at the gate while its terminal reports it
 * too far away for the time between (PLATE_CLONED), and a terminal that crosses the gate as the
 * camera reads another plate with no terminal of its own crossing (PLATE_MISMATCH). Tracks are
 * keyed by plate, so a read and its own terminal's reports meet on one track.
 */
export class PlateWatch {
  private reads: GateRead[] = [];
  private crossings: VehicleTrack[] = [];

  constructor(private readonly checkpoint: Checkpoint) {}

  /** A device at the gate read the vehicle's plate. */
  read(t: VehicleTrack, station: string, at: number): void {
    t.plateRead = { at, station };
    this.clonedCheck(t, at);
    this.prune(at);
    // A plate some terminal reports is accounted for (or cloned, above): only a plate no terminal
    // reports can be another terminal's vehicle under a different plate.
    if (t.terminalId !== null) return;
    const crossing = this.only(this.crossings.filter((c) => c.id !== t.id && !this.readOwn(c, at)));
    if (crossing) {
      this.mismatch(crossing, t.plate as string, station, at);
      this.crossings = this.crossings.filter((c) => c !== crossing);
      return;
    }
    if (this.reads.length < MAX_PENDING) this.reads.push({ trackId: t.id, plate: t.plate as string, station, at });
  }

  /** The vehicle's own terminal reported a position; `crossed` when that move crossed the gate. */
  fix(t: VehicleTrack, at: number, crossed: boolean): void {
    t.terminalAt = at;
    if (t.plateRead && Math.abs(at - t.plateRead.at) <= NEAR_MS) this.clonedCheck(t, t.plateRead.at);
    if (!crossed) return;
    this.prune(at);
    if (this.readOwn(t, at)) return;
    const read = this.only(this.reads.filter((r) => r.trackId !== t.id));
    if (read) {
      this.mismatch(t, read.plate, read.station, read.at);
      this.reads = this.reads.filter((r) => r !== read);
      return;
    }
    if (this.crossings.length < MAX_PENDING) this.crossings.push(t);
  }

  /** The plate read at the gate at `readAt` while the terminal's latest fix puts the vehicle elsewhere. */
  private clonedCheck(t: VehicleTrack, readAt: number): void {
    const fixAt = t.history.lastTime();
    if (t.terminalId === null || t.lat === null || t.lon === null || fixAt === null || !t.plateRead) return;
    const apart = Math.abs(readAt - fixAt);
    if (apart > NEAR_MS) return;
    const metres = this.checkpoint.distanceM(t.lat, t.lon);
    if (metres <= (MAX_SPEED_MPS * apart) / 1000 + SLACK_M) return;
    const km = (metres / 1000).toFixed(1);
    raise(
      t,
      'PLATE_CLONED',
      readAt,
      `${t.plateRead.station}: ${t.plate} ${clock(readAt)}; ${t.terminalId}: ${km} km ${clock(fixAt)}`,
      `卡口（${t.plateRead.station}）${clock(readAt)} 识别车牌 ${t.plate}，同一时段该车终端位于 ${km} 公里外，疑似套牌`,
      `gate read ${t.plate} while its terminal was ${km} km away (cloned plate)`,
    );
  }

  private mismatch(t: VehicleTrack, read: string, station: string, at: number): void {
    raise(
      t,
      'PLATE_MISMATCH',
      at,
      `${station}: ${read} ${clock(at)}; ${t.terminalId}: ${t.plate}`,
      `车载终端上报车牌 ${t.plate}，通过卡口时摄像头识别为 ${read}`,
      `terminal reports ${t.plate}; the gate read ${read} as it crossed`,
    );
  }

  /** Whether the gate read this track's own plate around `at`. */
  private readOwn(t: VehicleTrack, at: number): boolean {
    return t.plateRead !== null && Math.abs(at - t.plateRead.at) <= PAIR_MS;
  }

  /** Exactly one candidate, or none: two vehicles crossing together cannot be told apart. */
  private only<T>(candidates: T[]): T | null {
    return candidates.length === 1 ? (candidates[0] as T) : null;
  }

  private prune(at: number): void {
    this.reads = this.reads.filter((r) => at - r.at <= PAIR_MS);
    this.crossings = this.crossings.filter((c) => c.crossedAt !== null && at - c.crossedAt <= PAIR_MS);
  }
}
