import type { Migration } from './migrations.js';
import { indexesDdl, nameZhIndexDdl, tablesDdl } from './snapshot-tables.js';

/** Migrations 1-12: the node's first schema and its growth through the first releases (never edited). */
export const EARLY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'init',
    sql: `
      CREATE TABLE inspections (
        id TEXT PRIMARY KEY,
        node_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('vessel', 'vehicle')),
        target_name TEXT NOT NULL,
        officer TEXT NOT NULL,
        result TEXT NOT NULL,
        action TEXT NOT NULL,
        defects TEXT NOT NULL,
        notes TEXT,
        tier_at_decision TEXT,
        score_at_decision INTEGER,
        created_at TEXT NOT NULL
      );
      CREATE INDEX inspections_target ON inspections (target_id, created_at);

      -- Rows written in the same transaction as the record they carry. seq is the per-node
      -- sequence of the uplink protocol, assigned from chain_head so it has no holes; hash and
      -- prev_hash chain the records (sync/README.md, "Record hash").
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        lane INTEGER NOT NULL,
        payload TEXT NOT NULL,
        payload_sha256 BLOB NOT NULL,
        created_at_ms INTEGER NOT NULL,
        clock_suspect INTEGER NOT NULL DEFAULT 0,
        evicted INTEGER NOT NULL DEFAULT 0,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      );
      CREATE INDEX outbox_lane ON outbox (lane, seq);

      CREATE TABLE chain_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash BLOB NOT NULL,
        wall_ms INTEGER NOT NULL
      );
      INSERT INTO chain_head (id, seq, hash, wall_ms) VALUES (1, 0, zeroblob(32), 0);

      -- Records the central rejected: kept with the reason until an administrator retries them.
      CREATE TABLE dead_letters (
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
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        failed_at_ms INTEGER NOT NULL
      );

      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- The credit snapshot in force: its header, and the snap_* tables (snapshot-tables.ts).
      CREATE TABLE snapshot_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL,
        base_version INTEGER NOT NULL,
        issued_at_ms INTEGER NOT NULL,
        valid_until_ms INTEGER NOT NULL,
        issuer_key_id TEXT NOT NULL,
        issuer TEXT NOT NULL,
        imported_at_ms INTEGER NOT NULL,
        source TEXT NOT NULL,
        record_count INTEGER NOT NULL,
        tag TEXT NOT NULL
      );
      ${tablesDdl('snap_', 1)}
      ${indexesDdl('snap_', 'g0', 1)}

      CREATE TABLE shifts (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        seed TEXT NOT NULL,
        commitment TEXT NOT NULL,
        revealed INTEGER NOT NULL DEFAULT 0
      );

      -- Every decision that went upstream: one per passage and tier reached.
      CREATE TABLE decisions (
        passage_id TEXT NOT NULL,
        tier TEXT NOT NULL,
        shift_id TEXT NOT NULL,
        decided_at_ms INTEGER NOT NULL,
        payload TEXT NOT NULL,
        PRIMARY KEY (passage_id, tier)
      );
      CREATE INDEX decisions_shift ON decisions (shift_id);

      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin')),
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id),
        created_at INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'audit',
    // Triggers keep the application from editing history; the hash chain shows anyone who edits
    // the file by other means (src/storage/audit-repo.ts verifies it).
    sql: `
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        actor TEXT NOT NULL,
        role TEXT,
        action TEXT NOT NULL,
        target TEXT,
        detail TEXT NOT NULL,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL
      );
      CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    version: 3,
    name: 'cargo-and-hull-names',
    // The snapshot in force stays in force: its vehicles gain an empty hazard-class column (no
    // class check until the next snapshot states one) and its Chinese names an index.
    sql: `
      ALTER TABLE snap_vehicles ADD COLUMN hazard_classes TEXT;
      ${nameZhIndexDdl('snap_', 'm3')}
    `,
  },
  {
    version: 4,
    name: 'tombstones',
    // A record the central refused for good is retired: a tombstone with its chain fields goes up in
    // its place (sync/README.md, "Retiring a record"), and the dead letter keeps the record itself.
    sql: `
      ALTER TABLE outbox ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN retired_reason TEXT;
      ALTER TABLE dead_letters ADD COLUMN retired_at_ms INTEGER;
    `,
  },
  {
    version: 5,
    name: 'inspection-photos',
    // Each photo attached to a record is a record of its own in the hash chain (its SHA-256 and
    // who attached it), written with its outbox row; the bytes stay on disk, named by that hash.
    sql: `
      CREATE TABLE inspection_photos (
        inspection_id TEXT NOT NULL REFERENCES inspections (id),
        sha256 TEXT NOT NULL,
        content_type TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        added_by TEXT NOT NULL,
        added_at_ms INTEGER NOT NULL,
        PRIMARY KEY (inspection_id, sha256)
      );
    `,
  },
  {
    version: 6,
    name: 'driver-id-key',
    // Which provincial driver-id key the snapshot in force hashed its drivers with.
    sql: `ALTER TABLE snapshot_meta ADD COLUMN driver_id_key_id TEXT NOT NULL DEFAULT '';`,
  },
  {
    version: 7,
    name: 'overrides',
    // A supervisor's override survives a restart and goes upstream: a record of its own, append-only.
    sql: `
      CREATE TABLE overrides (
        id TEXT PRIMARY KEY,
        node_id TEXT NOT NULL,
        shift_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        tier TEXT NOT NULL,
        tier_before TEXT,
        by_user TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
      );
      CREATE INDEX overrides_shift ON overrides (shift_id, created_at_ms);
    `,
  },
  {
    version: 8,
    name: 'password-reset',
    // An administrator's reset leaves a temporary password that must be changed at the next login.
    sql: 'ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;',
  },
  {
    version: 9,
    name: 'off-list-inspections',
    // A subject inspected without the live list naming it: on record in the snapshot, or unknown.
    sql: 'ALTER TABLE inspections ADD COLUMN off_list TEXT;',
  },
  {
    version: 10,
    name: 'alarm-events',
    // Every alarm's life as append-only events (raised, cleared, acknowledged with the handling note).
    sql: `
      CREATE TABLE alarm_events (
        id TEXT PRIMARY KEY,
        alarm_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('raised', 'cleared', 'acknowledged')),
        target_id TEXT NOT NULL,
        alarm TEXT NOT NULL,
        critical INTEGER NOT NULL,
        profile TEXT NOT NULL,
        device_id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        by_user TEXT,
        note TEXT
      );
      CREATE INDEX alarm_events_alarm ON alarm_events (alarm_id);
      CREATE INDEX alarm_events_at ON alarm_events (at_ms);
    `,
  },
  {
    version: 11,
    name: 'passages',
    // A passage's life as append-only events, each with the passage as it stood after it (state),
    // so a restart resumes open passages from their last row. Inspection records name their passage
    // and the officer's call, start and finish times; a correction or void names the record it amends.
    sql: `
      CREATE TABLE passage_events (
        id INTEGER PRIMARY KEY,
        passage_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('called', 'started', 'finished', 'inspected', 'closed')),
        status TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        by_user TEXT,
        state TEXT NOT NULL
      );
      CREATE INDEX passage_events_passage ON passage_events (passage_id, id);
      CREATE INDEX passage_events_status ON passage_events (status, at_ms);
      ALTER TABLE inspections ADD COLUMN passage_id TEXT;
      ALTER TABLE inspections ADD COLUMN called_at TEXT;
      ALTER TABLE inspections ADD COLUMN started_at TEXT;
      ALTER TABLE inspections ADD COLUMN finished_at TEXT;
      ALTER TABLE inspections ADD COLUMN amends TEXT;
      ALTER TABLE inspections ADD COLUMN amendment TEXT;
      ALTER TABLE inspections ADD COLUMN reason TEXT;
      ALTER TABLE inspections ADD COLUMN reasons_at_decision TEXT;
      CREATE INDEX inspections_amends ON inspections (amends);
    `,
  },
  {
    version: 12,
    name: 'photo-uplink',
    // Photos the central holds: each is sent once, after the record citing it was acknowledged.
    sql: `
      CREATE TABLE photo_uplink (
        sha256 TEXT PRIMARY KEY,
        sent_at_ms INTEGER NOT NULL
      );
    `,
  },
];
