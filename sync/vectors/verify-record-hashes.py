#!/usr/bin/env python3
"""Recomputes the record hash chain of uplink-v1.json from the byte layout in sync/README.md.

A second, independent implementation of "Record hash" (standard library only), for central-system
teams to compare with theirs. Exit code 0 when every hash agrees.
"""
import hashlib
import json
import struct
import sys
from pathlib import Path

vectors = json.loads((Path(__file__).parent / "uplink-v1.json").read_text(encoding="utf-8"))
prev = bytes(32)
for r in vectors["records"]:
    key = r["idempotencyKey"].encode("utf-8")
    kind = r["kind"].encode("utf-8")
    payload_sha256 = bytes.fromhex(r["payloadSha256"])
    if not r["evicted"] and hashlib.sha256(r["payloadUtf8"].encode("utf-8")).digest() != payload_sha256:
        sys.exit(f"seq {r['seq']}: payload digest differs")
    if bytes.fromhex(r["prevHash"]) != prev:
        sys.exit(f"seq {r['seq']}: prev_hash does not link")
    data = (b"KAKOU-REC-1" + struct.pack(">Q", r["seq"])
            + struct.pack(">I", len(key)) + key + struct.pack(">I", len(kind)) + kind
            + struct.pack(">q", r["createdAtMs"]) + bytes([1 if r["clockSuspect"] else 0])
            + payload_sha256 + prev)
    prev = hashlib.sha256(data).digest()
    if prev.hex() != r["recordHash"]:
        sys.exit(f"seq {r['seq']}: record hash differs")
print(f"ok: {len(vectors['records'])} record hashes agree")
