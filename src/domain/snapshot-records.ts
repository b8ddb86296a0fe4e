/** Wire types of sync/proto/snapshot.proto, as plain objects (enums as their names). */
export type GradeName = 'AA' | 'A' | 'B' | 'C' | 'D' | 'GRADE_UNSPECIFIED';
export type SubjectKindName = 'COMPANY' | 'VESSEL' | 'VEHICLE' | 'DRIVER' | 'SUBJECT_UNSPECIFIED';

export interface SnapHeader {
  format: number;
  version: number;
  baseVersion: number;
  issuedAtMs: number;
  validUntilMs: number;
  issuerKeyId: string;
  issuer: string;
  /** The driver-id key the drivers are hashed with, by its id; '' in a snapshot without drivers. */
  driverIdKeyId: string;
}
export interface SnapCompany {
  id: string;
  name: string;
  grade: GradeName;
  score: number;
  performance: string;
  /** PSC inspections of the company's ships in 36 months; unset (null) when not known. */
  recentPscInspections?: number | null;
}
export interface SnapFlagState {
  code: string;
  name: string;
  list: string;
  imoAudited: boolean;
}
export interface SnapRecognisedOrganisation {
  id: string;
  name: string;
  performance: string;
  recognised: boolean;
}
export interface SnapVessel {
  mmsi: number;
  imo: number;
  registrationNo: string;
  nameZh: string;
  name: string;
  shipType: number;
  buildYear: number;
  grossTonnage: number;
  maxDraughtCm: number;
  portOfRegistry: string;
  companyId: string;
  grade: GradeName;
  /** PSC ship risk profile data (snapshot.proto fields 13-15); '' or absent when not known. */
  flag?: string;
  roId?: string;
  pscType?: string;
  /** Declared dangerous cargo for the voyage; null or absent when not known. */
  dangerousCargo?: boolean | null;
  /** Persons the safety certificate allows; 0 or absent when not stated. */
  maxPersons?: number;
}
export interface SnapVehicle {
  plate: string;
  plateColour: string;
  vehicleType: string;
  hazmatQualified: boolean;
  permittedGrossKg: number;
  companyId: string;
  terminalId: string;
  grade: GradeName;
  hazardClasses: string[];
}
export interface SnapDriver {
  idHash: Buffer;
  qualification: string;
  validUntilMs: number;
  companyId: string;
}
export interface SnapListEntry {
  list: 'RED' | 'BLACK' | 'KEY_ATTENTION' | 'LIST_UNSPECIFIED';
  subjectKind: SubjectKindName;
  subjectId: string;
  reason: string;
  fromMs: number;
  untilMs: number;
  status: EntryStatusName;
  /** The platform's id of the entry (what a dispute names); '' in snapshots from before it was carried. */
  entryId?: string;
}
export type EntryStatusName = 'ACTIVE' | 'DISPUTED' | 'REPAIRED' | 'UPHELD';
export interface SnapHistory {
  subjectKind: SubjectKindName;
  subjectId: string;
  kind: 'INSPECTION' | 'PENALTY' | 'ACCIDENT' | 'KIND_UNSPECIFIED';
  atMs: number;
  deficiencies: number;
  detained: boolean;
  note: string;
  /** The platform's id of the event (what a dispute names). */
  eventId?: string;
  status?: EntryStatusName;
}
export interface SnapPoint {
  lat: number;
  lon: number;
}
export interface SnapPermit {
  id: string;
  plate: string;
  corridor: SnapPoint[];
  corridorWidthM: number;
  validFromMs: number;
  validUntilMs: number;
  maxGrossKg: number;
}
export interface SnapWaybill {
  id: string;
  plate: string;
  unNumber: string;
  hazardClass: string;
  quantityKg: number;
  route: SnapPoint[];
  windowFromMs: number;
  windowUntilMs: number;
  companyId: string;
}
export interface SnapRemoval {
  subjectKind: SubjectKindName;
  subjectId: string;
}
export type SnapRecord =
  | { company: SnapCompany }
  | { vessel: SnapVessel }
  | { vehicle: SnapVehicle }
  | { driver: SnapDriver }
  | { listEntry: SnapListEntry }
  | { history: SnapHistory }
  | { permit: SnapPermit }
  | { waybill: SnapWaybill }
  | { removal: SnapRemoval }
  | { flagState: SnapFlagState }
  | { recognisedOrganisation: SnapRecognisedOrganisation };
export interface SnapTrailer {
  recordCount: number;
  recordsSha256: Buffer;
  signature: Buffer;
}

export interface RawRecord {
  record?:
    | 'company'
    | 'vessel'
    | 'vehicle'
    | 'driver'
    | 'listEntry'
    | 'history'
    | 'permit'
    | 'waybill'
    | 'removal'
    | 'flagState'
    | 'recognisedOrganisation';
  company: Omit<SnapCompany, 'grade'> & { grade: number };
  vessel: Omit<SnapVessel, 'grade'> & { grade: number };
  vehicle: Omit<SnapVehicle, 'grade'> & { grade: number };
  driver: Omit<SnapDriver, 'idHash'> & { idHash: Uint8Array };
  listEntry: Omit<SnapListEntry, 'list' | 'subjectKind' | 'status'> & {
    list: number;
    subjectKind: number;
    status: number;
  };
  history: Omit<SnapHistory, 'subjectKind' | 'kind' | 'status'> & {
    subjectKind: number;
    kind: number;
    status?: number;
  };
  permit: SnapPermit;
  waybill: SnapWaybill;
  removal: { subjectKind: number; subjectId: string };
  flagState: SnapFlagState;
  recognisedOrganisation: SnapRecognisedOrganisation;
}

export const GRADE_BY_NUMBER = [null, 'AA', 'A', 'B', 'C', 'D'] as const;
export const SUBJECT_BY_NUMBER = [null, 'company', 'vessel', 'vehicle', 'driver'] as const;
export const LIST_BY_NUMBER = [null, 'red', 'black', 'key-attention'] as const;
export const STATUS_BY_NUMBER = ['active', 'disputed', 'repaired', 'upheld'] as const;
export const HISTORY_BY_NUMBER = [null, 'inspection', 'penalty', 'accident'] as const;
