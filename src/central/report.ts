import { reviewSummary, type ReviewSummary } from './reviews.js';
import type { CentralStore } from '../domain/central-store.js';
import { openItems, type OpenItems } from './open-items.js';
import { isLate, WEEKDAYS_ONLY, type WorkCalendar } from './working-days.js';
import { restoreGaps, type RestoreReport } from './restore-gaps.js';

/** The publication rule of the provincial plan: results public within 7 working days. */
export const LATE_AFTER_WORKING_DAYS = 7;

export interface NodeReport {
  nodeId: string;
  name: string;
  /**
   * The site's offset from UTC that lateness counts calendar days in (the node's own, else the
   * central's default), and the years whose public holidays are known.
   */
  timeZone: { utcOffsetMinutes: number; statedByNode: boolean; calendarYears: readonly number[] };
  /** When and why an administrator revoked the node; null while it is in service. */
  revoked: { at: string; reason: string } | null;
  /** Reviewers' refusals of inspection records, and those the node has not answered yet. */
  reviews: ReviewSummary;
  records: number;
  /** Records per kind: inspections, overrides, photos, decisions, ... */
  byKind: Record<string, number>;
  /** The node's latest daily data-quality record: each device's day against the platform's targets. */
  dataQuality: { day: string; devices: unknown[] } | null;
  /** Missed passages, unacknowledged critical alarms and open disputes. */
  open: OpenItems;
  /** Photos the node's records cite, how many the central holds, and how many it still waits for. */
  photos: { cited: number; stored: number; missing: number };
  maxSeq: number;
  highestContiguousSeq: number;
  /** Sequence numbers never received: possible concealment, until the node fills them. */
  gaps: Array<{ from: number; to: number }>;
  /** Gaps a restore marker explains: records lost with the node's data after its last backup, with the reason. */
  knownGaps: Array<{ from: number; to: number; reason: string; markerSeq: number }>;
  /** The node's restores from a backup, from its signed markers. */
  restores: RestoreReport[];
  /** Records the node retired as undeliverable: gaps in content, each with the node's reason; the chain runs through them. */
  retired: Array<{ seq: number; kind: string; reason: string }>;
  rejected: number;
  chain: { verified: boolean; pendingLinks: number; brokenLinks: number };
  clockSuspect: number;
  evicted: number;
  late: {
    count: number;
    records: Array<{ seq: number; kind: string; idempotencyKey: string; createdAt: string; receivedAt: string }>;
  };
}

export async function nodeReport(
  store: CentralStore,
  nodeId: string,
  defaultUtcOffsetMinutes: number,
  calendar: WorkCalendar = WEEKDAYS_ONLY,
): Promise<NodeReport | null> {
  const node = await store.node(nodeId);
  if (!node) return null;
  const utcOffsetMinutes = node.utcOffsetMinutes ?? defaultUtcOffsetMinutes;
  const [summary, allGaps, retired, byKind, quality, open, reviews, photos] = await Promise.all([
    store.summary(nodeId),
    store.gaps(nodeId),
    store.retired(nodeId),
    store.countsByKind(nodeId),
    store.latestPayload(nodeId, 'data-quality'),
    openItems(store, nodeId),
    reviewSummary(store, nodeId),
    store.photos.counts(nodeId),
  ]);
  const { gaps, knownGaps, restores } = await restoreGaps(store, nodeId, allGaps);
  // Seven working days are at least seven calendar days, so the store pre-filters on that.
  const candidates = await store.lateCandidates(nodeId, LATE_AFTER_WORKING_DAYS * 86_400_000, 10_000);
  const late = candidates.filter((r) =>
    isLate(r.createdAtMs, r.receivedAtMs, LATE_AFTER_WORKING_DAYS, utcOffsetMinutes, calendar),
  );
  return {
    nodeId,
    name: node.name,
    timeZone: { utcOffsetMinutes, statedByNode: node.utcOffsetMinutes !== null, calendarYears: calendar.years },
    revoked:
      node.revokedAtMs === null
        ? null
        : { at: new Date(node.revokedAtMs).toISOString(), reason: node.revokedReason ?? '' },
    reviews,
    records: summary.records,
    byKind,
    dataQuality: quality === null ? null : (JSON.parse(quality) as { day: string; devices: unknown[] }),
    open,
    photos: { ...photos, missing: photos.cited - photos.stored },
    maxSeq: summary.maxSeq,
    highestContiguousSeq: node.contiguous,
    gaps,
    knownGaps,
    restores,
    retired: retired.slice(0, 1000),
    rejected: summary.rejected,
    chain: {
      verified: summary.pendingLinks === 0 && summary.brokenLinks === 0,
      pendingLinks: summary.pendingLinks,
      brokenLinks: summary.brokenLinks,
    },
    clockSuspect: summary.clockSuspect,
    evicted: summary.evicted,
    late: {
      count: late.length,
      records: late.slice(0, 100).map((r) => ({
        seq: r.seq,
        kind: r.kind,
        idempotencyKey: r.idempotencyKey,
        createdAt: new Date(r.createdAtMs).toISOString(),
        receivedAt: new Date(r.receivedAtMs).toISOString(),
      })),
    },
  };
}
