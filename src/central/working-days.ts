const DAY = 86_400_000;

/**
 * The instant `n` working days (Monday to Friday, in the given UTC offset) after `fromMs`.
 * Public holidays are not modelled: the rule is checked against the calendar week.
 */
export function addWorkingDays(fromMs: number, n: number, utcOffsetMinutes: number): number {
  let t = fromMs;
  let left = n;
  while (left > 0) {
    t += DAY;
    const weekday = new Date(t + utcOffsetMinutes * 60_000).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return t;
}

/** Late when received after the deadline of `days` working days from creation. */
export function isLate(createdAtMs: number, receivedAtMs: number, days: number, utcOffsetMinutes: number): boolean {
  return receivedAtMs > addWorkingDays(createdAtMs, days, utcOffsetMinutes);
}
