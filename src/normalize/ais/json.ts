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

function classA(m: AisClassA): string {
  return `{"type":${m.type},"repeat":${m.repeat},"mmsi":${m.mmsi},"status":${m.status},"turn":${num(m.turn)},"speed":${num(m.speed)},"accuracy":${m.accuracy},"lon":${num(m.lon)},"lat":${num(m.lat)},"course":${num(m.course)},"heading":${num(m.heading)},"second":${m.second},"maneuver":${m.maneuver},"raim":${m.raim},"radio":${m.radio}}`;
}

function staticVoyage(m: AisStaticVoyage): string {
  return `{"type":5,"repeat":${m.repeat},"mmsi":${m.mmsi},"ais_version":${m.ais_version},"imo":${num(m.imo)},"callsign":${str(m.callsign)},"shipname":${str(m.shipname)},"shiptype":${m.shiptype},"to_bow":${m.to_bow},"to_stern":${m.to_stern},"to_port":${m.to_port},"to_starboard":${m.to_starboard},"epfd":${m.epfd},"eta":${m.eta === null ? 'null' : str(m.eta)},"draught":${m.draught},"destination":${str(m.destination)},"dte":${m.dte}}`;
}

function classB(m: AisClassB): string {
  return `{"type":18,"repeat":${m.repeat},"mmsi":${m.mmsi},"reserved":${m.reserved},"speed":${num(m.speed)},"accuracy":${m.accuracy},"lon":${num(m.lon)},"lat":${num(m.lat)},"course":${num(m.course)},"heading":${num(m.heading)},"second":${m.second},"regional":${m.regional},"cs":${m.cs},"display":${m.display},"dsc":${m.dsc},"band":${m.band},"msg22":${m.msg22},"assigned":${m.assigned},"raim":${m.raim},"radio":${m.radio}}`;
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
