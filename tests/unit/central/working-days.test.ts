import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isLate,
  isWorkingDay,
  loadWorkCalendar,
  workingDayDeadline,
  WEEKDAYS_ONLY,
} from '../../../src/central/working-days.js';
import { formatUtcOffset, parseUtcOffset } from '../../../src/sync/contract.js';

const CN = loadWorkCalendar(join(import.meta.dirname, '..', '..', '..', 'sync', 'calendars'));
const at = (local: string, offsetMinutes = 480) => Date.parse(`${local}Z`) - offsetMinutes * 60_000;

describe('the 7-working-day publication rule', () => {
  it('counts local calendar days: a record of a Monday is on time to the end of the next Wednesday but one', () => {
    // 2026-03-02 is a Monday with no holiday near it.
    const created = at('2026-03-02T09:00:00');
    expect(workingDayDeadline(created, 7, 480, CN)).toBe(at('2026-03-12T00:00:00'));
    expect(isLate(created, at('2026-03-11T23:59:59'), 7, 480, CN)).toBe(false);
    expect(isLate(created, at('2026-03-12T00:00:01'), 7, 480, CN)).toBe(true);
    // Created a minute before local midnight: the same day, whatever the UTC date.
    expect(workingDayDeadline(at('2026-03-02T23:59:00'), 7, 480, CN)).toBe(at('2026-03-12T00:00:00'));
  });

  it('skips public holidays and counts make-up working days (调休), from the published calendar', () => {
    expect(CN.years).toEqual(expect.arrayContaining([2025, 2026]));
    expect(isWorkingDay('2026-02-16', CN)).toBe(false); // Spring Festival, a Monday
    expect(isWorkingDay('2026-02-14', CN)).toBe(true); // a Saturday worked
    expect(isWorkingDay('2026-02-16', WEEKDAYS_ONLY)).toBe(true);
    // Made on Thursday 2026-02-12: Fri 13, Sat 14 (worked), then the holiday to the 23rd, then 24..27, then Sat 28 (worked).
    const created = at('2026-02-12T10:00:00');
    expect(workingDayDeadline(created, 7, 480, CN)).toBe(at('2026-03-01T00:00:00'));
    expect(isLate(created, at('2026-02-26T12:00:00'), 7, 480, WEEKDAYS_ONLY)).toBe(true);
    expect(isLate(created, at('2026-02-26T12:00:00'), 7, 480, CN)).toBe(false);
  });

  it("reads and writes a site's UTC offset as the registration carries it", () => {
    expect(formatUtcOffset(480)).toBe('+08:00');
    expect(formatUtcOffset(-330)).toBe('-05:30');
    expect(parseUtcOffset('+08:00')).toBe(480);
    expect(parseUtcOffset('-05:30')).toBe(-330);
    for (const bad of ['', '8', '+8:00', '+15:00', undefined]) expect(parseUtcOffset(bad)).toBeNull();
  });
});
