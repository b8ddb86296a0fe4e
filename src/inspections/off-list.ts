import type { CreditProfile } from '../domain/credit-profile.js';
import { KakouError } from '../errors.js';

/** What an inspection record says of a subject that was not on the live list. */
export interface OffListSubject {
  targetId: string;
  targetKind: 'vessel' | 'vehicle';
  targetName: string;
  /** Found in the credit snapshot, or unknown to it (recorded all the same). */
  offList: 'on-record' | 'unknown';
}

export interface SubjectLookup {
  vessel(mmsi: number, now: number): CreditProfile;
  vehicle(plate: string | null, terminalId: string, now: number): CreditProfile;
  vesselMmsiBy(key: { name?: string }): number | null;
}

const MMSI = /^vessel:(\d{9})$/;
const SHIP_NAME = /^vessel:name:(.{1,64})$/u;
const PLATE = /^vehicle:(.{2,16})$/u;

/**
 * A subject an officer inspects without the live list naming it (no AIS, a tip-off, a walk-in),
 * named `vessel:<MMSI>`, `vessel:name:<ship name>` or `vehicle:<plate>`, and looked up in the
 * credit snapshot. A subject the snapshot does not know is recorded as unknown, never refused; a
 * ship found by its name is recorded under its MMSI, so its history joins.
 */
export function offListSubject(targetId: string, credit: SubjectLookup, now: number): OffListSubject {
  const byMmsi = MMSI.exec(targetId);
  const byName = SHIP_NAME.exec(targetId);
  const mmsi = byMmsi ? Number(byMmsi[1]) : byName ? credit.vesselMmsiBy({ name: (byName[1] as string).trim() }) : null;
  if (mmsi !== null) {
    const vessel = credit.vessel(mmsi, now).vessel;
    return {
      targetId: `vessel:${mmsi}`,
      targetKind: 'vessel',
      targetName: vessel?.nameZh || vessel?.name || `MMSI ${mmsi}`,
      offList: vessel ? 'on-record' : 'unknown',
    };
  }
  if (byName) return { targetId, targetKind: 'vessel', targetName: (byName[1] as string).trim(), offList: 'unknown' };
  const plate = PLATE.exec(targetId)?.[1];
  if (plate !== undefined) {
    const known = credit.vehicle(plate, '', now).vehicle !== null;
    return { targetId, targetKind: 'vehicle', targetName: plate, offList: known ? 'on-record' : 'unknown' };
  }
  throw new KakouError('KAKOU_E_TARGET_UNKNOWN', undefined, [
    `targetId: ${targetId} is not on the live list; name a subject off the list as vessel:<MMSI>, vessel:name:<ship name> or vehicle:<plate>`,
  ]);
}
