import type { AisBits } from './bits.js';

/** Room kept free for one message written field by field (the longest, a type 5, is under 500 bytes). */
const MESSAGE_ROOM = 1024;
const SPARE_BUFFERS = 8;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7];

/**
 * JSON Lines written as bytes into a buffer that is handed on whole when it fills: `kakou ais
 * decode` formats nine messages in ten this way, with no string or object per message. Numbers
 * are printed exactly as JSON.stringify prints them (positions excepted: see `degrees`).
 */
export class JsonBytes {
  private buf: Buffer;
  private pos = 0;
  /** Buffers the stream has finished with, for reuse: allocating one per flush left dozens of dead 64 KiB buffers waiting for a collection. */
  private readonly spare: Buffer[] = [];

  /**
   * `flushTo` gets each full buffer and calls `done` when it no longer needs it (a stream's write
   * callback); until then the buffer is not touched again.
   */
  constructor(
    private readonly flushTo: (chunk: Buffer, done: () => void) => void,
    private readonly size = 1 << 16,
  ) {
    this.buf = Buffer.allocUnsafeSlow(size);
  }

  /** Makes room for one message; call before writing one field by field. */
  begin(): void {
    if (this.pos + MESSAGE_ROOM > this.size) this.flush();
  }

  /** Hands on what has been written. */
  flush(): void {
    if (this.pos === 0) return;
    const full = this.buf;
    this.flushTo(full.subarray(0, this.pos), () => {
      if (this.spare.length < SPARE_BUFFERS) this.spare.push(full);
    });
    this.buf = this.spare.pop() ?? Buffer.allocUnsafeSlow(this.size);
    this.pos = 0;
  }

  /** A line made elsewhere (messages JSON.stringify formats), UTF-8 as a stream would encode it. */
  line(text: string): void {
    const max = text.length * 3 + 1;
    if (this.pos + max > this.size) this.flush();
    if (max > this.size) {
      this.flushTo(Buffer.from(`${text}\n`, 'utf8'), () => undefined);
      return;
    }
    this.pos += this.buf.write(text, this.pos, 'utf8');
    this.buf[this.pos++] = 10;
  }

  /** ASCII text as it is (keys and punctuation). */
  raw(s: string): void {
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** A non-negative integer. */
  uint(n: number): void {
    const buf = this.buf;
    if (n < 10) {
      buf[this.pos++] = 48 + n;
      return;
    }
    let digits = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
    const end = this.pos + digits;
    for (let p = end - 1, t = n; p >= this.pos; p--) {
      const q = Math.floor(t / 10);
      buf[p] = 48 + t - q * 10;
      t = q;
    }
    this.pos = end;
  }

  /** Two digits, zero-padded (dates and times; every such field is under 100). */
  pad2(n: number): void {
    this.buf[this.pos++] = 48 + Math.floor(n / 10);
    this.buf[this.pos++] = 48 + (n % 10);
  }

  /** At least four digits, zero-padded (a year). */
  pad4(n: number): void {
    if (n >= 10_000) this.uint(n);
    else {
      this.pad2(Math.floor(n / 100));
      this.pad2(n % 100);
    }
  }

  bool(v: boolean): void {
    this.raw(v ? 'true' : 'false');
  }

  nullableUint(n: number | null): void {
    if (n === null) this.raw('null');
    else this.uint(n);
  }

  /** A value in tenths (speed, course, turn, draught) as JSON.stringify prints it: "8.6", "12", "-0.5". */
  tenths(v: number | null): void {
    this.fixed(v, 1);
  }

  /**
   * A position to 7 decimal places (1 cm). AIS positions come in 1/10,000 minute (about 18 cm), so
   * 7 decimals keep every raw value recoverable: round(value * 600000) is exact (README.md, "Output").
   */
  degrees(v: number | null): void {
    this.fixed(v, 7);
  }

  /** `v` rounded to `places` decimals, from integers, trailing zeros (and a bare point) dropped. */
  private fixed(v: number | null, places: number): void {
    if (v === null) {
      this.raw('null');
      return;
    }
    const scale = POW10[places] as number;
    const n = Math.round(v * scale);
    if (n < 0) this.buf[this.pos++] = 45;
    const a = n < 0 ? -n : n;
    const whole = Math.floor(a / scale);
    this.uint(whole);
    let frac = a - whole * scale;
    if (frac === 0) return;
    let digits = places;
    while (frac % 10 === 0) {
      frac /= 10;
      digits--;
    }
    const buf = this.buf;
    buf[this.pos++] = 46;
    for (let i = digits - 1, p = this.pos; i >= 0; i--) {
      buf[p + i] = 48 + (frac % 10);
      frac = Math.floor(frac / 10);
    }
    this.pos += digits;
  }

  /** The text `bits.textCodes` decoded last, as a JSON string (6-bit text holds '"' and '\' but no control characters). */
  text(bits: AisBits, n: number): void {
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 34;
    for (let i = 0; i < n; i++) {
      const c = bits.textCode(i);
      if (c === 34 || c === 92) buf[p++] = 92;
      buf[p++] = c;
    }
    buf[p++] = 34;
    this.pos = p;
  }

  end(): void {
    this.buf[this.pos++] = 10;
  }
}
