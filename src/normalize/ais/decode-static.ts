import type { AisBits } from './bits.js';
import type { AisAidToNavigation, AisStaticReport, AisStaticVoyage } from './messages.js';
import { eta, lat4, lon4 } from './scale.js';

export function staticVoyage(b: AisBits): AisStaticVoyage {
  const imo = b.uint(40, 30);
  return {
    type: 5,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
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

/** MMSIs 98MIDxxxx are craft associated with a mothership (M.585 Annex 1, section 6). */
const isAuxiliary = (mmsi: number): boolean => Math.floor(mmsi / 10_000_000) === 98;

export function staticReport(b: AisBits, partno: 0 | 1): AisStaticReport {
  const mmsi = b.uint(8, 30);
  if (partno === 0) return { type: 24, repeat: b.uint(6, 2), mmsi, partno, part: 'A', shipname: b.text(40, 20) };
  const m: AisStaticReport = {
    type: 24,
    repeat: b.uint(6, 2),
    mmsi,
    partno,
    part: 'B',
    shiptype: b.uint(40, 8),
    // 42 bits read as 7 characters, as gpsd prints it; M.1371-4 splits them into vendor, model and serial.
    vendorid: b.text(48, 7),
    model: b.uint(66, 4),
    serial: b.uint(70, 20),
    callsign: b.text(90, 7),
  };
  if (isAuxiliary(mmsi)) m.mothership_mmsi = b.uint(132, 30);
  else {
    m.to_bow = b.uint(132, 9);
    m.to_stern = b.uint(141, 9);
    m.to_port = b.uint(150, 6);
    m.to_starboard = b.uint(156, 6);
  }
  return m;
}

export function aidToNavigation(b: AisBits): AisAidToNavigation {
  // M.1371-5 Table 83: the name extension (bits 272 on, whole characters; leftover bits are padding)
  // continues a name that fills all 20 characters; after a shorter name it is not part of the name.
  const name = b.text(43, 20, false);
  const extension = name.length === 20 && b.length > 272 ? b.text(272, Math.floor((b.length - 272) / 6)) : '';
  return {
    type: 21,
    repeat: b.uint(6, 2),
    mmsi: b.uint(8, 30),
    aid_type: b.uint(38, 5),
    name: (name + extension).trimEnd(),
    accuracy: b.bool(163),
    lon: lon4(b.int(164, 28)),
    lat: lat4(b.int(192, 27)),
    to_bow: b.uint(219, 9),
    to_stern: b.uint(228, 9),
    to_port: b.uint(237, 6),
    to_starboard: b.uint(243, 6),
    epfd: b.uint(249, 4),
    second: b.uint(253, 6),
    off_position: b.bool(259),
    regional: b.uint(260, 8),
    raim: b.bool(268),
    virtual_aid: b.bool(269),
    assigned: b.bool(270),
  };
}
