import { INSPECTION_ACTIONS, INSPECTION_RESULTS } from '../domain/inspection.js';
import { PASSAGE_STATUSES } from '../domain/passage.js';
import { TIERS } from '../domain/target.js';

export const RECORD_KINDS = new Set([
  'inspection',
  'inspection-photo',
  'override',
  'data-quality',
  'dispute',
  'decision',
  'alarm',
  'passage',
  'telemetry',
  'shift-commitment',
  'shift-reveal',
  'restore',
]);

const seqRange = (g: unknown) => {
  const r = g as { from?: unknown; to?: unknown } | null;
  return r !== null && Number.isSafeInteger(r.from) && Number.isSafeInteger(r.to) && (r.from as number) >= 1;
};

/** Why a record's payload is unacceptable for its kind, or null if it is fine. */
export function payloadProblem(kind: string, payload: string): string | null {
  if (!RECORD_KINDS.has(kind)) return `unknown kind "${kind}"`;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return 'payload is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'payload is not a JSON object';
  if (kind === 'inspection-photo') {
    const p = body as Record<string, unknown>;
    if (typeof p.inspectionId !== 'string' || typeof p.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(p.sha256))
      return 'inspection-photo needs inspectionId and a hex sha256';
    return null;
  }
  if (kind === 'data-quality') {
    const q = body as Record<string, unknown>;
    if (typeof q.day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(q.day)) return 'data-quality.day is not a date';
    if (!Array.isArray(q.devices)) return 'data-quality.devices is not a list';
    return null;
  }
  if (kind === 'alarm') {
    const a = body as Record<string, unknown>;
    for (const f of ['alarmId', 'targetId', 'alarm', 'at'])
      if (typeof a[f] !== 'string' || a[f] === '') return `alarm.${f} is missing`;
    if (!['raised', 'cleared', 'acknowledged'].includes(a.event as string)) return 'alarm.event is not known';
    return null;
  }
  if (kind === 'dispute') {
    const d = body as Record<string, unknown>;
    for (const f of ['id', 'disputeId', 'nodeId', 'targetId', 'entryId', 'at'])
      if (typeof d[f] !== 'string' || d[f] === '') return `dispute.${f} is missing`;
    if (!['opened', 'resolved'].includes(d.event as string)) return 'dispute.event is not known';
    if (!['list', 'history'].includes(d.entryKind as string)) return 'dispute.entryKind is not list or history';
    return null;
  }
  if (kind === 'passage') {
    const p = body as Record<string, unknown>;
    for (const f of ['passageId', 'nodeId', 'targetId', 'openedAt', 'closedAt'])
      if (typeof p[f] !== 'string' || p[f] === '') return `passage.${f} is missing`;
    if (!PASSAGE_STATUSES.includes(p.status as never)) return `passage.status "${String(p.status)}" is not known`;
    return null;
  }
  if (kind === 'inspection' && (body as { amends?: unknown }).amends !== undefined) {
    const a = body as Record<string, unknown>;
    if (typeof a.amends !== 'string' || !['correction', 'void-request', 'void'].includes(a.amendment as string))
      return 'inspection.amends needs an amendment: correction, void-request or void';
  }
  if (kind === 'restore') {
    const m = body as Record<string, unknown>;
    for (const f of ['id', 'nodeId', 'restoredAt', 'backupCreatedAt'])
      if (typeof m[f] !== 'string' || m[f] === '') return `restore.${f} is missing`;
    if (m.event !== 'restored-from-backup') return 'restore.event is not restored-from-backup';
    if (!Number.isSafeInteger(m.backupHeadSeq) || !Number.isSafeInteger(m.centralHighestSeq))
      return 'restore.backupHeadSeq and centralHighestSeq are sequence numbers';
    if (!Array.isArray(m.lost) || m.lost.length > 1000 || !m.lost.every(seqRange))
      return 'restore.lost is not a list of {from, to} sequence ranges';
    return null;
  }
  if (kind === 'override') {
    const o = body as Record<string, unknown>;
    for (const f of ['id', 'nodeId', 'shiftId', 'targetId', 'by', 'reason', 'createdAt'])
      if (typeof o[f] !== 'string' || o[f] === '') return `override.${f} is missing`;
    if (!TIERS.includes(o.tier as never)) return `override.tier "${String(o.tier)}" is not a tier`;
    return null;
  }
  if (kind !== 'inspection') return null;
  const r = body as Record<string, unknown>;
  for (const f of ['id', 'nodeId', 'targetId', 'officer', 'createdAt']) {
    if (typeof r[f] !== 'string' || r[f] === '') return `inspection.${f} is missing`;
  }
  if (!INSPECTION_RESULTS.includes(r.result as never)) return `inspection.result "${String(r.result)}" is not known`;
  if (!INSPECTION_ACTIONS.includes(r.action as never)) return `inspection.action "${String(r.action)}" is not known`;
  if (!Array.isArray(r.defects)) return 'inspection.defects is not a list';
  return null;
}
