import type { Sqlite } from './database.js';

/** A list entry or history event of the snapshot in force, as a dispute names it. */
export interface CreditEntry {
  entryKind: 'list' | 'history';
  /** The platform's id; null for entries from a snapshot that carried none. */
  entryId: string | null;
  subjectKind: string;
  subjectId: string;
  /** The list (red, black, key-attention) or the event kind (inspection, penalty, accident). */
  what: string;
  reason: string | null;
  atMs: number | null;
  untilMs: number | null;
  status: string;
}

const LISTS = `SELECT 'list' AS entryKind, entry_id AS entryId, subject_kind AS subjectKind, subject_id AS subjectId,
  list AS what, reason, from_ms AS atMs, until_ms AS untilMs, status FROM snap_lists`;
const HISTORY = `SELECT 'history' AS entryKind, event_id AS entryId, subject_kind AS subjectKind, subject_id AS subjectId,
  kind AS what, note AS reason, at_ms AS atMs, NULL AS untilMs, status FROM snap_history`;

/**
 * The credit entries behind a target, whatever their standing: the list entries of the subject and
 * its company, and its history events since a time. The target page shows them and a dispute
 * names one; scoring reads only the active ones, through the credit lookups.
 */
export class CreditEntries {
  constructor(private readonly db: Sqlite) {}

  of(subject: { kind: string; id: string }, companyId: string | null, sinceMs: number): CreditEntry[] {
    const lists = this.db
      .prepare(
        `${LISTS} WHERE (subject_kind = ? AND subject_id = ?) OR (subject_kind = 'company' AND subject_id = ?) ORDER BY from_ms DESC`,
      )
      .all(subject.kind, subject.id, companyId ?? '') as CreditEntry[];
    const events = this.db
      .prepare(`${HISTORY} WHERE subject_kind = ? AND subject_id = ? AND at_ms >= ? ORDER BY at_ms DESC LIMIT 200`)
      .all(subject.kind, subject.id, sinceMs) as CreditEntry[];
    return [...lists, ...events];
  }

  /** The entry with this id, if the snapshot in force holds it. */
  byId(entryKind: 'list' | 'history', entryId: string): CreditEntry | null {
    const sql = entryKind === 'list' ? `${LISTS} WHERE entry_id = ?` : `${HISTORY} WHERE event_id = ?`;
    return (this.db.prepare(`${sql} LIMIT 1`).get(entryId) as CreditEntry | undefined) ?? null;
  }
}
