import { FixHistory } from './fix-history.js';
import { NO_SIGNALS, type VehicleTrack, type VesselTrack } from './track.js';

// Every field written out in one literal: tens of thousands of tracks keep V8's compact object form.

/** A vessel track before its first report is applied. `id` is kept as given (the store's own flat string). */
export function newVesselTrack(
  id: string,
  mmsi: number,
  at: number,
  historySize: number,
  aisHeard: boolean,
): VesselTrack {
  return {
    id,
    kind: 'vessel',
    mmsi,
    aisClass: 'A',
    lat: null,
    lon: null,
    speed: null,
    course: null,
    heading: null,
    turn: null,
    status: null,
    shipname: null,
    callsign: null,
    imo: null,
    shiptype: null,
    draught: null,
    destination: null,
    length: null,
    aisHeard,
    sighting: null,
    voyage: null,
    firstSeen: at,
    lastSeen: at,
    messages: 0,
    history: new FixHistory(historySize, at),
    signals: NO_SIGNALS,
    lostAt: null,
    inGate: false,
    crossedAt: null,
    listedAt: undefined,
    motion: { main: null, alt: null, lastOnAlt: false, switches: 0 },
  };
}

/** A vehicle track before its first report is applied. */
export function newVehicleTrack(
  id: string,
  terminalId: string | null,
  plate: string | null,
  at: number,
  historySize: number,
): VehicleTrack {
  return {
    id,
    kind: 'vehicle',
    terminalId,
    plate,
    lat: null,
    lon: null,
    speed: null,
    heading: null,
    activeAlarms: [],
    alarmsSeen: {},
    weighing: null,
    plateRead: null,
    terminalAt: null,
    sensors: {},
    driver: null,
    firstSeen: at,
    lastSeen: at,
    messages: 0,
    history: new FixHistory(historySize, at),
    signals: NO_SIGNALS,
    lostAt: null,
    inGate: false,
    crossedAt: null,
    listedAt: undefined,
  };
}
