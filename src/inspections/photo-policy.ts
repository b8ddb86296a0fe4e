import type { Role } from '../domain/roles.js';
import type { InspectionRecord } from '../domain/inspection.js';
import { KakouError } from '../errors.js';

/** Photos one record may hold: enough for a boarding, bounded so one record cannot fill the disk. */
export const MAX_PHOTOS_PER_RECORD = 12;
/**
 * How long after it is written a record takes its officer's photos: the rest of the boarding.
 * Later, only a supervisor attaches one, as a correction (each attachment is a chained record of
 * its own, naming who added it).
 */
export const PHOTO_WINDOW_MS = 60 * 60_000;

/**
 * Who may attach a photo to a record, and when: its own officer while the record is open, a
 * supervisor or administrator at any time. Throws the coded refusal otherwise.
 */
export function checkPhotoAttach(
  record: InspectionRecord,
  user: { username: string; role: Role },
  now: number,
  attached: number,
): void {
  const supervisor = user.role === 'supervisor' || user.role === 'admin';
  if (!supervisor && record.officer !== user.username) {
    throw new KakouError('KAKOU_E_AUTH_FORBIDDEN', undefined, [
      `only ${record.officer}, who wrote the record, or a supervisor attaches photos to it`,
    ]);
  }
  if (!supervisor && now - Date.parse(record.createdAt) > PHOTO_WINDOW_MS) {
    throw new KakouError('KAKOU_E_INSPECTION_CLOSED', undefined, [
      `record ${record.id} was written more than ${PHOTO_WINDOW_MS / 60_000} minutes ago`,
    ]);
  }
  if (attached >= MAX_PHOTOS_PER_RECORD)
    throw new KakouError('KAKOU_E_PHOTO_LIMIT', undefined, [`at most ${MAX_PHOTOS_PER_RECORD} photos per record`]);
}
