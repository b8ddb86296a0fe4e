export interface Fix {
  /** ms since epoch */
  t: number;
  lat: number;
  lon: number;
  /** Knots or km/h as the track reports them; null when not available. */
  speed: number | null;
  /** Degrees true; null when not available. */
  course: number | null;
}

const STRIDE = 4;
// Speed in tenths takes the 19 bits above the 12 of course in tenths; all ones means not available.
const NO_SPEED = 0x7ffff;
const NO_COURSE = 0xfff;

/**
 * The last N fixes of a track packed into one Int32Array, 16 bytes a fix: time in 100 ms since
 * the first fix, lat and lon in 1e-7 degrees (finer than AIS's 1/10000 minute), and speed and
 * course in tenths packed into one word. Fifty thousand tracks of 64 fixes fit in 50 MiB, where
 * objects would need six times that. The buffer grows by doubling, so short passages stay small.
 */
export class FixHistory {
  private buf: Int32Array;
  private start = 0;
  private count = 0;
  private readonly epoch: number;

  constructor(
    private readonly capacity: number,
    epochMs: number,
  ) {
    this.buf = new Int32Array(Math.min(capacity, 2) * STRIDE);
    this.epoch = epochMs;
  }

  get length(): number {
    return this.count;
  }

  /** When the latest fix was taken (ms), or null before the first. */
  lastTime(): number | null {
    if (this.count === 0) return null;
    return this.epoch + (this.buf[this.slot(this.count - 1) * STRIDE] as number) * 100;
  }

  /** Bytes held, for memory accounting. */
  get bytes(): number {
    return this.buf.byteLength;
  }

  push(f: Fix): void {
    let slots = this.buf.length / STRIDE;
    if (this.count === slots && slots < this.capacity) {
      const grown = new Int32Array(Math.min(this.capacity, slots * 2) * STRIDE);
      for (let i = 0; i < this.count; i++)
        grown.set(this.buf.subarray(this.slot(i) * STRIDE, this.slot(i) * STRIDE + STRIDE), i * STRIDE);
      this.buf = grown;
      this.start = 0;
      slots = grown.length / STRIDE;
    }
    const slot = (this.start + this.count) % slots;
    if (this.count === slots) this.start = (this.start + 1) % slots;
    else this.count++;
    const o = slot * STRIDE;
    this.buf[o] = Math.round((f.t - this.epoch) / 100);
    this.buf[o + 1] = Math.round(f.lat * 1e7);
    this.buf[o + 2] = Math.round(f.lon * 1e7);
    const speed = f.speed === null ? NO_SPEED : Math.min(NO_SPEED - 1, Math.max(0, Math.round(f.speed * 10)));
    const course = f.course === null ? NO_COURSE : Math.round(f.course * 10) % 3600;
    this.buf[o + 3] = (speed << 12) | course;
  }

  /** The i-th fix, oldest first; negative i counts from the newest (-1 is the latest). */
  at(i: number): Fix | undefined {
    const k = i < 0 ? this.count + i : i;
    if (k < 0 || k >= this.count) return undefined;
    const o = this.slot(k) * STRIDE;
    const sc = this.buf[o + 3] as number;
    const speed = sc >>> 12;
    const course = sc & NO_COURSE;
    return {
      t: this.epoch + (this.buf[o] as number) * 100,
      lat: (this.buf[o + 1] as number) / 1e7,
      lon: (this.buf[o + 2] as number) / 1e7,
      speed: speed === NO_SPEED ? null : speed / 10,
      course: course === NO_COURSE ? null : course / 10,
    };
  }

  toArray(): Fix[] {
    const out: Fix[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.at(i) as Fix);
    return out;
  }

  private slot(i: number): number {
    return (this.start + i) % (this.buf.length / STRIDE);
  }
}
