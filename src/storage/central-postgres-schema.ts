/**
 * The reference central's tables in PostgreSQL, the same as central-schema.ts gives SQLite, created
 * idempotently at start (columns added since are added with IF NOT EXISTS).
 */
export const CENTRAL_POSTGRES_SCHEMA = `
  CREATE TABLE IF NOT EXISTS nodes (
    node_id TEXT PRIMARY KEY, public_key BYTEA NOT NULL, name TEXT NOT NULL,
    registered_at_ms BIGINT NOT NULL, contiguous BIGINT NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS records (
    node_id TEXT NOT NULL REFERENCES nodes (node_id), seq BIGINT NOT NULL, idempotency_key TEXT NOT NULL,
    kind TEXT NOT NULL, lane INTEGER NOT NULL, created_at_ms BIGINT NOT NULL, received_at_ms BIGINT NOT NULL,
    payload TEXT NOT NULL, payload_sha256 BYTEA NOT NULL, prev_hash BYTEA NOT NULL, hash BYTEA NOT NULL,
    clock_suspect BOOLEAN NOT NULL, evicted BOOLEAN NOT NULL, link_ok BOOLEAN,
    PRIMARY KEY (node_id, seq), UNIQUE (node_id, idempotency_key));
  ALTER TABLE records ADD COLUMN IF NOT EXISTS retired BOOLEAN NOT NULL DEFAULT false;
  ALTER TABLE records ADD COLUMN IF NOT EXISTS retired_reason TEXT;
  ALTER TABLE nodes ADD COLUMN IF NOT EXISTS utc_offset_minutes INTEGER;
  ALTER TABLE nodes ADD COLUMN IF NOT EXISTS revoked_at_ms BIGINT;
  ALTER TABLE nodes ADD COLUMN IF NOT EXISTS revoked_reason TEXT;
  CREATE TABLE IF NOT EXISTS reviews (
    id BIGSERIAL PRIMARY KEY, node_id TEXT NOT NULL, seq BIGINT NOT NULL, idempotency_key TEXT NOT NULL,
    record_id TEXT NOT NULL, outcome TEXT NOT NULL CHECK (outcome IN ('refused', 'upheld')), reason TEXT NOT NULL,
    reviewer TEXT NOT NULL, at_ms BIGINT NOT NULL);
  CREATE INDEX IF NOT EXISTS reviews_node ON reviews (node_id, id);
  CREATE TABLE IF NOT EXISTS rejections (
    node_id TEXT NOT NULL, seq BIGINT NOT NULL, code TEXT NOT NULL, reason TEXT NOT NULL, at_ms BIGINT NOT NULL,
    PRIMARY KEY (node_id, seq));
  CREATE TABLE IF NOT EXISTS enrolment_tokens (
    node_id TEXT NOT NULL, token_sha256 BYTEA NOT NULL, created_at_ms BIGINT NOT NULL, expires_at_ms BIGINT NOT NULL,
    used_at_ms BIGINT, PRIMARY KEY (node_id, token_sha256));
  CREATE TABLE IF NOT EXISTS node_keys (node_id TEXT NOT NULL, public_key BYTEA NOT NULL, retired_at_ms BIGINT NOT NULL);
  CREATE TABLE IF NOT EXISTS photos (
    sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, bytes INTEGER NOT NULL, data BYTEA NOT NULL,
    stored_at_ms BIGINT NOT NULL);
  CREATE TABLE IF NOT EXISTS photo_uploads (
    sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, total INTEGER NOT NULL, received INTEGER NOT NULL,
    updated_at_ms BIGINT NOT NULL);
  CREATE TABLE IF NOT EXISTS photo_upload_parts (
    sha256 TEXT NOT NULL, at_byte INTEGER NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (sha256, at_byte));
`;
