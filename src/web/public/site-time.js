// Times as the checkpoint reads them: in the site's local time with its offset, whatever the
// terminal's own clock zone (a tablet set to UTC still shows the site's time).
let offsetMin = 480;

/** The site's offset from UTC, from the node's status (config site.utcOffsetMinutes). */
export function setSiteOffset(minutes) {
  if (Number.isFinite(minutes)) offsetMin = minutes;
}

function offsetText() {
  const sign = offsetMin < 0 ? '-' : '+';
  const m = Math.abs(offsetMin);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function local(at) {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms + offsetMin * 60_000).toISOString();
}

/** Date and minute with the offset: `2026-12-04 21:35 +08:00`. */
export function siteDateTime(at) {
  const iso = at === null || at === undefined ? null : local(at);
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} ${offsetText()}` : '—';
}

/** Time of day to the second with the offset: `21:35:01 +08:00`. */
export function siteTime(at) {
  const iso = at === null || at === undefined ? null : local(at);
  return iso ? `${iso.slice(11, 19)} ${offsetText()}` : '—';
}

/** The calendar date at the site: `2026-12-04`. */
export function siteDate(at) {
  const iso = at === null || at === undefined ? null : local(at);
  return iso ? iso.slice(0, 10) : '—';
}
