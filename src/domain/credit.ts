import type { CreditGrade } from '../config/schema.js';

export type { CreditGrade };
export type ListName = 'red' | 'black' | 'key-attention';
export type SubjectKind = 'company' | 'vessel' | 'vehicle';

export interface Company {
  id: string;
  name: string;
  grade: CreditGrade;
  score?: number;
}

export interface History36m {
  inspections: number;
  deficiencies: number;
  detentions: number;
  penalties: number;
  accidents: number;
}

export interface VesselSubject {
  mmsi: number;
  imo?: number;
  name: string;
  nameZh?: string;
  shipType?: number;
  buildYear?: number;
  companyId?: string;
  grade?: CreditGrade;
  history?: History36m;
}

export interface VehicleSubject {
  plate: string;
  plateColour?: string;
  terminalId?: string;
  vehicleType?: string;
  companyId?: string;
  grade?: CreditGrade;
  hazmatQualified?: boolean;
  history?: History36m;
}

export interface ListEntry {
  list: ListName;
  subjectKind: SubjectKind;
  subjectId: string;
  reason: string;
  from: string;
  until?: string;
  /** A disputed or repaired entry no longer counts against the subject. */
  status?: 'active' | 'disputed' | 'repaired';
}

/** The credit snapshot as published by the provincial platform (JSON form, version 1). */
export interface CreditSnapshot {
  format: 'kakou-credit-snapshot/1';
  version: number;
  issuedAt: string;
  validUntil: string;
  companies: Company[];
  vessels: VesselSubject[];
  vehicles: VehicleSubject[];
  lists: ListEntry[];
}
