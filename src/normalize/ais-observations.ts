import type { Observation, ObservationBase, VesselStatic } from '../domain/observation.js';
import type { AisMessage } from './ais/messages.js';

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
    // Base stations, aids to navigation, aircraft and link management are not vessels to inspect.
    default:
      return [];
  }
}
