import type { TrackSignals } from './signals.js';

/** The latest sighting of a vessel by a checkpoint device: hull name read, draught measured. */
export interface VesselSightingFacts {
  at: number;
  station: string;
  profile: string;
  hullName: string | null;
  /** The latest measured draught of the passage (a gauge reading survives a later camera read). */
  draughtM: number | null;
  draughtAt: number | null;
}

/**
 * What a vessel broadcasts of its voyage beyond message 5 (Inland AIS and IMO 289 application
 * messages), each fact with when it was last reported; null where it never said.
 */
export interface VesselVoyageFacts {
  eni: string | null;
  /** Blue cones or lights shown, 0-3, or 4 for a B-flag. */
  blueCones: number | null;
  blueConesAt: number | null;
  /** The loaded state as the Inland AIS codes it: 1 loaded, 2 unloaded. */
  loadState: number | null;
  persons: number | null;
  personsAt: number | null;
}

interface SubjectView {
  readonly id: string;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly lastSeen: number;
  readonly signals: Readonly<TrackSignals>;
}

export interface VesselView extends SubjectView {
  readonly kind: 'vessel';
  readonly mmsi: number;
  readonly shipname: string | null;
  readonly imo: number | null;
  readonly shiptype: number | null;
  readonly draught: number | null;
  /** False for a vessel only a checkpoint device has seen (a hull-name read with no AIS behind it). */
  readonly aisHeard: boolean;
  readonly sighting: Readonly<VesselSightingFacts> | null;
  readonly voyage: Readonly<VesselVoyageFacts> | null;
}

export interface VehicleView extends SubjectView {
  readonly kind: 'vehicle';
  /** null until an on-board terminal reports (a vehicle seen only by roadside devices). */
  readonly terminalId: string | null;
  readonly plate: string | null;
  /** Alarms in the latest report. */
  readonly activeAlarms: readonly string[];
  /** Every alarm seen during this passage, with when it was first seen (ms). */
  readonly alarmsSeen: Readonly<Record<string, number>>;
  /** The latest weigh-in-motion reading of this passage. */
  readonly weighing: { readonly at: number; readonly grossKg: number; readonly station: string } | null;
  /** On-board devices (terminal, tank sensors) by profile and device id: when each was last heard. */
  readonly sensors: Readonly<Record<string, { profile: string; deviceId: string; at: number; livenessMs: number }>>;
  /** The driver the terminal last reported (hash and masked ID only). */
  readonly driver: { readonly idHash: string; readonly masked: string; readonly at: number } | null;
  /** The latest read of the plate by a device at the gate, and which one. */
  readonly plateRead: { readonly at: number; readonly station: string } | null;
  /** When the vehicle's own terminal last reported. */
  readonly terminalAt: number | null;
}

/**
 * What scoring sees of a live subject: the facts its rules read, read-only. The track store's own
 * tracks satisfy it as they are; `kakou score` builds one from an input line without inventing
 * the store's bookkeeping (history buffers, motion branches).
 */
export type TrackView = VesselView | VehicleView;
