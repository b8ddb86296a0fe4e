import { randomUUID } from 'node:crypto';
import { ClockWatch, type Clock } from '../clock.js';
import type { InspectionRecord, NewInspection } from '../domain/inspection.js';
import type { Passage } from '../domain/passage.js';
import type { Target } from '../domain/target.js';
import { KakouError } from '../errors.js';
import type { EventSink } from '../events.js';
import type { Logger } from '../logger.js';
import type { Role } from '../domain/roles.js';
import type { InspectionRepo } from '../storage/inspection-repo.js';
import { amendmentOf, standing, type AmendRequest } from './amendments.js';
import { offListSubject, type SubjectLookup } from './off-list.js';
import { checkPhotoAttach, MAX_PHOTOS_PER_RECORD } from './photo-policy.js';

/**
 * Records what officers found. The record carries the decision it answered (tier and score at the
 * time), so the central system can measure hit rates per selection reason.
 */
export class InspectionService {
  private readonly clockWatch = new ClockWatch();

  constructor(
    private readonly repo: InspectionRepo,
    private readonly nodeId: string,
    private readonly targets: { get(id: string): Target | undefined },
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly events: EventSink,
    /** Where subjects off the live list are looked up; without it only listed targets can be recorded. */
    private readonly subjects?: SubjectLookup,
    /** The passage a record answers, whose call, start and finish times it carries. */
    private readonly passages?: { forRecord(targetId: string, passageId?: string): Passage | null },
  ) {}

  record(input: NewInspection): InspectionRecord {
    const now = this.clock.now();
    const target = this.targets.get(input.targetId);
    const subject = target
      ? {
          targetKind: target.kind,
          targetName: target.name,
          tierAtDecision: target.tier,
          scoreAtDecision: target.score,
          reasonsAtDecision: target.reasons.map((r) => r.code),
        }
      : this.offList(input.targetId, now);
    const passage = input.amends === undefined ? this.passages?.forRecord(input.targetId, input.passageId) : null;
    const clockSuspect = this.clockWatch.jumped(now);
    const record: InspectionRecord = {
      ...input,
      ...subject,
      ...(passage && loopOf(passage, now)),
      id: randomUUID(),
      nodeId: this.nodeId,
      createdAt: new Date(now).toISOString(),
    };
    const { seq } = this.repo.insertWithOutbox(record, 0, clockSuspect);
    this.log.info({ id: record.id, targetId: record.targetId, result: record.result, seq }, 'inspection recorded');
    this.events.emit('inspection-recorded', record);
    return record;
  }

  /** A subject the live list does not name: looked up in the snapshot, recorded even when unknown. */
  private offList(targetId: string, now: number) {
    if (!this.subjects)
      throw new KakouError('KAKOU_E_TARGET_UNKNOWN', undefined, [`targetId: ${targetId} is not on the live list`]);
    return { ...offListSubject(targetId, this.subjects, now), tierAtDecision: null, scoreAtDecision: null };
  }

  get(id: string): InspectionRecord | null {
    return this.repo.get(id);
  }

  /** A correction or void of a record: a new record that names it (amendments.ts says who may do what). */
  amend(id: string, req: AmendRequest): InspectionRecord {
    const original = this.repo.get(id);
    if (!original) throw new KakouError('KAKOU_E_INSPECTION_UNKNOWN', undefined, [`id: no record ${id}`]);
    const amended = amendmentOf(original, this.repo.amendments(id), req);
    // The original's subject and decision stand: an amendment restates the finding, not whom it was of.
    const { targetKind, targetName, tierAtDecision, scoreAtDecision } = original;
    const now = this.clock.now();
    const record: InspectionRecord = {
      ...amended,
      ...{ targetKind, targetName, tierAtDecision, scoreAtDecision },
      ...(original.offList && { offList: original.offList }),
      id: randomUUID(),
      nodeId: this.nodeId,
      createdAt: new Date(now).toISOString(),
    };
    this.repo.insertWithOutbox(record, 0, this.clockWatch.jumped(now));
    this.log.info({ id: record.id, amends: id, amendment: record.amendment, by: req.by.username }, 'record amended');
    this.events.emit('inspection-recorded', record);
    return record;
  }

  /** The record's hash in the uplink chain, for its printed form. */
  recordHash(id: string): string | null {
    return this.repo.recordHash(id);
  }

  /** A record with every amendment made to it, oldest first, and where it stands. */
  history(id: string): { record: InspectionRecord; amendments: InspectionRecord[]; standing: string } | null {
    const record = this.repo.get(id);
    if (!record) return null;
    const amendments = this.repo.amendments(id);
    return { record, amendments, standing: standing(amendments) };
  }

  /** Refuses, with its code, a photo this user may not attach to this record now. */
  checkPhoto(record: InspectionRecord, user: { username: string; role: Role }): void {
    checkPhotoAttach(record, user, this.clock.now(), this.repo.photos(record.id).length);
  }

  /**
   * Attaches a photo already stored by its SHA-256: a chained record of its own goes upstream with
   * the hash and who attached it. The same photo twice is attached once.
   */
  attachPhoto(
    record: InspectionRecord,
    user: { username: string; role: Role },
    photo: { sha256: string; contentType: string; bytes: number },
  ): void {
    this.checkPhoto(record, user);
    const outcome = this.repo.attachPhoto(
      { ...photo, inspectionId: record.id, nodeId: this.nodeId, addedBy: user.username, addedAtMs: this.clock.now() },
      MAX_PHOTOS_PER_RECORD,
    );
    if (outcome === null)
      throw new KakouError('KAKOU_E_PHOTO_LIMIT', undefined, [`at most ${MAX_PHOTOS_PER_RECORD} photos per record`]);
    if (outcome === 'attached')
      this.log.info({ id: record.id, sha256: photo.sha256, by: user.username }, 'photo attached');
  }

  photos(id: string): Array<{ sha256: string; contentType: string; bytes: number; addedBy: string }> {
    return this.repo.photos(id);
  }

  forTarget(targetId: string): InspectionRecord[] {
    return this.repo.byTarget(targetId);
  }

  recent(limit?: number): InspectionRecord[] {
    return this.repo.recent(limit);
  }
}

const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());

/** What a record carries of its passage: its id and the officer's call, start and finish times. */
function loopOf(p: Passage, now: number) {
  const calledAt = iso(p.called?.at ?? null);
  const startedAt = iso(p.startedAt);
  return {
    passageId: p.id,
    ...(calledAt && { calledAt }),
    ...(startedAt && { startedAt }),
    finishedAt: iso(p.finishedAt ?? now) as string,
  };
}
