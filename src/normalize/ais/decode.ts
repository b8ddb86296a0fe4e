import { fail, ok, type Outcome } from '../outcome.js';
import type { AisBits } from './bits.js';
import type { AisMessage, AisPositionReport, AisStaticReport, AisStaticVoyage } from './messages.js';

/** Rate of turn: ROT_AIS = 4.733 * sqrt(ROT deg/min); -128 means not available. */
export function scaleTurn(raw: number): number | null {
  if (raw === -128) return null;
  // +-127 means "turning faster than 5 deg/30 s, no turn indicator": keep the sign, cap at the scale's edge.
  const deg = (raw / 4.733) ** 2;
  return Math.round((raw < 0 ? -deg : deg) * 10) / 10;
}

// Only the "not available" sentinels become null. Other out-of-range values are reported as
// received, as gpsd does; consumers (the track store) decide whether to trust them.
const lonOf = (raw: number): number | null => (raw === 108_600_000 ? null : raw / 600_000);
const latOf = (raw: number): number | null => (raw === 54_600_000 ? null : raw / 600_000);
const speedOf = (raw: number): number | null => (raw === 1023 ? null : raw / 10);
const courseOf = (raw: number): number | null => (raw === 3600 ? null : raw / 10);
const headingOf = (raw: number): number | null => (raw === 511 ? null : raw);

function classA(b: AisBits, type: 1 | 2 | 3): AisPositionReport {
  return {
    type, repeat: b.uint(6, 2), mmsi: b.uint(8, 30),
    status: b.uint(38, 4),
    turn: scaleTurn(b.int(42, 8)),
    speed: speedOf(b.uint(50, 10)),
    accuracy: b.uint(60, 1) === 1,
    lon: lonOf(b.int(61, 28)),
    lat: latOf(b.int(89, 27)),
    course: courseOf(b.uint(116, 12)),
    heading: headingOf(b.uint(128, 9)),
    second: b.uint(137, 6),
  };
}

function classB(b: AisBits): AisPositionReport {
  return {
    type: 18, repeat: b.uint(6, 2), mmsi: b.uint(8, 30),
    status: null,
    turn: null,
    speed: speedOf(b.uint(46, 10)),
    accuracy: b.uint(56, 1) === 1,
    lon: lonOf(b.int(57, 28)),
    lat: latOf(b.int(85, 27)),
    course: courseOf(b.uint(112, 12)),
    heading: headingOf(b.uint(124, 9)),
    second: b.uint(133, 6),
  };
}

function eta(month: number, day: number, hour: number, minute: number): string | null {
  if (month === 0 && day === 0 && hour === 24 && minute === 60) return null;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(month)}-${p(day)}T${p(hour)}:${p(minute)}Z`;
}

function staticVoyage(b: AisBits): AisStaticVoyage {
  const imo = b.uint(40, 30);
  return {
    type: 5, repeat: b.uint(6, 2), mmsi: b.uint(8, 30),
    ais_version: b.uint(38, 2),
    imo: imo === 0 ? null : imo,
    callsign: b.text(70, 7),
    shipname: b.text(112, 20),
    shiptype: b.uint(232, 8),
    to_bow: b.uint(240, 9),
    to_stern: b.uint(249, 9),
    to_port: b.uint(258, 6),
    to_starboard: b.uint(264, 6),
    epfd: b.uint(270, 4),
    eta: eta(b.uint(274, 4), b.uint(278, 5), b.uint(283, 5), b.uint(288, 6)),
    draught: b.uint(294, 8) / 10,
    destination: b.text(302, 20),
    dte: b.uint(422, 1),
  };
}

function staticReport(b: AisBits): AisStaticReport {
  const partno = b.uint(38, 2);
  if (partno === 0) return { type: 24, repeat: b.uint(6, 2), mmsi: b.uint(8, 30), partno: 0, shipname: b.text(40, 20) };
  return {
    type: 24, repeat: b.uint(6, 2), mmsi: b.uint(8, 30), partno: 1,
    shiptype: b.uint(40, 8),
    // 42 bits read as 7 characters, as gpsd prints it; M.1371-4 splits them into vendor, model and serial.
    vendorid: b.text(48, 7),
    model: b.uint(66, 4),
    serial: b.uint(70, 20),
    callsign: b.text(90, 7),
    to_bow: b.uint(132, 9),
    to_stern: b.uint(141, 9),
    to_port: b.uint(150, 6),
    to_starboard: b.uint(156, 6),
  };
}

/** Accepted payload lengths in bits, per type, as receivers actually send them. */
const LENGTHS: Record<number, [number, number]> = { 1: [168, 168], 2: [168, 168], 3: [168, 168], 5: [420, 426], 18: [168, 168], 24: [160, 168] };

/** Decodes one complete (reassembled) payload. */
export function decodeAis(b: AisBits): Outcome<AisMessage> {
  if (b.length < 38) return fail('KAKOU_E_AIS_BIT_COUNT', `${b.length} bits is shorter than a header`);
  const type = b.uint(0, 6);
  const range = LENGTHS[type];
  if (!range) return fail('KAKOU_E_AIS_UNSUPPORTED_TYPE', `type ${type}`);
  if (b.length < range[0] || b.length > range[1]) return fail('KAKOU_E_AIS_BIT_COUNT', `type ${type} with ${b.length} bits`);
  switch (type) {
    case 1: case 2: case 3: return ok(classA(b, type));
    case 5: return ok(staticVoyage(b));
    case 18: return ok(classB(b));
    default: {
      const partno = b.uint(38, 2);
      if (partno > 1) return fail('KAKOU_E_AIS_BIT_COUNT', `type 24 part ${partno}`);
      if ((partno === 0 && b.length !== 160 && b.length !== 168) || (partno === 1 && b.length !== 168)) {
        return fail('KAKOU_E_AIS_BIT_COUNT', `type 24 part ${partno} with ${b.length} bits`);
      }
      return ok(staticReport(b));
    }
  }
}
