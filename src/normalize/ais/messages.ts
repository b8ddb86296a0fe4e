/**
 * Decoded AIS messages (ITU-R M.1371-5), field names as in gpsd's AIVDM JSON so that tools built for
 * gpsd read Kakou's output. Units are gpsd's scaled ones (degrees, knots, metres) and every "not
 * available" value is null. See README.md in this folder for the choices that differ from gpsd.
 */
interface Header {
  type: number;
  repeat: number;
  mmsi: number;
}

/** Types 1, 2, 3: class A position report. */
export interface AisClassA extends Header {
  type: 1 | 2 | 3;
  status: number;
  /** Degrees per minute, right positive; +-708 is "turning faster than 5 deg/30 s"; null when not available. */
  turn: number | null;
  speed: number | null;
  accuracy: boolean;
  lon: number | null;
  lat: number | null;
  course: number | null;
  heading: number | null;
  /** UTC second of the fix; 60 not available, 61-63 positioning system states, as transmitted. */
  second: number;
  maneuver: number;
  raim: boolean;
  radio: number;
}

/** Types 4 (base station) and 11 (UTC/date response). */
export interface AisBaseStation extends Header {
  type: 4 | 11;
  /** "YYYY-MM-DDTHH:MM:SSZ" as transmitted, unavailable parts included (gpsd's form). */
  timestamp: string;
  accuracy: boolean;
  lon: number | null;
  lat: number | null;
  epfd: number;
  raim: boolean;
  radio: number;
}

/** Type 5: static and voyage related data. */
export interface AisStaticVoyage extends Header {
  type: 5;
  ais_version: number;
  imo: number | null;
  callsign: string;
  shipname: string;
  shiptype: number;
  to_bow: number;
  to_stern: number;
  to_port: number;
  to_starboard: number;
  epfd: number;
  /** "MM-DDTHH:MMZ"; null when not available. */
  eta: string | null;
  /** Metres. */
  draught: number;
  destination: string;
  dte: number;
}

/** Types 6 and 8: binary addressed / broadcast; the application payload kept as "bits:hex". */
export interface AisBinary extends Header {
  /** Application fields when the DAC and FID are known (application*.ts), in gpsd's names and units. */
  [field: string]:
    | string
    | number
    | boolean
    | null
    | undefined
    | Array<Record<string, string | number | boolean | null>>;
  type: 6 | 8;
  seqno?: number;
  dest_mmsi?: number;
  retransmit?: boolean;
  dac: number;
  fid: number;
  data: string;
}

/** Types 7 and 13: acknowledgements of up to four messages. */
export interface AisAck extends Header {
  type: 7 | 13;
  /** Acknowledged MMSIs; 0 where the message holds fewer than four. */
  mmsi1: number;
  mmsi2: number;
  mmsi3: number;
  mmsi4: number;
}

/** Type 9: search and rescue aircraft position. */
export interface AisSar extends Header {
  type: 9;
  /** Metres; 4094 means 4094 or higher. */
  alt: number | null;
  /** Knots (1 knot resolution); 1022 means 1022 or higher. */
  speed: number | null;
  accuracy: boolean;
  lon: number | null;
  lat: number | null;
  course: number | null;
  second: number;
  regional: number;
  dte: number;
  assigned: boolean;
  raim: boolean;
  radio: number;
}

/** Type 10: UTC/date inquiry. */
export interface AisUtcInquiry extends Header {
  type: 10;
  dest_mmsi: number;
}

/** Types 12 (addressed) and 14 (broadcast) safety-related text. */
export interface AisSafetyText extends Header {
  type: 12 | 14;
  seqno?: number;
  dest_mmsi?: number;
  retransmit?: boolean;
  text: string;
}

/** Type 15: interrogation. */
export interface AisInterrogation extends Header {
  type: 15;
  mmsi1: number;
  type1_1: number;
  offset1_1: number;
  /** 0 where the message holds no second or third request. */
  type1_2: number;
  offset1_2: number;
  mmsi2: number;
  type2_1: number;
  offset2_1: number;
}

/** Type 16: assignment mode command. */
export interface AisAssignment extends Header {
  type: 16;
  mmsi1: number;
  offset1: number;
  increment1: number;
  /** 0 where the message holds one assignment. */
  mmsi2: number;
  offset2: number;
  increment2: number;
}

/** Type 17: DGNSS broadcast; position in 1/10 minute resolution. */
export interface AisDgnss extends Header {
  type: 17;
  lon: number | null;
  lat: number | null;
  data: string;
}

/** Types 18 (class B CS position) and 19 (class B extended). */
export interface AisClassB extends Header {
  type: 18 | 19;
  reserved: number;
  speed: number | null;
  accuracy: boolean;
  lon: number | null;
  lat: number | null;
  course: number | null;
  heading: number | null;
  second: number;
  regional: number;
  cs?: boolean;
  display?: boolean;
  dsc?: boolean;
  band?: boolean;
  msg22?: boolean;
  assigned: boolean;
  raim: boolean;
  radio?: number;
  shipname?: string;
  shiptype?: number;
  to_bow?: number;
  to_stern?: number;
  to_port?: number;
  to_starboard?: number;
  epfd?: number;
  dte?: number;
}

/** Type 20: data link management, up to four slot reservations (offset1, number1, timeout1, increment1, ... 4). */
export type AisLinkManagement = Header & { type: 20 } & {
  [K in `${'offset' | 'number' | 'timeout' | 'increment'}${1 | 2 | 3 | 4}`]: number;
};

/** Type 21: aid to navigation; `name` includes the name extension. */
export interface AisAidToNavigation extends Header {
  type: 21;
  aid_type: number;
  name: string;
  accuracy: boolean;
  lon: number | null;
  lat: number | null;
  to_bow: number;
  to_stern: number;
  to_port: number;
  to_starboard: number;
  epfd: number;
  second: number;
  off_position: boolean;
  regional: number;
  raim: boolean;
  virtual_aid: boolean;
  assigned: boolean;
}

/** Type 22: channel management, for an area (corners in 1/10 minute) or for two addressed stations. */
export interface AisChannelManagement extends Header {
  type: 22;
  channel_a: number;
  channel_b: number;
  txrx: number;
  power: boolean;
  ne_lon?: number | null;
  ne_lat?: number | null;
  sw_lon?: number | null;
  sw_lat?: number | null;
  dest1?: number;
  dest2?: number;
  addressed: boolean;
  band_a: boolean;
  band_b: boolean;
  zonesize: number;
}

/** Type 23: group assignment command. */
export interface AisGroupAssignment extends Header {
  type: 23;
  ne_lon: number | null;
  ne_lat: number | null;
  sw_lon: number | null;
  sw_lat: number | null;
  stationtype: number;
  shiptype: number;
  txrx: number;
  interval: number;
  quiet: number;
}

/** Type 24: class B static data, part A (name) or part B (type, call sign, dimensions or mothership). */
export interface AisStaticReport extends Header {
  type: 24;
  partno: 0 | 1;
  /** The part as gpsd names it: "A" (name) or "B". */
  part: 'A' | 'B';
  shipname?: string;
  shiptype?: number;
  vendorid?: string;
  model?: number;
  serial?: number;
  callsign?: string;
  to_bow?: number;
  to_stern?: number;
  to_port?: number;
  to_starboard?: number;
  mothership_mmsi?: number;
}

/** Types 25 and 26: single- and multiple-slot binary messages. */
export interface AisSlotBinary extends Header {
  type: 25 | 26;
  addressed: boolean;
  structured: boolean;
  /** 0 when broadcast. */
  dest_mmsi: number;
  /** DAC and FI as one 16-bit number; 0 when the data is unstructured. */
  app_id: number;
  data: string;
  radio?: number;
}

/** Type 27: long-range position report; position in 1/10 minute, speed and course in whole units. */
export interface AisLongRange extends Header {
  type: 27;
  accuracy: boolean;
  raim: boolean;
  status: number;
  lon: number | null;
  lat: number | null;
  speed: number | null;
  course: number | null;
  /** Bit 94 as gpsd prints it; M.1371-5 Table 84: false when the position latency is under 5 s, true when over. */
  gnss: boolean;
}

export type AisMessage =
  | AisClassA
  | AisBaseStation
  | AisStaticVoyage
  | AisBinary
  | AisAck
  | AisSar
  | AisUtcInquiry
  | AisSafetyText
  | AisInterrogation
  | AisAssignment
  | AisDgnss
  | AisClassB
  | AisLinkManagement
  | AisAidToNavigation
  | AisChannelManagement
  | AisGroupAssignment
  | AisStaticReport
  | AisSlotBinary
  | AisLongRange;
