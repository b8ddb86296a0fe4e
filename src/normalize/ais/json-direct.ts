import type { AisBits } from './bits.js';
import { lengthAccepted } from './decode.js';
import type { JsonBytes } from './json-bytes.js';
import { course10, heading, lat4, lon4, speed10, turn } from './scale.js';

/*
 * The shapes that make up nine messages in ten on a real feed (class A positions, base stations,
 * type 5, class B positions, type 24 part A), written as JSON straight from the bits: no message
 * object, no string. Field for field the same as JSON.stringify of what decode-*.ts builds, in the
 * same order; tests/unit/normalize/ais-json.test.ts holds every message of the fixture corpora to that.
 */

function header(w: JsonBytes, b: AisBits, type: number): void {
  w.begin();
  w.raw('{"type":');
  w.uint(type);
  w.raw(',"repeat":');
  w.uint(b.uint(6, 2));
  w.raw(',"mmsi":');
  w.uint(b.uint(8, 30));
}

function classA(w: JsonBytes, b: AisBits, type: number): void {
  header(w, b, type);
  w.raw(',"status":');
  w.uint(b.uint(38, 4));
  w.raw(',"turn":');
  w.tenths(turn(b.int(42, 8)));
  w.raw(',"speed":');
  w.tenths(speed10(b.uint(50, 10)));
  w.raw(',"accuracy":');
  w.bool(b.bool(60));
  w.raw(',"lon":');
  w.degrees(lon4(b.int(61, 28)));
  w.raw(',"lat":');
  w.degrees(lat4(b.int(89, 27)));
  w.raw(',"course":');
  w.tenths(course10(b.uint(116, 12)));
  w.raw(',"heading":');
  w.nullableUint(heading(b.uint(128, 9)));
  w.raw(',"second":');
  w.uint(b.uint(137, 6));
  w.raw(',"maneuver":');
  w.uint(b.uint(143, 2));
  w.raw(',"raim":');
  w.bool(b.bool(148));
  w.raw(',"radio":');
  w.uint(b.uint(149, 19));
  w.raw('}');
}

function baseStation(w: JsonBytes, b: AisBits, type: number): void {
  header(w, b, type);
  w.raw(',"timestamp":"');
  w.pad4(b.uint(38, 14));
  w.raw('-');
  w.pad2(b.uint(52, 4));
  w.raw('-');
  w.pad2(b.uint(56, 5));
  w.raw('T');
  w.pad2(b.uint(61, 5));
  w.raw(':');
  w.pad2(b.uint(66, 6));
  w.raw(':');
  w.pad2(b.uint(72, 6));
  w.raw('Z","accuracy":');
  w.bool(b.bool(78));
  w.raw(',"lon":');
  w.degrees(lon4(b.int(79, 28)));
  w.raw(',"lat":');
  w.degrees(lat4(b.int(107, 27)));
  w.raw(',"epfd":');
  w.uint(b.uint(134, 4));
  w.raw(',"raim":');
  w.bool(b.bool(148));
  w.raw(',"radio":');
  w.uint(b.uint(149, 19));
  w.raw('}');
}

function staticVoyage(w: JsonBytes, b: AisBits): void {
  header(w, b, 5);
  w.raw(',"ais_version":');
  w.uint(b.uint(38, 2));
  const imo = b.uint(40, 30);
  w.raw(',"imo":');
  w.nullableUint(imo === 0 ? null : imo);
  w.raw(',"callsign":');
  w.text(b, b.textCodes(70, 7));
  w.raw(',"shipname":');
  w.text(b, b.textCodes(112, 20));
  w.raw(',"shiptype":');
  w.uint(b.uint(232, 8));
  w.raw(',"to_bow":');
  w.uint(b.uint(240, 9));
  w.raw(',"to_stern":');
  w.uint(b.uint(249, 9));
  w.raw(',"to_port":');
  w.uint(b.uint(258, 6));
  w.raw(',"to_starboard":');
  w.uint(b.uint(264, 6));
  w.raw(',"epfd":');
  w.uint(b.uint(270, 4));
  const month = b.uint(274, 4);
  const day = b.uint(278, 5);
  const hour = b.uint(283, 5);
  const minute = b.uint(288, 6);
  // scale.ts eta(): every part "not available" is null, otherwise "MM-DDTHH:MMZ".
  if (month === 0 && day === 0 && hour === 24 && minute === 60) w.raw(',"eta":null');
  else {
    w.raw(',"eta":"');
    w.pad2(month);
    w.raw('-');
    w.pad2(day);
    w.raw('T');
    w.pad2(hour);
    w.raw(':');
    w.pad2(minute);
    w.raw('Z"');
  }
  w.raw(',"draught":');
  w.tenths(b.uint(294, 8) / 10);
  w.raw(',"destination":');
  w.text(b, b.textCodes(302, 20));
  w.raw(',"dte":');
  w.uint(b.uint(422, 1));
  w.raw('}');
}

function classB(w: JsonBytes, b: AisBits): void {
  header(w, b, 18);
  w.raw(',"reserved":');
  w.uint(b.uint(38, 8));
  w.raw(',"speed":');
  w.tenths(speed10(b.uint(46, 10)));
  w.raw(',"accuracy":');
  w.bool(b.bool(56));
  w.raw(',"lon":');
  w.degrees(lon4(b.int(57, 28)));
  w.raw(',"lat":');
  w.degrees(lat4(b.int(85, 27)));
  w.raw(',"course":');
  w.tenths(course10(b.uint(112, 12)));
  w.raw(',"heading":');
  w.nullableUint(heading(b.uint(124, 9)));
  w.raw(',"second":');
  w.uint(b.uint(133, 6));
  w.raw(',"regional":');
  w.uint(b.uint(139, 2));
  w.raw(',"cs":');
  w.bool(b.bool(141));
  w.raw(',"display":');
  w.bool(b.bool(142));
  w.raw(',"dsc":');
  w.bool(b.bool(143));
  w.raw(',"band":');
  w.bool(b.bool(144));
  w.raw(',"msg22":');
  w.bool(b.bool(145));
  w.raw(',"assigned":');
  w.bool(b.bool(146));
  w.raw(',"raim":');
  w.bool(b.bool(147));
  w.raw(',"radio":');
  w.uint(b.uint(148, 20));
  w.raw('}');
}

function staticReportA(w: JsonBytes, b: AisBits): void {
  header(w, b, 24);
  w.raw(',"partno":0,"part":"A","shipname":');
  w.text(b, b.textCodes(40, 20));
  w.raw('}');
}

/**
 * Writes the message in `b` as one JSON line when it is one of the shapes above and its length
 * is accepted; returns false, having written nothing, for everything else (the caller decodes
 * those into objects, which also rejects bad lengths with their reason).
 */
export function writeAisJson(w: JsonBytes, b: AisBits): boolean {
  const type = b.uint(0, 6);
  if (type === 0 || type > 24 || !lengthAccepted(type, b.length)) return false;
  switch (type) {
    case 1:
    case 2:
    case 3:
      classA(w, b, type);
      break;
    case 4:
    case 11:
      baseStation(w, b, type);
      break;
    case 5:
      staticVoyage(w, b);
      break;
    case 18:
      classB(w, b);
      break;
    case 24:
      if (b.uint(38, 2) !== 0) return false;
      staticReportA(w, b);
      break;
    default:
      return false;
  }
  w.end();
  return true;
}
