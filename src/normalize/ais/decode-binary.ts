import { applicationFields } from './application.js';
import type { AisBits } from './bits.js';
import type { AisBinary, AisDgnss, AisSlotBinary } from './messages.js';
import { lat1, lon1 } from './scale.js';

export function addressedBinary(b: AisBits): AisBinary {
  const m: AisBinary = {
    type: 6,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    seqno: b.uint(38, 2),
    dest_mmsi: b.uint(40, 30),
    retransmit: b.bool(70),
    dac: b.uint(72, 10),
    fid: b.uint(82, 6),
    data: b.data(88),
  };
  return withApplication(b, m);
}

export function broadcastBinary(b: AisBits): AisBinary {
  const m: AisBinary = {
    type: 8,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    dac: b.uint(40, 10),
    fid: b.uint(50, 6),
    data: b.data(56),
  };
  return withApplication(b, m);
}

/**
 * The application payload's fields beside the raw `data` (which is kept: it loses nothing) when
 * the DAC and FID are ones the decoder knows (application*.ts).
 */
function withApplication(b: AisBits, m: AisBinary): AisBinary {
  const fields = applicationFields(b, m.type, m.dac, m.fid);
  return fields ? Object.assign(m, fields) : m;
}

export function dgnss(b: AisBits): AisDgnss {
  return {
    type: 17,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    lon: lon1(b.int(40, 18)),
    lat: lat1(b.int(58, 17)),
    data: b.data(80),
  };
}

/**
 * Types 25 and 26: an optional destination (30 bits) and an optional application id (16 bits),
 * then data; type 26 ends with a 20-bit radio status.
 */
export function slotBinary(b: AisBits, type: 25 | 26): AisSlotBinary {
  const addressed = b.bool(38);
  const structured = b.bool(39);
  // M.1371-5 Tables 80 and 82: the destination is followed directly by the data (no spare bits), as gpsd and libais read it.
  const dataAt = 40 + (addressed ? 30 : 0) + (structured ? 16 : 0);
  const m: AisSlotBinary = {
    type,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    addressed,
    structured,
    dest_mmsi: addressed ? b.uint(40, 30) : 0,
    app_id: structured ? b.uint(addressed ? 70 : 40, 16) : 0,
    data: '',
  };
  const at = dataAt;
  const end = type === 26 ? b.length - 20 : b.length;
  m.data = b.data(at, end);
  if (type === 26) m.radio = b.uint(end, 20);
  return m;
}
