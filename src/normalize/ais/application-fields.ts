import type { AisBits } from './bits.js';

/** A decoded application field, in gpsd's name and scaled unit; null where the code means "not available". */
export type AppScalar = string | number | boolean | null;
/** Repeated groups (cargoes of a dangerous cargo indication) are arrays of records. */
export type AppValue = AppScalar | Array<Record<string, AppScalar>>;

/** Reads one field from the message bits. */
export type FieldRead = (b: AisBits) => AppValue;

/**
 * One application message (ITU-R M.1371 Annex 5: a DAC and FID of message 6 or 8) as a table of
 * fields. `bits`: the only message length it is decoded at (gpsd decodes these at their exact
 * length; anything else stays raw in `data`). `accept`: a check on the decoded fields that tells a
 * real message from another using the same identifiers.
 */
export interface AppLayout {
  type: 6 | 8;
  dacs: readonly number[];
  fid: number;
  name: string;
  bits?: number;
  fields: ReadonlyArray<readonly [key: string, read: FieldRead]>;
  accept?: (fields: Readonly<Record<string, AppValue>>) => boolean;
}

// Field readers. `na` is the raw code that means "not available" (null in the output).
export const u =
  (start: number, width: number, na?: number): FieldRead =>
  (b) => {
    const v = b.uint(start, width);
    return v === na ? null : v;
  };
/** Unsigned, scaled: raw * factor + offset, rounded to the factor's decimals. */
export const uScaled =
  (start: number, width: number, factor: number, offset: number, na?: number): FieldRead =>
  (b) => {
    const v = b.uint(start, width);
    return v === na ? null : round(v * factor + offset, factor);
  };
export const sScaled =
  (start: number, width: number, factor: number, na?: number): FieldRead =>
  (b) => {
    const v = b.int(start, width);
    return v === na ? null : round(v * factor, factor);
  };
export const flag =
  (start: number): FieldRead =>
  (b) =>
    b.bool(start);
export const chars =
  (start: number, count: number): FieldRead =>
  (b) =>
    b.text(start, count);
/** A position in 1/1,000 minute (IMO 236 and 289): 91 and 181 degrees mean not available. */
export const lat3 =
  (start: number, width: number): FieldRead =>
  (b) => {
    const v = b.int(start, width);
    return v === 91 * 60_000 ? null : v / 60_000;
  };
export const lon3 =
  (start: number, width: number): FieldRead =>
  (b) => {
    const v = b.int(start, width);
    return v === 181 * 60_000 ? null : v / 60_000;
  };
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
/** Day, hour and minute as gpsd prints them: "DDTHH:MMZ". */
export const dayTime =
  (start: number): FieldRead =>
  (b) =>
    `${pad2(b.uint(start, 5))}T${pad2(b.uint(start + 5, 5))}:${pad2(b.uint(start + 10, 6))}Z`;

/** Month, day, hour and minute at consecutive bits (4, 5, 5, 6), as gpsd prints them: "MM-DDTHH:MM", with "Z" when `zulu`. */
export const monthDayTime =
  (start: number, zulu = true): FieldRead =>
  (b) =>
    `${pad2(b.uint(start, 4))}-${pad2(b.uint(start + 4, 5))}T${pad2(b.uint(start + 9, 5))}:${pad2(b.uint(start + 14, 6))}${zulu ? 'Z' : ''}`;
/** 6-bit text from `start` to the end of the message (whole characters). */
export const textToEnd =
  (start: number): FieldRead =>
  (b) =>
    b.text(start, Math.max(0, Math.floor((b.length - start) / 6)));

/** Scaled values keep the scale's decimals only: 0.1 * 3 is printed 0.3, not 0.30000000000000004. */
function round(v: number, factor: number): number {
  const decimals = factor >= 1 ? 0 : Math.ceil(-Math.log10(factor) - 1e-9);
  return Number(v.toFixed(decimals));
}
