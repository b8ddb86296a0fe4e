import type { CreditGrade } from './grades.js';
import type { FlagPerformance, Performance, RoPerformance, ShipKind } from './psc.js';

export type { CreditGrade };
export type ListName = 'red' | 'black' | 'key-attention';
export type SubjectKind = 'company' | 'vessel' | 'vehicle';

export interface Company {
  id: string;
  name: string;
  grade: CreditGrade;
  score?: number;
  /** ISM company performance as the PSC regime publishes it; absent when not published. */
  performance?: Performance;
  /** PSC inspections of any ship of the company in 36 months; absent when not known. */
  inspections36m?: number;
}

export interface History36m {
  inspections: number;
  deficiencies: number;
  detentions: number;
  penalties: number;
  accidents: number;
  /** Inspections that found more than five deficiencies (Tokyo MoU scores each one). */
  deficientInspections?: number;
  /** When the latest inspection in the window took place (ms), and the latest one that found nothing. */
  lastInspectionAt?: number;
  lastCleanInspectionAt?: number;
}

/** Folds one inspection into a history: the snapshot readers and the scoring CLI share it. */
export function addInspection(h: History36m, at: number, deficiencies: number, detained: boolean): void {
  h.inspections++;
  h.deficiencies += deficiencies;
  if (detained) h.detentions++;
  if (deficiencies > 5) h.deficientInspections = (h.deficientInspections ?? 0) + 1;
  if (h.lastInspectionAt === undefined || at > h.lastInspectionAt) h.lastInspectionAt = at;
  if (deficiencies === 0 && !detained && (h.lastCleanInspectionAt === undefined || at > h.lastCleanInspectionAt))
    h.lastCleanInspectionAt = at;
}

export interface VesselSubject {
  mmsi: number;
  imo?: number;
  registrationNo?: string;
  name: string;
  nameZh?: string;
  shipType?: number;
  buildYear?: number;
  /** Maximum draught on the vessel's certificate (metres). */
  maxDraughtM?: number;
  companyId?: string;
  grade?: CreditGrade;
  /** Flag State (ISO 3166-1 alpha-2) and recognised organisation, as the snapshot's flag and RO tables key them. */
  flag?: string;
  roId?: string;
  /** Ship type as the PSC ship risk profile names it, when the platform knows it. */
  pscType?: ShipKind;
  /** Whether the vessel declared dangerous cargo for its voyage; absent when not known. */
  dangerousCargo?: boolean;
  /** Persons the safety certificate allows on board. */
  maxPersons?: number;
  history?: History36m;
  events?: HistoryEventJson[];
}

export interface VehicleSubject {
  plate: string;
  plateColour?: string;
  terminalId?: string;
  vehicleType?: string;
  companyId?: string;
  grade?: CreditGrade;
  hazmatQualified?: boolean;
  /** Permitted gross vehicle weight (kg), against which a weigh-in-motion reading is judged. */
  permittedGrossKg?: number;
  /** Hazard classes or divisions the road transport certificate covers; absent when not stated. */
  hazardClasses?: string[];
  history?: History36m;
  events?: HistoryEventJson[];
}

/** What the snapshot holds on a vehicle's papers: waybills, permits, and the classes its certificate covers (empty: not stated). */
export interface VehicleDocuments {
  waybills: Waybill[];
  permits: Permit[];
  hazardClasses: string[];
}

/** A driver's hazmat qualification, found by the hash of the ID number the terminal read. */
export interface DriverRecord {
  idHash: string;
  /** Hazard classes or divisions covered ("2,3,8" parsed). */
  classes: string[];
  validUntil: number;
  companyId?: string;
}

export type LatLonPair = [number, number];

/** A hazmat electronic waybill (危险货物电子运单): what is carried, along which route, when. */
export interface Waybill {
  id: string;
  unNumber: string;
  hazardClass: string;
  quantityKg: number;
  route: LatLonPair[];
  from: number;
  until: number;
}

/** An oversize or overweight transport permit (超限运输许可): corridor, validity, weight. */
export interface Permit {
  id: string;
  corridor: LatLonPair[];
  corridorWidthM: number;
  from: number;
  until: number;
  maxGrossKg: number;
}

/** Whether a waybill or permit is in force at `now` (both ends included). */
export const inForce = (d: Pick<Waybill, 'from' | 'until'>, now: number): boolean => d.from <= now && now <= d.until;

export interface ListEntry {
  list: ListName;
  subjectKind: SubjectKind;
  subjectId: string;
  reason: string;
  from: string;
  until?: string;
  /** A disputed, repaired or upheld-in-dispute entry no longer counts against the subject. */
  status?: EntryStatus;
  /** The platform's id of the entry: what a dispute names. */
  id?: string;
}

export type EntryStatus = 'active' | 'disputed' | 'repaired' | 'upheld';

/** One history event in the JSON snapshot form, with the platform's id and its standing. */
export interface HistoryEventJson {
  id: string;
  kind: 'inspection' | 'penalty' | 'accident';
  at: string;
  deficiencies?: number;
  detained?: boolean;
  note?: string;
  status?: EntryStatus;
}

/**
 * The JSON form of a credit snapshot (kakou-credit-snapshot/1): the input of `kakou snapshot build`.
 * Nodes import only the signed binary form built from it (sync/proto/snapshot.proto).
 */
export interface CreditSnapshot {
  format: 'kakou-credit-snapshot/1';
  version: number;
  issuedAt: string;
  validUntil: string;
  companies: Company[];
  /** Flag and recognised organisation performance lists, for the PSC ship risk profile. */
  flags?: FlagPerformance[];
  recognisedOrganisations?: RoPerformance[];
  vessels: VesselSubject[];
  vehicles: VehicleSubject[];
  lists: ListEntry[];
  waybills?: Array<{
    id: string;
    plate: string;
    unNumber: string;
    hazardClass: string;
    quantityKg: number;
    route: LatLonPair[];
    from: string;
    until: string;
    companyId?: string;
  }>;
  drivers?: Array<{
    idHash?: string;
    idNumber?: string;
    qualification: string;
    validUntil: string;
    companyId?: string;
  }>;
  permits?: Array<{
    id: string;
    plate: string;
    corridor: LatLonPair[];
    corridorWidthM: number;
    from: string;
    until: string;
    maxGrossKg: number;
  }>;
}
