import type {
  Company,
  CreditGrade,
  DriverRecord,
  History36m,
  ListEntry,
  VehicleDocuments,
  VehicleSubject,
  VesselSubject,
} from './credit.js';
import type { FlagPerformance, RoPerformance } from './psc.js';

/** What the credit snapshot says about one target, as the rules see it. */
export interface CreditProfile {
  known: boolean;
  subjectGrade: CreditGrade | null;
  company: Company | null;
  /** The worse of the subject's and its company's grades. */
  grade: CreditGrade | null;
  /** List entries in force for the subject or its company (disputed, repaired and expired ones excluded). */
  lists: ListEntry[];
  /** Counts over the 36 months before `now`. */
  history: History36m | null;
  vessel: VesselSubject | null;
  vehicle: VehicleSubject | null;
  /**
   * Vessels naming a flag or a recognised organisation: their entries in the performance lists
   * (a flag the lists do not hold reads as `unlisted`, an organisation as without performance).
   */
  flagState?: FlagPerformance;
  ro?: RoPerformance;
  /** Vehicles: the waybills and permits on record for the plate. */
  documents?: VehicleDocuments;
  /**
   * Vehicles whose terminal reported the driver: the qualification on record, or null when the
   * driver is not on record. Absent when no driver was reported.
   */
  driver?: DriverRecord | null;
  /** Set when the target was found by another identity than its own key (an unregistered MMSI whose IMO or name is on record). */
  identity?: { matchedBy: 'imo' | 'name'; registeredMmsi: number };
}

/** The port scoring reads the snapshot through (implemented in src/credit/credit-lookup.ts, over SQLite and an in-memory index). */
export interface CreditLookup {
  /** Version of the snapshot in force, 0 when none. */
  readonly version: number;
  /** By MMSI; when the MMSI is not on record, by the IMO number or the name the vessel broadcasts. */
  vessel(mmsi: number, now: number, alt?: { imo?: number | null; name?: string | null }): CreditProfile;
  vehicle(plate: string | null, terminalId: string, now: number, driverIdHash?: string | null): CreditProfile;
}

const GRADE_ORDER: CreditGrade[] = ['AA', 'A', 'B', 'C', 'D'];

export function worseGrade(a: CreditGrade | null | undefined, b: CreditGrade | null | undefined): CreditGrade | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return GRADE_ORDER.indexOf(a) >= GRADE_ORDER.indexOf(b) ? a : b;
}
