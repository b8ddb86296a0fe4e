import type { InspectionRecord } from '../domain/inspection.js';
import type { InspectionRepo } from '../storage/inspection-repo.js';

export interface LocalHistory {
  lastInspectionAt?: number;
  lastCleanInspectionAt?: number;
  /** The reason codes the subject carried when last inspected here. */
  reasonsAtLastInspection?: readonly string[];
}

/** The local history of a target never inspected at this node (most of them). */
const NEVER_INSPECTED: LocalHistory = Object.freeze({});
/** Targets whose history is kept in memory, at most; past it the cache starts again. */
const MAX_CACHED = 100_000;

/**
 * When this node last inspected a target, and last found nothing: scoring asks on every rescore,
 * before the credit snapshot carries the record, so answers are cached and each new record
 * (the `inspection-recorded` event) refreshes its target's entry.
 */
export class InspectionHistory {
  private readonly last = new Map<string, LocalHistory>();
  // Targets with any record here, read once: most targets have none, and need neither a query nor a cache entry.
  private inspected: Set<string> | null = null;

  constructor(private readonly repo: Pick<InspectionRepo, 'byTarget' | 'inspectedTargetIds'>) {}

  recorded(record: InspectionRecord): void {
    this.last.delete(record.targetId);
    this.inspected?.add(record.targetId);
  }

  lastFor(targetId: string): LocalHistory {
    this.inspected ??= this.repo.inspectedTargetIds();
    if (!this.inspected.has(targetId)) return NEVER_INSPECTED;
    let entry = this.last.get(targetId);
    if (!entry) {
      entry = this.read(targetId);
      if (this.last.size >= MAX_CACHED) this.last.clear();
      this.last.set(targetId, entry);
    }
    return entry;
  }

  private read(targetId: string): LocalHistory {
    let lastInspectionAt: number | undefined;
    let lastCleanInspectionAt: number | undefined;
    let reasons: readonly string[] | undefined;
    for (const r of this.repo.byTarget(targetId, 50)) {
      if (r.amends !== undefined || (r.result !== 'no-defects' && r.result !== 'defects-found')) continue;
      const at = Date.parse(r.createdAt);
      if (lastInspectionAt === undefined) {
        lastInspectionAt = at;
        reasons = r.reasonsAtDecision;
      }
      if (r.result === 'no-defects' && r.defects.length === 0) {
        lastCleanInspectionAt = at;
        break;
      }
    }
    return lastInspectionAt === undefined
      ? NEVER_INSPECTED
      : {
          lastInspectionAt,
          ...(lastCleanInspectionAt !== undefined && { lastCleanInspectionAt }),
          ...(reasons !== undefined && { reasonsAtLastInspection: reasons }),
        };
  }
}
