import type { AisBits } from './bits.js';
import type { AisClassA, AisClassB, AisLongRange, AisSar } from './messages.js';
import { course10, heading, lat1, lat4, lon1, lon4, speed10, turn } from './scale.js';

export function classA(b: AisBits, type: 1 | 2 | 3): AisClassA {
  return {
    type,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    status: b.uint(38, 4),
    turn: turn(b.int(42, 8)),
    speed: speed10(b.uint(50, 10)),
    accuracy: b.bool(60),
    lon: lon4(b.int(61, 28)),
    lat: lat4(b.int(89, 27)),
    course: course10(b.uint(116, 12)),
    heading: heading(b.uint(128, 9)),
    second: b.uint(137, 6),
    maneuver: b.uint(143, 2),
    raim: b.bool(148),
    radio: b.uint(149, 19),
  };
}

export function sar(b: AisBits): AisSar {
  const alt = b.uint(38, 12);
  const speed = b.uint(50, 10);
  return {
    type: 9,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    alt: alt === 4095 ? null : alt,
    speed: speed === 1023 ? null : speed,
    accuracy: b.bool(60),
    lon: lon4(b.int(61, 28)),
    lat: lat4(b.int(89, 27)),
    course: course10(b.uint(116, 12)),
    second: b.uint(128, 6),
    regional: b.uint(134, 8),
    dte: b.uint(142, 1),
    assigned: b.bool(146),
    raim: b.bool(147),
    radio: b.uint(148, 20),
  };
}

/** Types 18 and 19 share their first 139 bits; each object literal keeps gpsd's field order. */
export function classB(b: AisBits, type: 18 | 19): AisClassB {
  const repeat = b.uint(6, 2);
  const mmsi = b.uint(8, 30);
  const reserved = b.uint(38, 8);
  const speed = speed10(b.uint(46, 10));
  const accuracy = b.bool(56);
  const lon = lon4(b.int(57, 28));
  const lat = lat4(b.int(85, 27));
  const course = course10(b.uint(112, 12));
  const head = heading(b.uint(124, 9));
  const second = b.uint(133, 6);
  if (type === 18) {
    return {
      type,
      repeat,
      mmsi,
      reserved,
      speed,
      accuracy,
      lon,
      lat,
      course,
      heading: head,
      second,
      regional: b.uint(139, 2),
      cs: b.bool(141),
      display: b.bool(142),
      dsc: b.bool(143),
      band: b.bool(144),
      msg22: b.bool(145),
      assigned: b.bool(146),
      raim: b.bool(147),
      radio: b.uint(148, 20),
    };
  }
  return {
    type,
    repeat,
    mmsi,
    reserved,
    speed,
    accuracy,
    lon,
    lat,
    course,
    heading: head,
    second,
    regional: b.uint(139, 4),
    shipname: b.text(143, 20),
    shiptype: b.uint(263, 8),
    to_bow: b.uint(271, 9),
    to_stern: b.uint(280, 9),
    to_port: b.uint(289, 6),
    to_starboard: b.uint(295, 6),
    epfd: b.uint(301, 4),
    raim: b.bool(305),
    dte: b.uint(306, 1),
    assigned: b.bool(307),
  };
}

export function longRange(b: AisBits): AisLongRange {
  const speed = b.uint(79, 6);
  const course = b.uint(85, 9);
  return {
    type: 27,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    accuracy: b.bool(38),
    raim: b.bool(39),
    status: b.uint(40, 4),
    lon: lon1(b.int(44, 18)),
    lat: lat1(b.int(62, 17)),
    speed: speed === 63 ? null : speed,
    course: course === 511 ? null : course,
    // The raw bit, under gpsd's name. M.1371-5 Table 84 calls it position latency (0: under 5 s, 1: over 5 s).
    gnss: b.bool(94),
  };
}
