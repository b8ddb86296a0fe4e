/**
 * Typed observations: what the normalize stage makes of a device message. Field names of vessel
 * observations follow gpsd's AIVDM JSON so that tools reading gpsd output can read ours.
 */
export interface ObservationBase {
  /** Device profile that produced it. */
  profile: string;
  /** Device or gateway id from the topic or payload. */
  deviceId: string;
  /** When the node received it (ms since epoch). */
  receivedAt: number;
}

export interface VesselPosition extends ObservationBase {
  kind: 'vessel-position';
  aisType: number;
  mmsi: number;
  lat: number | null;
  lon: number | null;
  /** Knots; null when not available. */
  speed: number | null;
  /** Degrees true; null when not available. */
  course: number | null;
  heading: number | null;
  /** Degrees per minute; null when not available. */
  turn: number | null;
  /** Navigational status 0-15 (class A only). */
  status: number | null;
  /** Class B only: true for a carrier-sense unit, false for a self-organising one. */
  csUnit?: boolean;
}

export interface VesselStatic extends ObservationBase {
  kind: 'vessel-static';
  aisType: number;
  mmsi: number;
  shipname?: string;
  callsign?: string;
  imo?: number;
  shiptype?: number;
  to_bow?: number;
  to_stern?: number;
  to_port?: number;
  to_starboard?: number;
  /** Metres. */
  draught?: number;
  destination?: string;
  /** Inland AIS: the European Number of Identification. */
  eni?: string;
  /** Inland AIS: blue cones or lights shown, 0-3, or 4 for a B-flag. */
  blueCones?: number;
  /** Inland AIS: the loaded state as coded, 1 loaded or 2 unloaded. */
  loadState?: number;
  /** Persons on board as the vessel reports them (IMO 289, or Inland AIS crew, passengers and personnel). */
  persons?: number;
}

export interface VehicleReport extends ObservationBase {
  kind: 'vehicle-report';
  /** The on-board terminal; null for a roadside device (scale, camera), which names the vehicle by plate. */
  terminalId: string | null;
  /** The roadside device's station id, when the report comes from one. */
  station: string | null;
  plate: string | null;
  lat: number | null;
  lon: number | null;
  /** km/h */
  speed: number | null;
  heading: number | null;
  /** When the device says it measured (ms since epoch). */
  observedAt: number;
  /** Gross vehicle weight from a weigh-in-motion scale (kg). */
  grossKg: number | null;
  /**
   * The driver on duty, as the terminal read the ID card: SHA-256 of the ID number (hex), which is
   * how the credit snapshot keys drivers, and a masked form for people. The number itself is never kept.
   */
  driver?: { idHash: string; masked: string };
  /** Alarm codes active in this report, such as "overspeed" or "rollover". */
  alarms: string[];
  /** The profile's liveness timeout: an on-board sensor silent longer than this is stale. */
  livenessMs?: number;
  /** Payload fields the profile does not model, kept rather than dropped. */
  extra: Record<string, unknown>;
}

/**
 * A vessel seen by a device at the checkpoint rather than heard on AIS: a hull-name OCR camera,
 * a laser draught gauge. Names the vessel by MMSI when the device knows it, else by hull name.
 */
export interface VesselSighting extends ObservationBase {
  kind: 'vessel-sighting';
  station: string;
  mmsi: number | null;
  /** The name painted on the hull, as read. */
  hullName: string | null;
  /** Measured draught (metres), from a draught gauge. */
  draughtM: number | null;
  observedAt: number;
  livenessMs?: number;
  extra: Record<string, unknown>;
}

export type Observation = VesselPosition | VesselStatic | VehicleReport | VesselSighting;
/** Observations mapped from a device profile's fields (JSON, protobuf, Sparkplug, OPC UA). */
export type MappedReport = VehicleReport | VesselSighting;
