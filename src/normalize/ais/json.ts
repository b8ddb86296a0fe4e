import type { TagBlock } from '../nmea/tag-block.js';
import type { AisClassA, AisClassB, AisMessage, AisStaticVoyage } from './messages.js';

/*
 * JSON Lines output in gpsd's field names. The three shapes that make up nine messages in ten on a
 * real feed (class A positions, type 5 and class B positions) are written by templates, which is
 * several times faster than JSON.stringify's generic walk; everything else goes through
 * JSON.stringify. A test holds each template to JSON.stringify's output (tests/unit/normalize/ais-json.test.ts).
 */

const str = JSON.stringify as (s: string) => string;
const num = (n: number | null): string => (n === null ? 'null' : String(n));

/**
 * A tenths value (speed, course) as JSON.stringify prints it, from integers: "8.6", "12", "-0.5".
 * Formatting a double is the dearest step of the whole output; the raw integer is not.
 */
function tenths(v: number | null): string {
  if (v === null) return 'null';
  const t = Math.round(v * 10);
  const a = t < 0 ? -t : t;
  const whole = (a / 10) | 0;
  const digit = a - whole * 10;
  return `${t < 0 ? '-' : ''}${whole}${digit === 0 ? '' : `.${digit}`}`;
}

/**
 * A position to 7 decimal places (1 cm), from integers. AIS positions come in 1/10,000 minute
 * (about 18 cm), so 7 decimals keep every raw value recoverable: round(value * 600000) is exact.
 * README.md, "Output", records this against JSON.stringify's shortest round-trip form.
 */
function degrees(v: number | null): string {
  if (v === null) return 'null';
  const e7 = Math.round(v * 1e7);
  const a = e7 < 0 ? -e7 : e7;
  const whole = Math.floor(a / 1e7);
  let frac = a - whole * 1e7;
  if (frac === 0) return `${e7 < 0 ? '-' : ''}${whole}`;
  let digits = 7;
  while (frac % 10 === 0) {
    frac /= 10;
    digits--;
  }
  const f = String(frac);
  return `${e7 < 0 ? '-' : ''}${whole}.${'0000000'.slice(0, digits - f.length)}${f}`;
}

function classA(m: AisClassA): string {
  return `{"type":${m.type},"repeat":${m.repeat},"mmsi":${m.mmsi},"status":${m.status},"turn":${num(m.turn)},"speed":${tenths(m.speed)},"accuracy":${m.accuracy},"lon":${degrees(m.lon)},"lat":${degrees(m.lat)},"course":${tenths(m.course)},"heading":${num(m.heading)},"second":${m.second},"maneuver":${m.maneuver},"raim":${m.raim},"radio":${m.radio}}`;
}

function staticVoyage(m: AisStaticVoyage): string {
  return `{"type":5,"repeat":${m.repeat},"mmsi":${m.mmsi},"ais_version":${m.ais_version},"imo":${num(m.imo)},"callsign":${str(m.callsign)},"shipname":${str(m.shipname)},"shiptype":${m.shiptype},"to_bow":${m.to_bow},"to_stern":${m.to_stern},"to_port":${m.to_port},"to_starboard":${m.to_starboard},"epfd":${m.epfd},"eta":${m.eta === null ? 'null' : str(m.eta)},"draught":${tenths(m.draught)},"destination":${str(m.destination)},"dte":${m.dte}}`;
}

function classB(m: AisClassB): string {
  return `{"type":18,"repeat":${m.repeat},"mmsi":${m.mmsi},"reserved":${m.reserved},"speed":${tenths(m.speed)},"accuracy":${m.accuracy},"lon":${degrees(m.lon)},"lat":${degrees(m.lat)},"course":${tenths(m.course)},"heading":${num(m.heading)},"second":${m.second},"regional":${m.regional},"cs":${m.cs},"display":${m.display},"dsc":${m.dsc},"band":${m.band},"msg22":${m.msg22},"assigned":${m.assigned},"raim":${m.raim},"radio":${m.radio}}`;
}

/** One message as a JSON object; a tag block's station and time are added under libais's names. */
export function aisToJson(m: AisMessage, tag: TagBlock | null = null): string {
  if (tag && (tag.source !== null || tag.timeMs !== null)) {
    const extra: { tagblock_station?: string; tagblock_timestamp?: string } = {};
    if (tag.source !== null) extra.tagblock_station = tag.source;
    if (tag.timeMs !== null) extra.tagblock_timestamp = new Date(tag.timeMs).toISOString();
    return JSON.stringify({ ...m, ...extra });
  }
  switch (m.type) {
    case 1: case 2: case 3: return classA(m);
    case 5: return staticVoyage(m);
    case 18: return classB(m);
    default: return JSON.stringify(m);
  }
}
