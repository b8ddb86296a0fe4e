import { fail, ok, type Outcome } from '../outcome.js';

const POW2 = Array.from({ length: 54 }, (_, i) => 2 ** i);
const HEX = Array.from({ length: 256 }, (_, v) => v.toString(16).padStart(2, '0'));
/** Character codes of the text field being decoded (AIS text is at most 160 characters, in type 14). */
const TEXT = new Uint16Array(256);
/** Zero symbols after the payload, so that a read running past the end sees zeros without a bounds check. */
const PAD = 8;

/**
 * De-armoured AIS payload: one byte per 6-bit symbol, read MSB first. A field read gathers whole
 * symbols into a double (exact to 53 bits) and cuts the edges off with two divisions, so a 30-bit
 * MMSI costs six steps, not thirty. A decoder reuses one instance and its buffer for every
 * message: decoding copies every field out, so nothing outlives the next payload.
 */
export class AisBits {
  private sym = new Uint8Array(256);
  /** Symbols readable: the payload and the zero padding after it. */
  private limit = 0;
  length = 0;

  /**
   * Armoured characters '0'-'W' and '`'-'w' map to 0-63. The payload is `text` from `from` to `to`
   * (a whole line or file chunk need not be cut up first). Returns the offending index, or -1.
   */
  load(text: string, fillBits: number, from = 0, to = text.length): number {
    const n = to - from;
    if (n + PAD > this.sym.length) this.sym = new Uint8Array(2 * (n + PAD));
    const sym = this.sym;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(from + i);
      if (c < 48 || c > 119 || (c > 87 && c < 96)) return from + i;
      sym[i] = c > 87 ? c - 56 : c - 48;
    }
    sym.fill(0, n, n + PAD);
    // Fill bits pad the last symbol; some transmitters leave them non-zero, and they are not data.
    if (n > 0 && fillBits > 0) sym[n - 1] = ((sym[n - 1] as number) >> fillBits) << fillBits;
    this.limit = n + PAD;
    this.length = n * 6 - fillBits;
    return -1;
  }

  /** Unsigned field of up to 32 bits; bits past the end read as zero (short type 5s exist). */
  uint(start: number, width: number): number {
    const end = start + width;
    const first = (start / 6) | 0;
    const last = ((end - 1) / 6) | 0;
    if (last >= this.limit)
      return start >= this.length ? 0 : this.uint(start, this.length - start) * (POW2[end - this.length] as number);
    let v = 0;
    for (let i = first; i <= last; i++) v = v * 64 + (this.sym[i] as number);
    v = Math.floor(v / (POW2[(last + 1) * 6 - end] as number));
    return v % (POW2[width] as number);
  }

  int(start: number, width: number): number {
    const u = this.uint(start, width);
    return u >= (POW2[width - 1] as number) ? u - (POW2[width] as number) : u;
  }

  bool(start: number): boolean {
    const i = (start / 6) | 0;
    if (i >= this.limit) return false;
    const s = this.sym[i] as number;
    return ((s >> (5 - (start % 6))) & 1) === 1;
  }

  /**
   * 6-bit text into a scratch array read with `textCode`: ends at the first '@' or at the end of
   * the payload; trailing spaces trimmed unless `trim` is false. Returns the number of characters.
   */
  textCodes(start: number, chars: number, trim = true): number {
    let n = 0;
    for (let c = 0, max = Math.min(chars, TEXT.length); c < max; c++) {
      const at = start + c * 6;
      if (at + 6 > this.length) break;
      const v = this.uint(at, 6);
      if (v === 0) break;
      // ITU-R M.1371 Table 47, ASCII columns: codes 0-31 are '@'..'_', 32-63 are ' '..'?'.
      TEXT[n++] = v < 32 ? v + 64 : v;
    }
    if (trim) while (n > 0 && TEXT[n - 1] === 32) n--;
    return n;
  }

  /** Character `i` of the text decoded last by `textCodes`. */
  textCode(i: number): number {
    return TEXT[i] as number;
  }

  /** 6-bit text as a string; see `textCodes`. */
  text(start: number, chars: number, trim = true): string {
    const n = this.textCodes(start, chars, trim);
    // One string from the codes, not one concatenation per character.
    return n === 0 ? '' : String.fromCharCode.apply(null, TEXT.subarray(0, n) as unknown as number[]);
  }

  /** The bits from `start` to the end as gpsd prints binary payloads: "<bit count>:<hex, zero-padded to whole bytes>". */
  data(start: number, end = this.length): string {
    const n = Math.max(0, end - start);
    let hex = '';
    for (let at = 0; at < n; at += 8) {
      const w = Math.min(8, n - at);
      hex += HEX[this.uint(start + at, w) * (POW2[8 - w] as number)];
    }
    return `${n}:${hex}`;
  }
}

/** De-armours into a fresh AisBits (tests and one-off callers; decoders reuse one). */
export function dearmour(payload: string, fillBits: number): Outcome<AisBits> {
  const bits = new AisBits();
  const bad = bits.load(payload, fillBits);
  return bad < 0 ? ok(bits) : fail('KAKOU_E_AIS_ARMOUR', `character "${payload[bad]}" at ${bad}`);
}
