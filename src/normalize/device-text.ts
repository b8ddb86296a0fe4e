/**
 * The ingest boundary for text and structure from devices. Everything a device says may end up in
 * a target, a decision, an SSE push and a hash-chained upstream record, so it is made well-formed
 * here, once: a lone UTF-16 surrogate would be hashed as one byte sequence by the node and encoded
 * as another by protobuf, breaking the uplink chain; canonical composition (NFC) makes one plate
 * one string however the camera composed it; and every string and array has a bound, so one
 * oversized message cannot grow the list, the decisions or the outbox.
 */

/** Bounds of device values, in UTF-16 code units (strings) or entries (arrays, objects). */
export const DEVICE_BOUNDS = {
  /** Identities: station, terminal and driver ids, plates, MMSIs. */
  id: 64,
  /** Names: hull names read by OCR cameras. */
  name: 128,
  /** Raw entries of an alarm list read from a payload. */
  alarmList: 64,
  /** Fields of a payload kept in `extra` (those the profile does not model). */
  extraKeys: 32,
  /** A string kept in `extra`. */
  extraString: 256,
  /** An array kept in `extra`. */
  extraArray: 32,
  /** Nesting of a value kept in `extra`. */
  extraDepth: 4,
  /** Nesting of a JSON payload, checked before it is parsed. */
  jsonDepth: 32,
  /** A drop's detail text, kept in the recent-drops list and logged. */
  detail: 200,
} as const;

/** Well-formed (lone surrogates become U+FFFD) and NFC. Cheap for the common ASCII case. */
export function wellFormed(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  return s.toWellFormed().normalize('NFC');
}

/** A device string within `max` code units after normalizing, or null when it is longer. */
export function boundedText(s: string, max: number): string | null {
  if (s.length > max * 4) return null; // NFC never shrinks text by more than that: skip normalizing megabytes
  const t = wellFormed(s);
  return t.length > max ? null : t;
}

/** A short, well-formed preview of a rejected value for logs and the terminal (never the value itself). */
export function preview(value: unknown, max: number = DEVICE_BOUNDS.detail): string {
  const s =
    typeof value === 'string'
      ? value
      : typeof value === 'object' && value !== null
        ? Array.isArray(value)
          ? `[array of ${value.length}]`
          : '[object]'
        : String(value);
  const cut = s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s;
  return cut.toWellFormed();
}

/**
 * A copy of a value kept from a payload, within the `extra` bounds, or undefined when it is out of
 * bounds (too deep, too long, too many entries): such a field is refused whole, not cut.
 */
export function boundedValue(v: unknown, depth = 0): unknown {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'bigint') return undefined;
  if (typeof v === 'string') return boundedText(v, DEVICE_BOUNDS.extraString) ?? undefined;
  if (typeof v !== 'object' || depth >= DEVICE_BOUNDS.extraDepth) return undefined;
  if (Array.isArray(v)) {
    if (v.length > DEVICE_BOUNDS.extraArray) return undefined;
    const out: unknown[] = [];
    for (const item of v) {
      const b = boundedValue(item, depth + 1);
      if (b === undefined) return undefined;
      out.push(b);
    }
    return out;
  }
  if (ArrayBuffer.isView(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length > DEVICE_BOUNDS.extraKeys) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const key = boundedText(k, DEVICE_BOUNDS.id);
    const b = boundedValue((v as Record<string, unknown>)[k], depth + 1);
    if (key === null || b === undefined) return undefined;
    out[key] = b;
  }
  return out;
}

/**
 * Whether a JSON text nests deeper than `max` arrays and objects, read without parsing it: a
 * payload of a million brackets must cost a scan, not a stack overflow in parse or clone.
 */
export function jsonTooDeep(text: Uint8Array, max: number = DEVICE_BOUNDS.jsonDepth): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as number;
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
