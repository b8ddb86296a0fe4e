import { fail, ok, type Outcome } from '../outcome.js';

/**
 * De-armoured AIS payload: one byte per 6-bit symbol, read MSB first. Keeping symbols (not a
 * packed bit array) makes de-armouring a single pass and field reads cheap for the widths AIS uses.
 */
export class AisBits {
  constructor(private readonly sym: Uint8Array, readonly length: number) {}

  /** Unsigned field of `width` bits at `start`; bits past the end read as zero (short type 5s exist). */
  uint(start: number, width: number): number {
    let v = 0;
    for (let i = start; i < start + width; i++) {
      const s = this.sym[(i / 6) | 0];
      const bit = i < this.length && s !== undefined ? (s >> (5 - (i % 6))) & 1 : 0;
      // Multiply rather than shift: fields up to 30 bits plus sign fit a double exactly, shifts would overflow 31 bits.
      v = v * 2 + bit;
    }
    return v;
  }

  int(start: number, width: number): number {
    const u = this.uint(start, width);
    return u >= 2 ** (width - 1) ? u - 2 ** width : u;
  }

  /** ITU-R M.1371 6-bit ASCII; text ends at the first '@', trailing spaces trimmed. */
  text(start: number, chars: number): string {
    let out = '';
    for (let c = 0; c < chars; c++) {
      const bitStart = start + c * 6;
      if (bitStart + 6 > this.length) break;
      const v = this.uint(bitStart, 6);
      if (v === 0) break;
      out += String.fromCharCode(v < 32 ? v + 64 : v);
    }
    return out.trimEnd();
  }
}

/** Armoured characters '0'-'W' and '`'-'w' map to 0-63. */
export function dearmour(payload: string, fillBits: number): Outcome<AisBits> {
  const sym = new Uint8Array(payload.length);
  for (let i = 0; i < payload.length; i++) {
    const c = payload.charCodeAt(i);
    if (c < 48 || c > 119 || (c > 87 && c < 96)) return fail('KAKOU_E_AIS_ARMOUR', `character "${payload[i]}" at ${i}`);
    sym[i] = c - 48 > 40 ? c - 56 : c - 48;
  }
  return ok(new AisBits(sym, payload.length * 6 - fillBits));
}
