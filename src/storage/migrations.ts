/**
 * Numbered migrations, applied in order at start, each in its own transaction. Never edit a
 * migration that has shipped: add the next number.
 */
import { EARLY_MIGRATIONS } from './migrations-early.js';
import { entryIdIndexesDdl, pscTablesDdl } from './snapshot-tables.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  ...EARLY_MIGRATIONS,
  {
    version: 13,
    name: 'inspection-record-hash',
    // The record's hash in the uplink chain, kept after the outbox row is gone: the printed form's QR code.
    sql: `ALTER TABLE inspections ADD COLUMN record_hash TEXT;`,
  },
  {
    version: 14,
    name: 'credit-entry-ids-and-disputes',
    // The snapshot in force stays in force: its entries gain empty ids (nothing to dispute by id
    // until the next snapshot carries them) and its events the status active. Disputes (异议) an
    // officer records against an entry are append-only events, each with its outbox row.
    sql: `
      ALTER TABLE snap_lists ADD COLUMN entry_id TEXT;
      ALTER TABLE snap_history ADD COLUMN event_id TEXT;
      ALTER TABLE snap_history ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
      ${entryIdIndexesDdl('snap_', 'm14')}
      CREATE TABLE disputes (
        id TEXT PRIMARY KEY,
        dispute_id TEXT NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('opened', 'resolved')),
        target_id TEXT NOT NULL,
        entry_kind TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        payload TEXT NOT NULL
      );
      CREATE INDEX disputes_target ON disputes (target_id, at_ms);
      CREATE INDEX disputes_dispute ON disputes (dispute_id);
    `,
  },
  {
    version: 15,
    name: 'delivered-records',
    // Records the central acknowledged, kept for sync.refillDays: a central restored from an older
    // backup is refilled from here, byte for byte, since a record's bytes are fixed by the chain.
    sql: `
      CREATE TABLE delivered (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        lane INTEGER NOT NULL,
        payload TEXT NOT NULL,
        payload_sha256 BLOB NOT NULL,
        created_at_ms INTEGER NOT NULL,
        clock_suspect INTEGER NOT NULL,
        evicted INTEGER NOT NULL,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL,
        retired INTEGER NOT NULL,
        retired_reason TEXT,
        acked_at_ms INTEGER NOT NULL
      );
      CREATE INDEX delivered_acked ON delivered (acked_at_ms);
    `,
  },
  {
    version: 16,
    name: 'central-reviews',
    // The central's reviewers' verdicts on this node's inspection records, as read back from it.
    sql: `
      CREATE TABLE central_reviews (
        id INTEGER PRIMARY KEY,
        seq INTEGER NOT NULL,
        idempotency_key TEXT NOT NULL,
        inspection_id TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('refused', 'upheld')),
        reason TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL,
        received_at_ms INTEGER NOT NULL
      );
      CREATE INDEX central_reviews_inspection ON central_reviews (inspection_id, id);
    `,
  },
  {
    version: 17,
    name: 'score-volume',
    // Scores of the passages per hour, so thresholds set by volume survive a restart.
    sql: `
      CREATE TABLE score_volume (
        hour INTEGER PRIMARY KEY,
        total INTEGER NOT NULL,
        overriding INTEGER NOT NULL,
        counts TEXT NOT NULL
      );
    `,
  },
  {
    version: 18,
    name: 'psc-ship-risk-profile-and-voyage',
    // The snapshot in force stays in force without the PSC data (flags read as unlisted, which
    // never earns points nor low risk) until the next snapshot carries it.
    sql: `
      ALTER TABLE snap_companies ADD COLUMN inspections_36m INTEGER;
      ALTER TABLE snap_vessels ADD COLUMN flag TEXT;
      ALTER TABLE snap_vessels ADD COLUMN ro_id TEXT;
      ALTER TABLE snap_vessels ADD COLUMN psc_type TEXT;
      ALTER TABLE snap_vessels ADD COLUMN dangerous_cargo INTEGER;
      ALTER TABLE snap_vessels ADD COLUMN max_persons INTEGER;
      ${pscTablesDdl('snap_')}
    `,
  },
  {
    version: 19,
    name: 'score-volume-by-policy',
    // The hours' scores name the policy that priced them: a policy that prices differently starts
    // its own histogram (its cut-offs are its points until a day of its scores is known).
    sql: `
      ALTER TABLE score_volume ADD COLUMN policy TEXT NOT NULL DEFAULT '';
    `,
  },
];
