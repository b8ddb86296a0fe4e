import type { Observation, ObservationBase, VesselStatic } from '../domain/observation.js';
import type { AisBinary, AisMessage } from './ais/messages.js';

// Objects are built with literal properties, not spreads: this runs per AIS message, and V8's
// generic spread path (especially spreading `false`) was most of the ingest cost.

/** Turns a decoded AIS message into the vessel observations the track store understands. */
export function aisToObservations(m: AisMessage, base: ObservationBase): Observation[] {
  switch (m.type) {
    case 1:
    case 2:
    case 3:
      return [
        {
          kind: 'vessel-position',
          profile: base.profile,
          deviceId: base.deviceId,
          receivedAt: base.receivedAt,
          aisType: m.type,
          mmsi: m.mmsi,
          lat: m.lat,
          lon: m.lon,
          speed: m.speed,
          course: m.course,
          heading: m.heading,
          turn: m.turn,
          status: m.status,
        },
      ];
    case 18:
      return [
        {
          kind: 'vessel-position',
          profile: base.profile,
          deviceId: base.deviceId,
          receivedAt: base.receivedAt,
          aisType: 18,
          mmsi: m.mmsi,
          lat: m.lat,
          lon: m.lon,
          speed: m.speed,
          course: m.course,
          heading: m.heading,
          turn: null,
          status: null,
          csUnit: m.cs,
        },
      ];
    case 19: {
      const o: VesselStatic = {
        kind: 'vessel-static',
        profile: base.profile,
        deviceId: base.deviceId,
        receivedAt: base.receivedAt,
        aisType: 19,
        mmsi: m.mmsi,
      };
      if (m.shipname !== undefined) o.shipname = m.shipname;
      if (m.shiptype !== undefined) o.shiptype = m.shiptype;
      return [
        {
          kind: 'vessel-position',
          profile: base.profile,
          deviceId: base.deviceId,
          receivedAt: base.receivedAt,
          aisType: 19,
          mmsi: m.mmsi,
          lat: m.lat,
          lon: m.lon,
          speed: m.speed,
          course: m.course,
          heading: m.heading,
          turn: null,
          status: null,
        },
        o,
      ];
    }
    case 27:
      return [
        {
          kind: 'vessel-position',
          profile: base.profile,
          deviceId: base.deviceId,
          receivedAt: base.receivedAt,
          aisType: 27,
          mmsi: m.mmsi,
          lat: m.lat,
          lon: m.lon,
          speed: m.speed,
          course: m.course,
          heading: null,
          turn: null,
          status: m.status,
        },
      ];
    case 5: {
      const o: VesselStatic = {
        kind: 'vessel-static',
        profile: base.profile,
        deviceId: base.deviceId,
        receivedAt: base.receivedAt,
        aisType: 5,
        mmsi: m.mmsi,
        shipname: m.shipname,
        callsign: m.callsign,
        shiptype: m.shiptype,
        to_bow: m.to_bow,
        to_stern: m.to_stern,
        to_port: m.to_port,
        to_starboard: m.to_starboard,
        draught: m.draught,
        destination: m.destination,
      };
      if (m.imo !== null) o.imo = m.imo;
      return [o];
    }
    case 24: {
      const o: VesselStatic = {
        kind: 'vessel-static',
        profile: base.profile,
        deviceId: base.deviceId,
        receivedAt: base.receivedAt,
        aisType: 24,
        mmsi: m.mmsi,
      };
      if (m.shipname !== undefined) o.shipname = m.shipname;
      if (m.callsign !== undefined) o.callsign = m.callsign;
      if (m.shiptype !== undefined) o.shiptype = m.shiptype;
      if (m.to_bow !== undefined) o.to_bow = m.to_bow;
      if (m.to_stern !== undefined) o.to_stern = m.to_stern;
      if (m.to_port !== undefined) o.to_port = m.to_port;
      if (m.to_starboard !== undefined) o.to_starboard = m.to_starboard;
      return [o];
    }
    case 6:
    case 8:
      return voyageObservation(m, base);
    // Base stations, aids to navigation, aircraft and link management are not vessels to inspect.
    default:
      return [];
  }
}

/**
 * What a vessel says of its voyage in application messages (src/normalize/ais/README.md): the
 * Inland AIS static and voyage data (ENI, blue cones, load state, draught) and persons on board
 * (Inland AIS, IMO 289). Other application messages are not about the sender as a target.
 */
function voyageObservation(m: AisBinary, base: ObservationBase): Observation[] {
  const o: VesselStatic = {
    kind: 'vessel-static',
    profile: base.profile,
    deviceId: base.deviceId,
    receivedAt: base.receivedAt,
    aisType: m.type,
    mmsi: m.mmsi,
  };
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  if (m.type === 8 && m.dac === 200 && m.fid === 10 && 'shiptype' in m) {
    if (typeof m.vin === 'string' && m.vin !== '') o.eni = m.vin;
    const cones = num(m.hazard);
    if (cones !== undefined) o.blueCones = cones;
    const load = num(m.loaded);
    if (load === 1 || load === 2) o.loadState = load;
    // Centimetres in the Inland AIS message; metres like message 5's draught.
    const cm = num(m.draught);
    if (cm !== undefined) o.draught = cm / 100;
  } else if (m.type === 6 && m.dac === 200 && m.fid === 55 && 'crew' in m) {
    const parts = [num(m.crew), num(m.passengers), num(m.personnel)];
    if (parts.some((p) => p !== undefined)) o.persons = parts.reduce<number>((a, p) => a + (p ?? 0), 0);
  } else if (m.type === 6 && m.dac === 1 && m.fid === 16 && 'persons' in m) {
    const persons = num(m.persons);
    if (persons !== undefined) o.persons = persons;
  } else return [];
  return Object.keys(o).length > 6 ? [o] : [];
}
