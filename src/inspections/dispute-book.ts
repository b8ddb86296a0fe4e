import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { DisputeRecord } from '../domain/dispute.js';
import { KakouError } from '../errors.js';
import type { EventSink } from '../events.js';
import type { Logger } from '../logger.js';
import type { CreditEntries, CreditEntry } from '../storage/credit-entries.js';
import type { DisputeRepo, DisputeState } from '../storage/dispute-repo.js';

export interface NewDispute {
  targetId: string;
  entryKind: 'list' | 'history';
  entryId: string;
  officerNote: string;
  subjectStatement: string;
  inspectionId?: string;
}

/** Standings a snapshot settles a dispute with: the entry no longer counts. */
const SETTLED: Record<string, DisputeRecord['outcome']> = { upheld: 'upheld', repaired: 'repaired' };

/**
 * Disputes (异议) and their resolution. An officer records a dispute against one credit entry of
 * the snapshot, with the subject's statement; it goes upstream for the platform to decide. Each
 * new snapshot is read for the platform's answer: an entry now upheld in dispute or repaired, or
 * gone, resolves its dispute with a record of its own; the score already stops counting it, since
 * only active entries count.
 */
export class DisputeBook {
  constructor(
    private readonly repo: Pick<DisputeRepo, 'insertWithOutbox' | 'list'>,
    private readonly entries: Pick<CreditEntries, 'byId'>,
    private readonly nodeId: string,
    private readonly clock: Clock,
    private readonly events: EventSink,
    private readonly log: Logger,
    private readonly snapshotVersion: () => number | null,
  ) {}

  open(input: NewDispute, officer: string): DisputeRecord {
    const entry = this.entries.byId(input.entryKind, input.entryId);
    if (!entry)
      throw new KakouError('KAKOU_E_CREDIT_ENTRY_UNKNOWN', undefined, [
        `entryId: the snapshot in force holds no ${input.entryKind} entry ${input.entryId}`,
      ]);
    if (entry.subjectKind !== 'company' && `${entry.subjectKind}:${entry.subjectId}` !== input.targetId)
      throw new KakouError('KAKOU_E_API_VALIDATION', undefined, [
        `entryId: ${input.entryId} is an entry of ${entry.subjectKind}:${entry.subjectId}, not of ${input.targetId}`,
      ]);
    const open = this.repo.list({ targetId: input.targetId, open: true });
    if (open.some((d) => d.opened.entryKind === input.entryKind && d.opened.entryId === input.entryId))
      throw new KakouError('KAKOU_E_DISPUTE_OPEN', undefined, [`entryId: ${input.entryId} is disputed already`]);
    const id = randomUUID();
    const record: DisputeRecord = {
      ...{ id, disputeId: id, event: 'opened', nodeId: this.nodeId, targetId: input.targetId },
      ...{ entryKind: input.entryKind, entryId: input.entryId, entryStatus: entry.status, officer },
      ...{ officerNote: input.officerNote, subjectStatement: input.subjectStatement },
      ...(input.inspectionId !== undefined && { inspectionId: input.inspectionId }),
      snapshotVersion: this.snapshotVersion(),
      at: new Date(this.clock.now()).toISOString(),
    };
    this.write(record);
    return record;
  }

  /** A new snapshot is in force: disputes it settles are resolved. */
  snapshotChanged(): void {
    for (const d of this.repo.list({ open: true }, 10_000)) {
      const entry = this.entries.byId(d.opened.entryKind, d.opened.entryId);
      const outcome = entry ? SETTLED[entry.status] : 'withdrawn';
      if (outcome) this.resolve(d.opened, entry, outcome);
    }
  }

  list(filter: { targetId?: string; open?: boolean }, limit?: number): DisputeState[] {
    return this.repo.list(filter, limit);
  }

  private resolve(
    opened: DisputeRecord,
    entry: CreditEntry | null,
    outcome: NonNullable<DisputeRecord['outcome']>,
  ): void {
    const { disputeId, targetId, entryKind, entryId } = opened;
    this.write({
      ...{ id: randomUUID(), disputeId, event: 'resolved', nodeId: this.nodeId, targetId, entryKind, entryId },
      ...{ entryStatus: entry?.status ?? 'absent', outcome, snapshotVersion: this.snapshotVersion() },
      at: new Date(this.clock.now()).toISOString(),
    });
  }

  private write(record: DisputeRecord): void {
    this.repo.insertWithOutbox(record);
    this.log.info(
      { dispute: record.disputeId, event: record.event, entry: record.entryId, target: record.targetId },
      'dispute',
    );
    this.events.emit('dispute-recorded', { disputeId: record.disputeId, targetId: record.targetId });
  }
}
