import type { CentralStore } from '../domain/central-store.js';
import { FACTOR_CODES } from '../domain/factors.js';
import { formatFinding, type OutcomeRow } from '../domain/outcome-row.js';

const PAGE = 5_000;
const FACTORS: ReadonlySet<string> = new Set(FACTOR_CODES);
const isFactor = (code: string) => FACTORS.has(code) || code.startsWith('ALARM_');

interface Inspection {
  id: string;
  passageId?: string;
  result?: string;
  amends?: string;
  amendment?: 'correction' | 'void-request' | 'void';
  createdAt?: string;
  startedAt?: string;
}

interface DecisionPayload {
  passageId: string;
  kind: 'vessel' | 'vehicle';
  policyVersion?: string;
  tier: string;
  selection?: string;
  factors?: Array<{ code?: string; units?: number }>;
  unpriced?: string[];
  decidedAt: string;
}

async function* pages(store: CentralStore, nodeId: string, kind: string) {
  for (let after = 0; ; ) {
    const page = await store.page(nodeId, kind, after, PAGE);
    for (const r of page) yield r;
    if (page.length < PAGE) return;
    after = (page.at(-1) as { seq: number }).seq;
  }
}

function parse<T>(payload: string): T | null {
  try {
    return JSON.parse(payload) as T;
  } catch {
    return null;
  }
}

/**
 * Outcome rows at the central (kakou-outcome/1, src/domain/outcome-row.ts): what every node's
 * inspections found, joined to the decision that put each passage on the list, for a province to
 * refit its policy on (`kakou central outcomes`, then `kakou policy fit --records`).
 */

/**
 * The inspections that stand, as corrected: a correction replaces its original's result, a void
 * withdraws it (a void request alone does not). Those not carried out say nothing and are left out.
 */
async function standing(store: CentralStore, nodeId: string, since: number): Promise<Map<string, Inspection>> {
  const byId = new Map<string, Inspection>();
  for await (const r of pages(store, nodeId, 'inspection')) {
    const p = parse<Inspection>(r.payload);
    if (!p?.id) continue;
    if (!p.amends) {
      if (r.createdAtMs >= since) byId.set(p.id, p);
      continue;
    }
    const original = byId.get(p.amends);
    if (!original) continue;
    if (p.amendment === 'void') byId.delete(p.amends);
    else if (p.amendment === 'correction' && p.result) original.result = p.result;
  }
  for (const [id, i] of byId)
    if (!i.passageId || (i.result !== 'defects-found' && i.result !== 'no-defects' && i.result !== 'refused'))
      byId.delete(id);
  return byId;
}

/** The node's outcome rows, one per standing inspection of a decided passage, in decision order. */
export async function nodeOutcomes(store: CentralStore, nodeId: string, since = 0): Promise<OutcomeRow[]> {
  const inspections = await standing(store, nodeId, since);
  const byPassage = new Map<string, Inspection>();
  for (const i of inspections.values()) byPassage.set(i.passageId as string, i);
  // The decision in force when the inspection began: the latest one decided before it.
  const chosen = new Map<string, DecisionPayload>();
  for await (const r of pages(store, nodeId, 'decision')) {
    const d = parse<DecisionPayload>(r.payload);
    const inspection = d ? byPassage.get(d.passageId) : undefined;
    if (!d || !inspection) continue;
    const began = Date.parse(inspection.startedAt ?? inspection.createdAt ?? '') || Infinity;
    const before = (x: DecisionPayload) => Date.parse(x.decidedAt) <= began;
    const held = chosen.get(d.passageId);
    // Failing any before it, the first one after (a passage decided and boarded within a second).
    const better = !held
      ? true
      : before(d)
        ? !before(held) || d.decidedAt >= held.decidedAt
        : !before(held) && d.decidedAt < held.decidedAt;
    if (better) chosen.set(d.passageId, d);
  }
  const rows: OutcomeRow[] = [];
  for (const [passageId, d] of chosen) {
    const inspection = byPassage.get(passageId) as Inspection;
    const findings = [
      ...(d.factors ?? []).flatMap((f) => (f.code && isFactor(f.code) ? [formatFinding(f.code, f.units ?? 1)] : [])),
      ...(d.unpriced ?? []),
    ];
    rows.push({
      format: 'kakou-outcome/1',
      nodeId,
      passageId: `${nodeId}/${passageId}`,
      kind: d.kind,
      decidedAt: d.decidedAt,
      policyVersion: d.policyVersion ?? null,
      tier: d.tier,
      selection: d.selection ?? null,
      findings,
      inspectionId: inspection.id,
      result: inspection.result as string,
      violation: inspection.result !== 'no-defects',
    });
  }
  return rows.sort((a, b) => a.decidedAt.localeCompare(b.decidedAt) || a.passageId.localeCompare(b.passageId));
}

/** Every node's outcome rows (or one node's), node by node. */
export async function* outcomes(
  store: CentralStore,
  opts: { nodeId?: string; since?: number } = {},
): AsyncGenerator<OutcomeRow> {
  const ids = opts.nodeId ? [opts.nodeId] : (await store.nodes()).map((n) => n.nodeId);
  for (const id of ids) yield* await nodeOutcomes(store, id, opts.since ?? 0);
}
