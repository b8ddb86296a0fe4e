/**
 * How long a vessel may stay silent before it is a lost target, by AIS class, navigational status
 * and speed. The nominal reporting intervals are ITU-R M.1371-5 Annex 1 Tables 1 and 2; the lost
 * times are the display standard's (IEC 62388, as printed in receiver manuals): about six nominal
 * intervals, never below 30 s, and 18 minutes for a vessel at anchor or moored.
 */
export type AisClass = 'A' | 'B-SO' | 'B-CS';

const ANCHORED_OR_MOORED = new Set([1, 5]);

/** Nominal seconds between position reports (ITU-R M.1371-5, Annex 1, Tables 1 and 2). */
export function nominalIntervalS(cls: AisClass, speedKn: number | null, status: number | null): number {
  const sog = speedKn ?? 0;
  if (cls === 'A') {
    if (status !== null && ANCHORED_OR_MOORED.has(status)) return sog > 3 ? 10 : 180;
    if (sog > 23) return 2;
    if (sog > 14) return 6;
    return 10;
  }
  if (sog <= 2) return 180;
  if (cls === 'B-CS') return 30;
  if (sog > 23) return 5;
  if (sog > 14) return 15;
  return 30;
}

/** Seconds of silence after which the vessel is a lost target (IEC 62388 lost-target table). */
export function lostAfterS(cls: AisClass, speedKn: number | null, status: number | null): number {
  const sog = speedKn ?? 0;
  if (cls === 'A') {
    if (status !== null && ANCHORED_OR_MOORED.has(status) && sog <= 3) return 1080;
    if (sog > 23) return 30;
    if (sog > 14) return 36;
    return 60;
  }
  if (sog <= 2) return 1080;
  if (cls === 'B-CS') return 180;
  if (sog > 23) return 30;
  if (sog > 14) return 90;
  return 180;
}

/** The shortest lost time of any class: tracks heard from more recently cannot be lost. */
export const MIN_LOST_S = 30;
