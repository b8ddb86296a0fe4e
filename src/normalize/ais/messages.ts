/** Decoded AIS messages, field names and units as in gpsd's scaled AIVDM JSON. */
interface Header {
  type: number;
  repeat: number;
  mmsi: number;
}

/** Types 1, 2, 3 (class A) and 18 (class B CS) position reports. */
export interface AisPositionReport extends Header {
  type: 1 | 2 | 3 | 18;
  /** Navigational status (class A only). */
  status: number | null;
  /** Degrees per minute, signed (right positive); null when not available. */
  turn: number | null;
  /** Knots. */
  speed: number | null;
  accuracy: boolean;
  lat: number | null;
  lon: number | null;
  course: number | null;
  heading: number | null;
  second: number;
}

/** Type 5 static and voyage related data. */
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
  /** "MM-DDTHH:MMZ" as gpsd prints it; null when not available. */
  eta: string | null;
  /** Metres. */
  draught: number;
  destination: string;
  dte: number;
}

/** Type 24 static data report, part A (name) or part B (type, call sign, dimensions). */
export interface AisStaticReport extends Header {
  type: 24;
  partno: 0 | 1;
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
}

export type AisMessage = AisPositionReport | AisStaticVoyage | AisStaticReport;
