#!/usr/bin/env python3
"""An independent Kakou uplink receiver, built from sync/ alone (see README.md beside it).

    central.py serve --db FILE --port N [--host H] [--snapshot FILE]   (admin token: KAKOU_PY_CENTRAL_TOKEN)
    central.py token --db FILE --id NODE_ID [--ttl-hours N]             prints a one-time enrolment token
    central.py add --db FILE --id NODE_ID --key HEX [--name NAME]       registers a node's public key
    central.py revoke --db FILE --id NODE_ID --reason TEXT              takes nothing more from the node
    central.py review --db FILE --id NODE_ID --seq N --outcome refused|upheld --reason TEXT --reviewer NAME
"""
import argparse
import os
import secrets
import sys
import time

from receiver import NODE_ID, now_ms, token_digest
from store import Store


def snapshot_of(path):
    """The snapshot file and its ETag: the version in its header (README "Credit snapshot")."""
    from google.protobuf.internal.decoder import _DecodeVarint

    import wire

    data = open(path, "rb").read()
    if not data.startswith(b"KKSNAP1\n"):
        sys.exit(f"{path} is not a Kakou snapshot")
    length, at = _DecodeVarint(data, 8)
    header = wire.snapshot_pb.SnapshotHeader()
    header.ParseFromString(data[at:at + length])
    return f'"{header.version}"', data


def main(argv):
    p = argparse.ArgumentParser(prog="central.py")
    p.add_argument("command", choices=["serve", "token", "add", "revoke", "review"])
    p.add_argument("--seq", type=int, default=0)
    p.add_argument("--outcome", choices=["refused", "upheld"], default="refused")
    p.add_argument("--reviewer", default="")
    p.add_argument("--reason", default="")
    p.add_argument("--db", required=True)
    p.add_argument("--port", type=int, default=8900)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--snapshot")
    p.add_argument("--id")
    p.add_argument("--key")
    p.add_argument("--name", default="")
    p.add_argument("--ttl-hours", type=float, default=7 * 24)
    a = p.parse_args(argv)
    store = Store(a.db)
    if a.command in ("token", "add", "revoke", "review") and not (a.id and NODE_ID.fullmatch(a.id)):
        sys.exit("--id: 1-64 characters of A-Z a-z 0-9 . _ -")
    if a.command == "token":
        token = secrets.token_hex(24)  # never begins with '-', which a command line reads as an option
        store.add_token(a.id, token_digest(token), now_ms() + int(a.ttl_hours * 3_600_000))
        print(token)
        return
    if a.command == "add":
        key = bytes.fromhex(a.key or "")
        if len(key) != 32:
            sys.exit("--key: the raw Ed25519 public key, 64 hex digits")
        store.add_node(a.id, key, a.name, now_ms())
        return
    if a.command == "revoke":
        if not a.reason.strip() or store.node(a.id) is None:
            sys.exit("revoke needs a registered --id and a --reason")
        store.revoke(a.id, a.reason.strip()[:500], now_ms())
        return
    if a.command == "review":
        at = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + ".000Z"
        if not (a.reason.strip() and a.reviewer.strip()) or not store.add_review(
                a.id, a.seq, a.outcome, a.reason.strip()[:2000], a.reviewer.strip()[:100], at):
            sys.exit("review needs a stored inspection record (--id, --seq), a --reason and a --reviewer")
        return
    token = os.environ.get("KAKOU_PY_CENTRAL_TOKEN")
    if not token:
        sys.exit("set KAKOU_PY_CENTRAL_TOKEN: the administrator's bearer token")
    from server import Central

    central = Central((a.host, a.port), store, token, snapshot_of(a.snapshot) if a.snapshot else None)
    print(f"python central listening on http://{a.host}:{central.server_address[1]}/", flush=True)
    try:
        central.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        central.server_close()


if __name__ == "__main__":
    main(sys.argv[1:])
