import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { commitment } from '../scoring/draw.js';
import type { ShiftRepo, ShiftRow } from '../storage/shift-repo.js';

/** Shift id: local start date and hour, e.g. "2026-11-25T08", from a fixed UTC offset and length. */
export function shiftIdAt(
  now: number,
  utcOffsetMinutes: number,
  shiftHours: number,
): { id: string; startedAt: number } {
  const local = now + utcOffsetMinutes * 60_000;
  const day = Math.floor(local / 86_400_000) * 86_400_000;
  const hour = Math.floor((local - day) / 3_600_000);
  const startHour = hour - (hour % shiftHours);
  const localStart = day + startHour * 3_600_000;
  const id = new Date(localStart).toISOString().slice(0, 13);
  return { id, startedAt: localStart - utcOffsetMinutes * 60_000 };
}

/**
 * The random-draw seed of the current shift. It is committed (SHA-256 published) when the shift
 * starts and revealed only for past shifts, so nobody can steer a draw or hide one afterwards.
 */
export class ShiftService {
  private current: ShiftRow | null = null;

  constructor(
    private readonly repo: ShiftRepo,
    private readonly clock: Clock,
    private readonly opts: { utcOffsetMinutes: number; shiftHours: number; fixedSeed: string; nodeId: string },
  ) {}

  /** The shift in force now; creates and commits its seed on first use. */
  now(): ShiftRow {
    const { id, startedAt } = shiftIdAt(this.clock.now(), this.opts.utcOffsetMinutes, this.opts.shiftHours);
    if (this.current?.id === id) return this.current;
    const seed = this.opts.fixedSeed || randomBytes(32).toString('hex');
    this.current = this.repo.getOrCreate(
      { id, startedAt: new Date(startedAt).toISOString(), seed, commitment: commitment(seed) },
      this.opts.nodeId,
      this.clock.now(),
    );
    return this.current;
  }

  /** Public view: the commitment of the current shift, and revealed seeds of past ones. */
  publicView(limit = 5): { current: { id: string; startedAt: string; commitment: string }; past: ShiftRow[] } {
    const c = this.now();
    return {
      current: { id: c.id, startedAt: c.startedAt, commitment: c.commitment },
      past: this.repo.past(c.id, limit),
    };
  }
}
