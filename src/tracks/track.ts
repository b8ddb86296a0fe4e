import type { TrackSignals } from '../domain/signals.js';
import type { VesselSightingFacts, VesselVoyageFacts } from '../domain/track-view.js';
import type { FixHistory } from './fix-history.js';
import type { AisClass } from './reporting-interval.js';

/** The signals of a track that has raised none: shared by all of them, replaced on the first (vessel-signals.ts raise()). */
export const NO_SIGNALS: TrackSignals = Object.freeze({});

interface TrackBase {
  id: string;
  lat: number | null;
  lon: number | null;
  firstSeen: number;
  lastSeen: number;
  messages: number;
  /** Bounded history of position fixes. */
  history: FixHistory;
  signals: TrackSignals;
  /** When the track became a lost target (silent past its class's lost time); null while heard. */
  lostAt: number | null;
  /** Inside the gate polygon or circle at the last fix (always false for a line). */
  inGate: boolean;
  /** When the subject last crossed the line or gate (a move across it, or a read by a gate device); null until then. */
  crossedAt: number | null;
  /** The track store's own: when it last moved the track to the recent end of its order. */
  listedAt?: number;
}

/** The last fix of a position branch, for telling a jump from two transmitters sharing one MMSI. */
export interface BranchFix {
  t: number;
  lat: number;
  lon: number;
  fixes: number;
}

export interface VesselTrack extends TrackBase {
  kind: 'vessel';
  mmsi: number;
  aisClass: AisClass;
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
  /** False for a vessel only a checkpoint device has seen (a hull-name read with no AIS behind it). */
  aisHeard: boolean;
  /** The latest sighting by a checkpoint device: hull name read, draught measured. */
  sighting: VesselSightingFacts | null;
  /** What the vessel says of its voyage beyond type 5: cones shown, load state, persons on board. */
  voyage: VesselVoyageFacts | null;
  motion: { main: BranchFix | null; alt: BranchFix | null; lastOnAlt: boolean; switches: number };
}

export interface VehicleTrack extends TrackBase {
  kind: 'vehicle';
  /** null until an on-board terminal reports (a vehicle seen only by roadside devices). */
  terminalId: string | null;
  plate: string | null;
  speed: number | null;
  heading: number | null;
  /** Alarms in the latest report. */
  activeAlarms: string[];
  /** Every alarm seen during this passage, with when it was first seen (ms). */
  alarmsSeen: Record<string, number>;
  /** The latest weigh-in-motion reading of this passage. */
  weighing: { at: number; grossKg: number; station: string } | null;
  /** On-board devices (terminal, tank sensors) by profile and device id: when each was last heard. */
  sensors: Record<string, { profile: string; deviceId: string; at: number; livenessMs: number }>;
  /** The driver the terminal last reported (hash and masked ID only). */
  driver: { idHash: string; masked: string; at: number } | null;
  /** The latest read of the plate by a device at the gate (camera, scale), and which one. */
  plateRead: { at: number; station: string } | null;
  /** When the vehicle's own terminal last reported. */
  terminalAt: number | null;
}

export type Track = VesselTrack | VehicleTrack;
