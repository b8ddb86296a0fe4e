import type { CentralStore } from '../domain/central-store.js';

/** Records read per kind for the report's open items, newest first (a report, not an archive query). */
const READ_AT_MOST = 20_000;

export interface OpenItems {
  /** Passages the policy asked to stop that crossed without an inspection. */
  missedPassages: {
    count: number;
    latest: Array<{ passageId: string; targetId: string; tier: string; closedAt: string }>;
  };
  /** Critical alarms raised with no acknowledgement received yet. */
  unacknowledgedCritical: {
    count: number;
    alarms: Array<{ alarmId: string; targetId: string; alarm: string; at: string }>;
  };
  /** Disputes received with no resolution record yet. */
  openDisputes: number;
}

interface PassagePayload {
  passageId: string;
  targetId: string;
  tier: string;
  status: string;
  closedAt: string;
}
interface AlarmPayload {
  alarmId: string;
  targetId: string;
  alarm: string;
  event: string;
  critical?: boolean;
  at: string;
}

const parse = <T>(payloads: string[]): T[] =>
  payloads.flatMap((p) => {
    try {
      return [JSON.parse(p) as T];
    } catch {
      return [];
    }
  });

/** What the central's report lists as still open for a node: missed passages, unanswered critical alarms, disputes. */
export async function openItems(store: CentralStore, nodeId: string): Promise<OpenItems> {
  const [passages, alarms, disputes] = await Promise.all([
    store.payloads(nodeId, 'passage', READ_AT_MOST),
    store.payloads(nodeId, 'alarm', READ_AT_MOST),
    store.payloads(nodeId, 'dispute', READ_AT_MOST),
  ]);
  const missed = parse<PassagePayload>(passages).filter((p) => p.status === 'missed');
  const acked = new Set<string>();
  const raised: AlarmPayload[] = [];
  for (const a of parse<AlarmPayload>(alarms)) {
    if (a.event === 'acknowledged') acked.add(a.alarmId);
    else if (a.event === 'raised' && a.critical === true) raised.push(a);
  }
  const unacked = raised.filter((a) => !acked.has(a.alarmId));
  const resolved = new Set<string>();
  const opened: string[] = [];
  for (const d of parse<{ disputeId?: string; event?: string }>(disputes)) {
    if (!d.disputeId) continue;
    if (d.event === 'opened') opened.push(d.disputeId);
    else resolved.add(d.disputeId);
  }
  return {
    missedPassages: {
      count: missed.length,
      latest: missed
        .slice(0, 100)
        .map(({ passageId, targetId, tier, closedAt }) => ({ passageId, targetId, tier, closedAt })),
    },
    unacknowledgedCritical: {
      count: unacked.length,
      alarms: unacked.slice(0, 100).map(({ alarmId, targetId, alarm, at }) => ({ alarmId, targetId, alarm, at })),
    },
    openDisputes: opened.filter((id) => !resolved.has(id)).length,
  };
}
