/**
 * Raw field values to gpsd's scaled units. Only the "not available" codes of ITU-R M.1371 become
 * null; other out-of-range values are reported as received, as gpsd does, and consumers (the track
 * store) decide whether to trust them.
 */

/** Position in 1/10,000 minute (types 1-4, 9, 11, 18, 19, 21): 181 / 91 degrees mean not available. */
export const lon4 = (raw: number): number | null => (raw === 108_600_000 ? null : raw / 600_000);
export const lat4 = (raw: number): number | null => (raw === 54_600_000 ? null : raw / 600_000);

/** Position in 1/10 minute (types 17, 22, 23, 27). */
export const lon1 = (raw: number): number | null => (raw === 108_600 ? null : raw / 600);
export const lat1 = (raw: number): number | null => (raw === 54_600 ? null : raw / 600);

/** Speed over ground in 1/10 knot; 1023 not available. */
export const speed10 = (raw: number): number | null => (raw === 1023 ? null : raw / 10);
/** Course over ground in 1/10 degree; 3600 not available. */
export const course10 = (raw: number): number | null => (raw === 3600 ? null : raw / 10);
/** True heading in degrees; 511 not available. */
export const heading = (raw: number): number | null => (raw === 511 ? null : raw);

/** Rate of turn: ROT_AIS = 4.733 * sqrt(ROT deg/min), signed; -128 not available. */
export function turn(raw: number): number | null {
  if (raw === -128) return null;
  // +-127 means "turning faster than 5 deg/30 s, no turn indicator": keep the sign, cap at the scale's edge.
  const deg = (raw / 4.733) ** 2;
  return Math.round((raw < 0 ? -deg : deg) * 10) / 10;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Type 5 ETA as gpsd prints it, "MM-DDTHH:MMZ"; null when every part is "not available". */
export function eta(month: number, day: number, hour: number, minute: number): string | null {
  if (month === 0 && day === 0 && hour === 24 && minute === 60) return null;
  return `${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}Z`;
}

/** Type 4/11 time as gpsd prints it, unavailable parts (year 0, hour 24, minute 60) kept. */
export function timestamp(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}Z`;
}
