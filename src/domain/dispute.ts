/**
 * A dispute (异议) an officer records at the checkpoint against one credit entry of the snapshot:
 * a list entry or a history event, named by the platform's id. It goes upstream as its own record
 * kind; the platform decides it, and the next snapshot carries the entry's new standing.
 */
export interface DisputeRecord {
  id: string;
  /** Ties a dispute's events: its opening, and its resolution when a snapshot settles it. */
  disputeId: string;
  event: 'opened' | 'resolved';
  nodeId: string;
  targetId: string;
  entryKind: 'list' | 'history';
  entryId: string;
  /** The entry's standing in the snapshot in force when the event was recorded. */
  entryStatus: string;
  /** Opened: who recorded it, the officer's note and the subject's own statement. */
  officer?: string;
  officerNote?: string;
  subjectStatement?: string;
  /** The inspection record the dispute was raised at, if any. */
  inspectionId?: string;
  /** Resolved: what the platform decided, as the snapshot shows it (upheld, repaired, withdrawn). */
  outcome?: 'upheld' | 'repaired' | 'withdrawn';
  snapshotVersion?: number | null;
  at: string;
}

export const DISPUTE_ENTRY_KINDS = ['list', 'history'] as const;
