import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KakouError } from '../errors.js';

const DAY = 86_400_000;

/**
 * Public holidays and make-up working days (调休), as the State Council publishes them each year
 * (sync/calendars/<region>-<year>.json). A day in neither list is a working day Monday to Friday.
 */
export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
  /** The years the calendar covers; other years count weekdays only. */
  years: readonly number[];
}

export const WEEKDAYS_ONLY: WorkCalendar = { holidays: new Set(), workdays: new Set(), years: [] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads every calendar file in a folder; a file that is not one stops the central with its reason. */
export function loadWorkCalendar(dir: string): WorkCalendar {
  if (!existsSync(dir)) return WEEKDAYS_ONLY;
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  const years: number[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const c = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    const dates = (v: unknown) => Array.isArray(v) && v.every((d) => typeof d === 'string' && DATE.test(d));
    if (c.format !== 'kakou-work-calendar/1' || !Number.isInteger(c.year) || !dates(c.holidays) || !dates(c.workdays))
      throw new KakouError('KAKOU_E_CONFIG_INVALID', `${file} is not a work calendar`, [
        `${join(dir, file)}: format kakou-work-calendar/1, year, holidays and workdays as YYYY-MM-DD lists`,
      ]);
    for (const d of c.holidays as string[]) holidays.add(d);
    for (const d of c.workdays as string[]) workdays.add(d);
    years.push(c.year as number);
  }
  return { holidays, workdays, years };
}

const isoDay = (localMidnight: number) => new Date(localMidnight).toISOString().slice(0, 10);

export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The end of the `n`th working day after the local calendar day a record was made on, in the
 * site's time zone: a record made on Monday, with no holidays, is on time until the end of the
 * next week's Wednesday for n = 7.
 */
export function workingDayDeadline(
  createdAtMs: number,
  n: number,
  utcOffsetMinutes: number,
  cal: WorkCalendar,
): number {
  const offset = utcOffsetMinutes * 60_000;
  let day = Math.floor((createdAtMs + offset) / DAY) * DAY;
  let left = n;
  while (left > 0) {
    day += DAY;
    if (isWorkingDay(isoDay(day), cal)) left--;
  }
  return day + DAY - offset;
}

/** Late when received after the deadline of `days` working days from the day of creation. */
export function isLate(
  createdAtMs: number,
  receivedAtMs: number,
  days: number,
  utcOffsetMinutes: number,
  cal: WorkCalendar = WEEKDAYS_ONLY,
): boolean {
  return receivedAtMs > workingDayDeadline(createdAtMs, days, utcOffsetMinutes, cal);
}
