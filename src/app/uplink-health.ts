import type { NodeParts } from './node-parts.js';

/** What can hold the uplink up, each a label of kakou_uplink_problem and a reason in /readyz. */
export const UPLINK_PROBLEMS = ['key_conflict', 'not_registered', 'revoked', 'dead_letters', 'backlog_old'] as const;
export type UplinkProblem = (typeof UPLINK_PROBLEMS)[number];

/**
 * The uplink's problems now: a key the central refuses (after a restore without the key, or a
 * lost key), a node the central does not know or revoked, records refused and waiting for an administrator,
 * or a backlog older than sync.backlogAlertMinutes. Each is an alert, never a surprise.
 */
export function uplinkProblems(p: NodeParts, nowMs: number): Map<UplinkProblem, string> {
  const problems = new Map<UplinkProblem, string>();
  if (!p.sync) return problems;
  const st = p.sync.status();
  if (st.lastCode === 'KAKOU_E_SYNC_KEY_CONFLICT')
    problems.set('key_conflict', 'the central holds another key for this node (kakou keys show; deploy/README.md)');
  if (st.lastCode === 'KAKOU_E_SYNC_UNKNOWN_NODE')
    problems.set(
      'not_registered',
      'the central does not know this node: register its key or give it an enrolment token',
    );
  if (st.lastCode === 'KAKOU_E_SYNC_REVOKED')
    problems.set(
      'revoked',
      'the central revoked this node: it keeps its records and sends nothing until an administrator gives it a new key',
    );
  const dead = p.storage.outbox.deadLetters(10_000, true).length;
  if (dead > 0) problems.set('dead_letters', `${dead} record(s) refused by the central wait for an administrator`);
  const oldest = Math.min(...p.storage.outbox.stats().map((l) => l.oldestMs ?? Infinity));
  const limitMs = p.config.sync.backlogAlertMinutes * 60_000;
  if (Number.isFinite(oldest) && nowMs - oldest > limitMs)
    problems.set(
      'backlog_old',
      `the oldest record has waited ${Math.round((nowMs - oldest) / 60_000)} min (limit ${p.config.sync.backlogAlertMinutes})` +
        (st.restorePending ? '; a restored node waits for the central' : ''),
    );
  return problems;
}
