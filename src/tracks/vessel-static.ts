import type { VesselStatic } from '../domain/observation.js';
import type { VesselVoyageFacts } from '../domain/track-view.js';
import type { VesselTrack } from './track.js';
import { checkIdentity } from './vessel-signals.js';

/**
 * A static or voyage report (types 5, 19, 24, and the application messages about the sender)
 * applied to its vessel's track: identity changes raise signals, what is stated replaces what was.
 */
export function applyStatic(t: VesselTrack, o: VesselStatic, at: number): void {
  if (o.aisType === 24 && t.aisClass === 'A') t.aisClass = 'B-CS';
  if (o.shipname) {
    checkIdentity(t, 'shipname', o.shipname, at);
    t.shipname = o.shipname;
  }
  if (o.callsign) {
    checkIdentity(t, 'callsign', o.callsign, at);
    t.callsign = o.callsign;
  }
  if (o.imo !== undefined && o.imo > 0) {
    checkIdentity(t, 'imo', o.imo, at);
    t.imo = o.imo;
  }
  if (o.shiptype !== undefined) t.shiptype = o.shiptype;
  if (o.draught !== undefined) t.draught = o.draught;
  if (o.destination) t.destination = o.destination;
  if (o.to_bow !== undefined && o.to_stern !== undefined && o.to_bow + o.to_stern > 0) t.length = o.to_bow + o.to_stern;
  if (o.eni !== undefined || o.blueCones !== undefined || o.loadState !== undefined || o.persons !== undefined)
    t.voyage = voyageOf(t.voyage, o, at);
}

/** The voyage facts after a report: what it states replaces, what it does not say is kept. */
function voyageOf(prev: VesselVoyageFacts | null, o: VesselStatic, at: number): VesselVoyageFacts {
  return {
    eni: o.eni ?? prev?.eni ?? null,
    blueCones: o.blueCones ?? prev?.blueCones ?? null,
    blueConesAt: o.blueCones !== undefined ? at : (prev?.blueConesAt ?? null),
    loadState: o.loadState ?? prev?.loadState ?? null,
    persons: o.persons ?? prev?.persons ?? null,
    personsAt: o.persons !== undefined ? at : (prev?.personsAt ?? null),
  };
}
