"""SQLite storage for the example central: nodes, tokens, records, rejections and photos.

One connection, used under one lock (server.py): the README asks that one node's batches be
stored one at a time, and this example stores everyone's one at a time.
"""
import json
import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
  node_id TEXT PRIMARY KEY, public_key BLOB NOT NULL, name TEXT NOT NULL,
  utc_offset TEXT, registered_at_ms INTEGER NOT NULL, contiguous INTEGER NOT NULL DEFAULT 0,
  revoked_at_ms INTEGER, revoked_reason TEXT);
CREATE TABLE IF NOT EXISTS key_history (
  node_id TEXT NOT NULL, public_key BLOB NOT NULL, replaced_at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS enrolment_tokens (
  token_sha256 BLOB PRIMARY KEY, node_id TEXT NOT NULL, expires_at_ms INTEGER NOT NULL,
  used_at_ms INTEGER);
CREATE TABLE IF NOT EXISTS records (
  node_id TEXT NOT NULL, seq INTEGER NOT NULL, idempotency_key TEXT NOT NULL,
  kind TEXT NOT NULL, lane INTEGER NOT NULL, created_at_ms INTEGER NOT NULL,
  received_at_ms INTEGER NOT NULL, payload TEXT NOT NULL, payload_sha256 BLOB NOT NULL,
  prev_hash BLOB NOT NULL, hash BLOB NOT NULL, clock_suspect INTEGER NOT NULL,
  evicted INTEGER NOT NULL, retired INTEGER NOT NULL, retired_reason TEXT,
  link TEXT NOT NULL CHECK (link IN ('ok', 'pending', 'broken')),
  PRIMARY KEY (node_id, seq));
CREATE UNIQUE INDEX IF NOT EXISTS records_key ON records (node_id, idempotency_key)
  WHERE retired = 0;
CREATE TABLE IF NOT EXISTS rejections (
  node_id TEXT NOT NULL, seq INTEGER NOT NULL, code TEXT NOT NULL, reason TEXT NOT NULL,
  at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reviews (
  id INTEGER PRIMARY KEY AUTOINCREMENT, node_id TEXT NOT NULL, seq INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL, record_id TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT NOT NULL,
  reviewer TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS photo_citations (
  node_id TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (node_id, sha256));
CREATE TABLE IF NOT EXISTS photos (
  sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, length INTEGER NOT NULL,
  data BLOB NOT NULL, stored INTEGER NOT NULL DEFAULT 0);
"""


class Store:
    def __init__(self, path: str):
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def transaction(self):
        return _Transaction(self.db)

    def node(self, node_id):
        return self.db.execute(
            "SELECT node_id, public_key, contiguous, revoked_reason FROM nodes WHERE node_id = ?", (node_id,)
        ).fetchone()

    def add_node(self, node_id, public_key, name, now):
        self.db.execute(
            "INSERT INTO nodes (node_id, public_key, name, registered_at_ms) VALUES (?, ?, ?, ?)",
            (node_id, public_key, name, now),
        )

    def replace_key(self, node_id, old_key, new_key, now):
        self.db.execute("INSERT INTO key_history VALUES (?, ?, ?)", (node_id, old_key, now))
        self.db.execute("UPDATE nodes SET public_key = ? WHERE node_id = ?", (new_key, node_id))

    def revoke(self, node_id, reason, now):
        self.db.execute(
            "UPDATE nodes SET revoked_at_ms = ?, revoked_reason = ? WHERE node_id = ?", (now, reason, node_id)
        )

    def set_utc_offset(self, node_id, offset):
        self.db.execute("UPDATE nodes SET utc_offset = ? WHERE node_id = ?", (offset, node_id))

    def add_token(self, node_id, digest, expires_at_ms):
        self.db.execute("INSERT INTO enrolment_tokens VALUES (?, ?, ?, NULL)", (digest, node_id, expires_at_ms))

    def use_token(self, node_id, digest, now) -> bool:
        cur = self.db.execute(
            "UPDATE enrolment_tokens SET used_at_ms = ? WHERE token_sha256 = ? AND node_id = ?"
            " AND used_at_ms IS NULL AND expires_at_ms > ?",
            (now, digest, node_id, now),
        )
        return cur.rowcount == 1

    def record(self, node_id, seq):
        return self.db.execute(
            "SELECT hash, prev_hash FROM records WHERE node_id = ? AND seq = ?", (node_id, seq)
        ).fetchone()

    def seq_of_key(self, node_id, key):
        row = self.db.execute(
            "SELECT seq FROM records WHERE node_id = ? AND idempotency_key = ? AND retired = 0", (node_id, key)
        ).fetchone()
        return row[0] if row else None

    def insert_record(self, r: dict):
        self.db.execute(
            "INSERT INTO records VALUES (:node_id, :seq, :idempotency_key, :kind, :lane, :created_at_ms,"
            " :received_at_ms, :payload, :payload_sha256, :prev_hash, :hash, :clock_suspect, :evicted,"
            " :retired, :retired_reason, :link)",
            r,
        )

    def set_link(self, node_id, seq, ok: bool):
        self.db.execute(
            "UPDATE records SET link = ? WHERE node_id = ? AND seq = ?", ("ok" if ok else "broken", node_id, seq)
        )

    def reject(self, node_id, seq, code, reason, now):
        self.db.execute("INSERT INTO rejections VALUES (?, ?, ?, ?, ?)", (node_id, seq, code, reason, now))

    def advance_watermark(self, node_id) -> int:
        """The highest seq with every record 1..seq stored."""
        (contiguous,) = self.db.execute("SELECT contiguous FROM nodes WHERE node_id = ?", (node_id,)).fetchone()
        while self.db.execute(
            "SELECT 1 FROM records WHERE node_id = ? AND seq = ?", (node_id, contiguous + 1)
        ).fetchone():
            contiguous += 1
        self.db.execute("UPDATE nodes SET contiguous = ? WHERE node_id = ?", (contiguous, node_id))
        return contiguous

    def highest(self, node_id):
        return self.db.execute(
            "SELECT seq, hash FROM records WHERE node_id = ? ORDER BY seq DESC LIMIT 1", (node_id,)
        ).fetchone()

    def missing(self, node_id, limit):
        """Ranges of seqs below the highest that are not stored, lowest first."""
        rows = self.db.execute(
            "SELECT seq, LAG(seq, 1, 0) OVER (ORDER BY seq) FROM records WHERE node_id = ?", (node_id,)
        )
        ranges = []
        for seq, before in rows:
            if seq > before + 1:
                ranges.append({"from": before + 1, "to": seq - 1})
                if len(ranges) > limit:
                    break
        return ranges

    def summary(self, node_id):
        counts = dict(
            self.db.execute(
                "SELECT link, COUNT(*) FROM records WHERE node_id = ? GROUP BY link", (node_id,)
            ).fetchall()
        )
        by_kind = dict(
            self.db.execute(
                "SELECT kind, COUNT(*) FROM records WHERE node_id = ? AND retired = 0 GROUP BY kind", (node_id,)
            ).fetchall()
        )
        retired = self.db.execute(
            "SELECT seq, kind, retired_reason FROM records WHERE node_id = ? AND retired = 1 ORDER BY seq", (node_id,)
        ).fetchall()
        (rejected,) = self.db.execute("SELECT COUNT(*) FROM rejections WHERE node_id = ?", (node_id,)).fetchone()
        return counts, by_kind, retired, rejected

    def add_review(self, node_id, seq, outcome, reason, reviewer, at):
        """A verdict on a stored inspection record; False when there is none with its content at seq."""
        row = self.db.execute(
            "SELECT idempotency_key, payload FROM records WHERE node_id = ? AND seq = ? AND kind = 'inspection'"
            " AND retired = 0 AND evicted = 0", (node_id, seq)
        ).fetchone()
        if row is None:
            return False
        record_id = json.loads(row[1])["id"]
        self.db.execute(
            "INSERT INTO reviews (node_id, seq, idempotency_key, record_id, outcome, reason, reviewer, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (node_id, seq, row[0], record_id, outcome, reason, reviewer, at)
        )
        return True

    def reviews(self, node_id, after, limit):
        keys = ("id", "seq", "idempotencyKey", "recordId", "outcome", "reason", "reviewer", "at")
        rows = self.db.execute(
            "SELECT id, seq, idempotency_key, record_id, outcome, reason, reviewer, at FROM reviews"
            " WHERE node_id = ? AND id > ? ORDER BY id LIMIT ?", (node_id, after, limit)
        ).fetchall()
        return [dict(zip(keys, r)) for r in rows]

    def cite_photo(self, node_id, sha):
        self.db.execute("INSERT OR IGNORE INTO photo_citations VALUES (?, ?)", (node_id, sha))

    def cited(self, node_id, sha) -> bool:
        return self.db.execute(
            "SELECT 1 FROM photo_citations WHERE node_id = ? AND sha256 = ?", (node_id, sha)
        ).fetchone() is not None

    def photo(self, sha):
        return self.db.execute(
            "SELECT content_type, length, data, stored FROM photos WHERE sha256 = ?", (sha,)
        ).fetchone()

    def put_photo(self, sha, content_type, length, data, stored):
        self.db.execute(
            "INSERT INTO photos VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET"
            " content_type = excluded.content_type, length = excluded.length, data = excluded.data,"
            " stored = excluded.stored",
            (sha, content_type, length, data, 1 if stored else 0),
        )

    def drop_photo(self, sha):
        self.db.execute("DELETE FROM photos WHERE sha256 = ?", (sha,))


class _Transaction:
    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, *_):
        self.db.execute("ROLLBACK" if kind else "COMMIT")
