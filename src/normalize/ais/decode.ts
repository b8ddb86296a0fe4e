import { fail, ok, type Outcome } from '../outcome.js';
import type { AisBits } from './bits.js';
import { addressedBinary, broadcastBinary, dgnss, slotBinary } from './decode-binary.js';
import {
  ack,
  assignment,
  baseStation,
  channelManagement,
  groupAssignment,
  interrogation,
  linkManagement,
  safetyText,
  utcInquiry,
} from './decode-other.js';
import { classA, classB, longRange, sar } from './decode-position.js';
import { aidToNavigation, staticReport, staticVoyage } from './decode-static.js';
import type { AisMessage } from './messages.js';

export { turn as scaleTurn } from './scale.js';

/**
 * Accepted payload lengths in bits, per type: the M.1371 lengths, widened as gpsd 3.22 widens them
 * where every field still lies inside the received bits and extra bits after the last field are
 * ignored (README.md, "Lengths").
 */
const LENGTHS: ReadonlyArray<readonly [number, number]> = [
  [0, -1], // 0: not a message type
  [168, 1008],
  [168, 1008],
  [168, 1008],
  [168, 168], // 1-4
  [420, 426],
  [88, 1008],
  [72, 168],
  [56, 1008], // 5-8
  [168, 1008],
  [72, 1008],
  [168, 168],
  [72, 1008], // 9-12
  [72, 168],
  [40, 1008],
  [88, 168],
  [96, 168], // 13-16
  [80, 816],
  [168, 168],
  [312, 312],
  [72, 186], // 17-20
  [272, 360],
  [168, 1008],
  [160, 1008],
  [160, 168], // 21-24
  [40, 168],
  [60, 1064],
  [96, 168], // 25-27
];

/** Whether a payload of `bits` bits is a length accepted for `type` (1-27). */
export function lengthAccepted(type: number, bits: number): boolean {
  const range = LENGTHS[type];
  return range !== undefined && bits >= range[0] && bits <= range[1];
}

/** Decodes one complete (reassembled) payload. */
export function decodeAis(b: AisBits): Outcome<AisMessage> {
  if (b.length < 38) return fail('KAKOU_E_AIS_BIT_COUNT', `${b.length} bits is shorter than a header`);
  const type = b.uint(0, 6);
  if (type === 0 || type >= LENGTHS.length) return fail('KAKOU_E_AIS_UNSUPPORTED_TYPE', `type ${type}`);
  if (!lengthAccepted(type, b.length)) return fail('KAKOU_E_AIS_BIT_COUNT', `type ${type} with ${b.length} bits`);
  switch (type) {
    case 1:
    case 2:
    case 3:
      return ok(classA(b, type));
    case 4:
    case 11:
      return ok(baseStation(b, type));
    case 5:
      return ok(staticVoyage(b));
    case 6:
      return ok(addressedBinary(b));
    case 7:
    case 13:
      return ok(ack(b, type));
    case 8:
      return ok(broadcastBinary(b));
    case 9:
      return ok(sar(b));
    case 10:
      return ok(utcInquiry(b));
    case 12:
    case 14:
      return ok(safetyText(b, type));
    case 15:
      return ok(interrogation(b));
    case 16:
      return ok(assignment(b));
    case 17:
      return ok(dgnss(b));
    case 18:
    case 19:
      return ok(classB(b, type));
    case 20:
      return ok(linkManagement(b));
    case 21:
      return ok(aidToNavigation(b));
    case 22:
      return ok(channelManagement(b));
    case 23:
      return ok(groupAssignment(b));
    case 24: {
      const partno = b.uint(38, 2);
      if (partno > 1) return fail('KAKOU_E_AIS_BIT_COUNT', `type 24 part ${partno}`);
      if (partno === 1 && b.length !== 168)
        return fail('KAKOU_E_AIS_BIT_COUNT', `type 24 part B with ${b.length} bits`);
      return ok(staticReport(b, partno as 0 | 1));
    }
    case 25:
    case 26:
      return ok(slotBinary(b, type));
    default:
      // One slot (96 bits) or, from some transmitters, padded to a full 168-bit slot.
      if (b.length !== 96 && b.length !== 168) return fail('KAKOU_E_AIS_BIT_COUNT', `type 27 with ${b.length} bits`);
      return ok(longRange(b));
  }
}
