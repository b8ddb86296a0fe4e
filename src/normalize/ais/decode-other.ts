import type { AisBits } from './bits.js';
import type {
  AisAck,
  AisAssignment,
  AisBaseStation,
  AisChannelManagement,
  AisGroupAssignment,
  AisInterrogation,
  AisLinkManagement,
  AisSafetyText,
  AisUtcInquiry,
} from './messages.js';
import { lat1, lat4, lon1, lon4, timestamp } from './scale.js';

export function baseStation(b: AisBits, type: 4 | 11): AisBaseStation {
  return {
    type,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    timestamp: timestamp(b.uint(38, 14), b.uint(52, 4), b.uint(56, 5), b.uint(61, 5), b.uint(66, 6), b.uint(72, 6)),
    accuracy: b.bool(78),
    lon: lon4(b.int(79, 28)),
    lat: lat4(b.int(107, 27)),
    epfd: b.uint(134, 4),
    raim: b.bool(148),
    radio: b.uint(149, 19),
  };
}

/**
 * Types 7 and 13: one to four acknowledged MMSIs, 32 bits each. Fields past the end of a shorter
 * message read as zero bits (so an absent MMSI is 0, a cut-off one keeps its first bits), as gpsd reads them.
 */
export function ack(b: AisBits, type: 7 | 13): AisAck {
  return {
    type,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    mmsi1: b.uint(40, 30),
    mmsi2: b.uint(72, 30),
    mmsi3: b.uint(104, 30),
    mmsi4: b.uint(136, 30),
  };
}

export function utcInquiry(b: AisBits): AisUtcInquiry {
  return { type: 10, repeat: b.uint(6, 2), mmsi: b.uint(8, 30), dest_mmsi: b.uint(40, 30) };
}

export function safetyText(b: AisBits, type: 12 | 14): AisSafetyText {
  if (type === 14)
    return { type, repeat: b.uint(6, 2), mmsi: b.uint(8, 30), text: b.text(40, Math.floor((b.length - 40) / 6)) };
  return {
    type,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    seqno: b.uint(38, 2),
    dest_mmsi: b.uint(40, 30),
    retransmit: b.bool(70),
    text: b.text(72, Math.floor((b.length - 72) / 6)),
  };
}

export function interrogation(b: AisBits): AisInterrogation {
  // Absent second and third requests read as zeros (bits past the end are zero), as gpsd prints them.
  return {
    type: 15,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    mmsi1: b.uint(40, 30),
    type1_1: b.uint(70, 6),
    offset1_1: b.uint(76, 12),
    type1_2: b.uint(90, 6),
    offset1_2: b.uint(96, 12),
    mmsi2: b.uint(110, 30),
    type2_1: b.uint(140, 6),
    offset2_1: b.uint(146, 12),
  };
}

export function assignment(b: AisBits): AisAssignment {
  const two = b.length >= 144;
  return {
    type: 16,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    mmsi1: b.uint(40, 30),
    offset1: b.uint(70, 12),
    increment1: b.uint(82, 10),
    mmsi2: two ? b.uint(92, 30) : 0,
    offset2: two ? b.uint(122, 12) : 0,
    increment2: two ? b.uint(134, 10) : 0,
  };
}

/** Type 20: up to four reservations of 30 bits from bit 40; past the end, bits read as zeros, as gpsd reads them. */
export function linkManagement(b: AisBits): AisLinkManagement {
  const m = { type: 20, repeat: b.uint(6, 2), mmsi: b.uint(8, 30) } as AisLinkManagement;
  for (let i = 0; i < 4; i++) {
    const at = 40 + i * 30;
    const n = (i + 1) as 1 | 2 | 3 | 4;
    m[`offset${n}`] = b.uint(at, 12);
    m[`number${n}`] = b.uint(at + 12, 4);
    m[`timeout${n}`] = b.uint(at + 16, 3);
    m[`increment${n}`] = b.uint(at + 19, 11);
  }
  return m;
}

export function channelManagement(b: AisBits): AisChannelManagement {
  const addressed = b.bool(139);
  const m: AisChannelManagement = {
    type: 22,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    channel_a: b.uint(40, 12),
    channel_b: b.uint(52, 12),
    txrx: b.uint(64, 4),
    power: b.bool(68),
    addressed,
    band_a: b.bool(140),
    band_b: b.bool(141),
    zonesize: b.uint(142, 3),
  };
  if (addressed) {
    m.dest1 = b.uint(69, 30);
    m.dest2 = b.uint(104, 30);
  } else {
    m.ne_lon = lon1(b.int(69, 18));
    m.ne_lat = lat1(b.int(87, 17));
    m.sw_lon = lon1(b.int(104, 18));
    m.sw_lat = lat1(b.int(122, 17));
  }
  return m;
}

export function groupAssignment(b: AisBits): AisGroupAssignment {
  return {
    type: 23,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    ne_lon: lon1(b.int(40, 18)),
    ne_lat: lat1(b.int(58, 17)),
    sw_lon: lon1(b.int(75, 18)),
    sw_lat: lat1(b.int(93, 17)),
    stationtype: b.uint(110, 4),
    shiptype: b.uint(114, 8),
    txrx: b.uint(144, 2),
    interval: b.uint(146, 4),
    quiet: b.uint(150, 4),
  };
}
