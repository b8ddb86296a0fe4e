export interface VesselTrack {
  id: string;
  kind: 'vessel';
  mmsi: number;
  lat: number | null;
  lon: number | null;
  speed: number | null;
  course: number | null;
  heading: number | null;
  turn: number | null;
  status: number | null;
  shipname: string | null;
  callsign: string | null;
  imo: number | null;
  shiptype: number | null;
  draught: number | null;
  destination: string | null;
  length: number | null;
  firstSeen: number;
  lastSeen: number;
  messages: number;
}

export interface VehicleTrack {
  id: string;
  kind: 'vehicle';
  terminalId: string;
  plate: string | null;
  lat: number | null;
  lon: number | null;
  speed: number | null;
  heading: number | null;
  /** Alarms in the latest report. */
  activeAlarms: string[];
  /** Every alarm seen during this passage, with when it was first seen (ms). */
  alarmsSeen: Record<string, number>;
  firstSeen: number;
  lastSeen: number;
  messages: number;
}

export type Track = VesselTrack | VehicleTrack;
