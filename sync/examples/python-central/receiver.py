"""The receiving rules of sync/README.md: registration, and a batch record by record.

Each step names the README section it follows. Errors for a whole request raise Refusal, which
server.py turns into the HTTP status and the JSON error body of the README's "Endpoints".
"""
import hashlib
import re
import time

import payloads
from wire import GENESIS, pb, record_hash, rotation_message, sha256, verify

PROTOCOL_VERSIONS = [1]
NODE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
UTC_OFFSET = re.compile(r"[+-](0\d|1[0-4]):[0-5]\d")
MAX_INT = 2**53


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code


def now_ms() -> int:
    return int(time.time() * 1000)


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def check_version(version: int):
    # "Versions and compatibility": 0 (absent) is read as 1.
    if (version or 1) not in PROTOCOL_VERSIONS:
        raise Refusal(400, "KAKOU_E_SYNC_VERSION", f"protocol version {version}; this central takes 1")


def register(store, body: bytes) -> str:
    """README "Identity and signatures": enrolment, same key, rotation or conflict."""
    reg = pb.Registration()
    try:
        reg.ParseFromString(body)
    except Exception as e:
        raise Refusal(400, "KAKOU_E_SYNC_BAD_BATCH", f"not a Registration: {e}")
    check_version(reg.protocol_version)
    if not NODE_ID.fullmatch(reg.node_id) or len(reg.public_key) != 32:
        raise Refusal(400, "KAKOU_E_SYNC_BAD_BATCH", "registration needs a node id and a 32-byte Ed25519 key")
    with store.transaction():
        known = store.node(reg.node_id)
        if known and known[3] is not None:
            raise Refusal(403, "KAKOU_E_SYNC_REVOKED", f"node {reg.node_id} was revoked: {known[3]}")
        if known and known[1] == reg.public_key:
            outcome = "same"
        elif known:
            message = rotation_message(reg.node_id, reg.public_key)
            if not reg.rotation_signature or not verify(known[1], message, reg.rotation_signature):
                raise Refusal(409, "KAKOU_E_SYNC_KEY_CONFLICT", f"node {reg.node_id} is registered with another key")
            store.replace_key(reg.node_id, known[1], reg.public_key, now_ms())
            outcome = "rotated"
        else:
            token = reg.enrolment_token
            if not token or not store.use_token(reg.node_id, token_digest(token), now_ms()):
                raise Refusal(401, "KAKOU_E_SYNC_UNKNOWN_NODE", f"node {reg.node_id} is not enrolled")
            store.add_node(reg.node_id, reg.public_key, reg.name[:200], now_ms())
            outcome = "created"
        if UTC_OFFSET.fullmatch(reg.utc_offset):
            store.set_utc_offset(reg.node_id, reg.utc_offset)
    return outcome


def receive(store, body: bytes):
    """README "Receiving a batch", step 1: the whole request; then the records one by one."""
    signed = pb.SignedBatch()
    batch = pb.Batch()
    try:
        signed.ParseFromString(body)
        batch.ParseFromString(signed.batch)
    except Exception as e:
        raise Refusal(400, "KAKOU_E_SYNC_BAD_BATCH", f"not a signed batch: {e}")
    check_version(batch.protocol_version)
    node = store.node(batch.node_id)
    if node is None:
        raise Refusal(401, "KAKOU_E_SYNC_UNKNOWN_NODE", f"node {batch.node_id} is not registered")
    if node[3] is not None:
        raise Refusal(403, "KAKOU_E_SYNC_REVOKED", f"node {batch.node_id} was revoked: {node[3]}")
    # Verify the bytes as received, never a re-encoding.
    if not verify(node[1], signed.batch, signed.signature):
        raise Refusal(401, "KAKOU_E_SYNC_SIGNATURE", f"the signature does not verify with node {batch.node_id}'s key")
    with store.transaction():
        return _store_batch(store, batch)


def _malformed(r) -> bool:
    return (
        not 1 <= r.seq < MAX_INT
        or not -MAX_INT < r.created_at_ms < MAX_INT
        or len(r.prev_hash) != 32
        or len(r.payload_sha256) != 32
        or (r.retired and len(r.record_hash) != 32)
    )


def _store_batch(store, batch):
    node_id = batch.node_id
    now = now_ms()
    ack = pb.Ack(batch_seq=batch.batch_seq)
    fresh = {}  # seq -> record hash, for records earlier in this batch
    firsts = {}
    for r in batch.records:  # one seq twice in a batch: the first copy counts, the others are ignored
        firsts.setdefault(r.seq, r)

    def reject(seq, code, reason):
        ack.rejected.add(seq=seq, code=code, reason=reason)
        store.reject(node_id, seq, code, reason, now)

    for seq in sorted(firsts):
        r = firsts[seq]
        if _malformed(r):
            reject(seq if seq < MAX_INT else 0, "KAKOU_E_SYNC_BAD_BATCH", "sequence number, time or hash fields are malformed")
            continue
        plain = not r.retired and not r.evicted
        if plain and sha256(r.payload) != r.payload_sha256:
            reject(seq, "KAKOU_E_SYNC_DIGEST", "payload does not match payload_sha256")
            continue
        # A tombstone names the retired record's hash; every other record's hash is computed.
        h = bytes(r.record_hash) if r.retired else record_hash(
            seq, r.idempotency_key, r.kind, r.created_at_ms, r.clock_suspect, r.payload_sha256, r.prev_hash
        )
        stored = store.record(node_id, seq)
        if stored is not None:
            if stored[0] == h:
                ack.accepted.append(seq)  # a resend after a lost acknowledgement
            else:
                reject(seq, "KAKOU_E_SYNC_CONFLICT", f"a different record is stored as seq {seq}")
            continue
        if not r.retired:
            other = store.seq_of_key(node_id, r.idempotency_key)
            if other is not None and other != seq:
                reject(seq, "KAKOU_E_SYNC_CONFLICT", f"idempotency key already stored as seq {other}")
                continue
            if r.kind not in payloads.KINDS:
                reject(seq, "KAKOU_E_SYNC_KIND", f'kind "{r.kind}" is not known to this central')
                continue
        why = None if r.retired or r.evicted else payloads.problem(r.kind, r.payload)
        if why:
            reject(seq, "KAKOU_E_SYNC_PAYLOAD", why)
            continue
        prev = GENESIS if seq == 1 else fresh.get(seq - 1) or (store.record(node_id, seq - 1) or [None])[0]
        if prev is not None and prev != r.prev_hash:
            reject(seq, "KAKOU_E_SYNC_CHAIN", f"prev_hash does not match the hash of seq {seq - 1}")
            continue
        store.insert_record({
            "node_id": node_id, "seq": seq, "idempotency_key": r.idempotency_key, "kind": r.kind,
            "lane": r.lane, "created_at_ms": r.created_at_ms, "received_at_ms": now,
            "payload": "" if not plain else r.payload.decode("utf-8"), "payload_sha256": r.payload_sha256,
            "prev_hash": r.prev_hash, "hash": h, "clock_suspect": int(r.clock_suspect),
            "evicted": int(r.evicted), "retired": int(r.retired),
            "retired_reason": r.retired_reason[:500] if r.retired else None,
            "link": "pending" if prev is None else "ok",
        })
        if plain and r.kind == "inspection-photo":
            store.cite_photo(node_id, payloads.parse(r.payload)["sha256"])
        fresh[seq] = h
        ack.accepted.append(seq)
        # A successor stored before its predecessor waited for this link: verify it now.
        successor = store.record(node_id, seq + 1)
        if successor is not None:
            store.set_link(node_id, seq + 1, successor[1] == h)
    ack.highest_contiguous_seq = store.advance_watermark(node_id)
    return ack
