import type { Observation, ObservationBase } from '../domain/observation.js';
import type { AisMessage } from './ais/messages.js';

/** Turns a decoded AIS message into the vessel observations the track store understands. */
export function aisToObservations(m: AisMessage, base: ObservationBase): Observation[] {
  switch (m.type) {
    case 1: case 2: case 3: case 18:
      return [{
        ...base, kind: 'vessel-position', aisType: m.type, mmsi: m.mmsi,
        lat: m.lat, lon: m.lon, speed: m.speed, course: m.course, heading: m.heading, turn: m.turn, status: m.status,
      }];
    case 5:
      return [{
        ...base, kind: 'vessel-static', aisType: 5, mmsi: m.mmsi,
        shipname: m.shipname, callsign: m.callsign, ...(m.imo !== null && { imo: m.imo }), shiptype: m.shiptype,
        to_bow: m.to_bow, to_stern: m.to_stern, to_port: m.to_port, to_starboard: m.to_starboard,
        draught: m.draught, destination: m.destination,
      }];
    case 24: {
      const { type: _t, repeat: _r, partno: _p, vendorid: _v, model: _m, serial: _s, ...fields } = m;
      return [{ ...base, kind: 'vessel-static', aisType: 24, ...fields }];
    }
  }
}
