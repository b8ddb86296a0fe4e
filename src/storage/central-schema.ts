import type { Migration } from './migrations.js';

/** The reference central's schema (SQLite dialect; the PostgreSQL store creates the same tables). */
export const CENTRAL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'central-init',
    sql: `
      CREATE TABLE nodes (
        node_id TEXT PRIMARY KEY,
        public_key BLOB NOT NULL,
        name TEXT NOT NULL,
        registered_at_ms INTEGER NOT NULL,
        contiguous INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE records (
        node_id TEXT NOT NULL REFERENCES nodes (node_id),
        seq INTEGER NOT NULL,
        idempotency_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        lane INTEGER NOT NULL,
        created_at_ms INTEGER NOT NULL,
        received_at_ms INTEGER NOT NULL,
        payload TEXT NOT NULL,
        payload_sha256 BLOB NOT NULL,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL,
        clock_suspect INTEGER NOT NULL,
        evicted INTEGER NOT NULL,
        link_ok INTEGER,
        PRIMARY KEY (node_id, seq),
        UNIQUE (node_id, idempotency_key)
      );
      CREATE TABLE rejections (
        node_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        PRIMARY KEY (node_id, seq)
      );
    `,
  },
  {
    version: 2,
    name: 'central-enrolment-and-tombstones',
    sql: `
      ALTER TABLE records ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE records ADD COLUMN retired_reason TEXT;
      CREATE TABLE enrolment_tokens (
        node_id TEXT NOT NULL,
        token_sha256 BLOB NOT NULL,
        created_at_ms INTEGER NOT NULL,
        expires_at_ms INTEGER NOT NULL,
        used_at_ms INTEGER,
        PRIMARY KEY (node_id, token_sha256)
      );
      CREATE TABLE node_keys (
        node_id TEXT NOT NULL,
        public_key BLOB NOT NULL,
        retired_at_ms INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'central-photos',
    // Photos by SHA-256, one copy whichever node sent it; an unfinished upload is kept chunk by chunk.
    sql: `
      CREATE TABLE photos (
        sha256 TEXT PRIMARY KEY,
        content_type TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        data BLOB NOT NULL,
        stored_at_ms INTEGER NOT NULL
      );
      CREATE TABLE photo_uploads (
        sha256 TEXT PRIMARY KEY,
        content_type TEXT NOT NULL,
        total INTEGER NOT NULL,
        received INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
      );
      CREATE TABLE photo_upload_parts (
        sha256 TEXT NOT NULL,
        at_byte INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (sha256, at_byte)
      );
    `,
  },
  {
    version: 4,
    name: 'central-node-time-zone',
    // The site's offset from UTC, stated by the node at registration: lateness counts its calendar days.
    sql: `ALTER TABLE nodes ADD COLUMN utc_offset_minutes INTEGER;`,
  },
  {
    version: 5,
    name: 'central-node-revocation',
    // A node an administrator revoked (decommissioned, or its key compromised): nothing more is taken from it.
    sql: `
      ALTER TABLE nodes ADD COLUMN revoked_at_ms INTEGER;
      ALTER TABLE nodes ADD COLUMN revoked_reason TEXT;
    `,
  },
  {
    version: 6,
    name: 'central-reviews',
    // Reviewers' verdicts on stored inspection records, read back by the nodes; never changed, only added to.
    sql: `
      CREATE TABLE reviews (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        node_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        idempotency_key TEXT NOT NULL,
        record_id TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('refused', 'upheld')),
        reason TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        at_ms INTEGER NOT NULL
      );
      CREATE INDEX reviews_node ON reviews (node_id, id);
    `,
  },
];
