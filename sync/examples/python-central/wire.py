"""The bytes of the uplink contract: protobuf messages, record hashes and signatures.

Everything here follows sync/README.md ("Record hash", "Identity and signatures") and
sync/proto/uplink.proto; nothing is taken from Kakou's source.
"""
import hashlib
import importlib
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

SYNC = Path(__file__).resolve().parents[2]
GENESIS = bytes(32)


def load_messages():
    """Compiles sync/proto/*.proto with protoc into a temporary folder and imports them."""
    protoc = shutil.which("protoc")
    if protoc is None:
        sys.exit("protoc is needed (Debian: protobuf-compiler) to compile sync/proto/uplink.proto")
    out = tempfile.mkdtemp(prefix="kakou-pb-")
    subprocess.run(
        [protoc, f"--proto_path={SYNC / 'proto'}", f"--python_out={out}", "uplink.proto", "snapshot.proto"],
        check=True,
    )
    sys.path.insert(0, out)
    return importlib.import_module("uplink_pb2"), importlib.import_module("snapshot_pb2")


pb, snapshot_pb = load_messages()


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def record_hash(seq: int, key: str, kind: str, created_at_ms: int, clock_suspect: bool,
                payload_sha256: bytes, prev_hash: bytes) -> bytes:
    """README "Record hash": an explicit byte layout, so any language reproduces it."""
    k = key.encode("utf-8")
    t = kind.encode("utf-8")
    return sha256(
        b"KAKOU-REC-1"
        + struct.pack(">Q", seq)
        + struct.pack(">I", len(k)) + k
        + struct.pack(">I", len(t)) + t
        + struct.pack(">q", created_at_ms)
        + bytes([1 if clock_suspect else 0])
        + payload_sha256
        + prev_hash
    )


def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


def key_id(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:16]


def rotation_message(node_id: str, new_public_key: bytes) -> bytes:
    """README "Key rotation": what the registered key signs to hand over to a new one."""
    n = node_id.encode("utf-8")
    return b"KAKOU-ROTATE-1" + struct.pack(">I", len(n)) + n + new_public_key


def read_message(node_id: str, path: str, at: str) -> bytes:
    """README "Reading from the central": what a node signs to read (and to upload photos)."""
    return f"KAKOU-GET-1\n{node_id}\n{path}\n{at}".encode("utf-8")
