"""HTTP for the example central: the routes of sync/README.md's "Endpoints" table.

Standard library only (http.server). Every request that touches the store holds one lock, so one
node's batches are stored one at a time (README "Receiving a batch").
"""
import base64
import hmac
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import photos
from receiver import PROTOCOL_VERSIONS, Refusal, receive, register
from wire import pb, read_message, verify

MAX_BODY = 64 * 1024 * 1024
SIGNED_READ_SKEW_MS = 5 * 60 * 1000
WATERMARK = re.compile(r"/v1/nodes/([^/]+)/watermark")
CHAIN = re.compile(r"/v1/nodes/([^/]+)/chain")
REVIEWS = re.compile(r"/v1/nodes/([^/]+)/reviews")
PHOTO = re.compile(r"/v1/photos/([^/]+)")


class Central(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, store, admin_token, snapshot=None):
        super().__init__(address, Handler)
        self.store = store
        self.admin_token = admin_token
        self.snapshot = snapshot  # (etag, bytes) or None
        self.lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Central

    def log_message(self, *_):
        pass  # quiet: the test reads the store, not the log

    def _send(self, status, body=b"", content_type="application/json", headers=None):
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status, value):
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def _error(self, status, code, message):
        self._json(status, {"error": {"code": code, "message": message, "details": []}})

    def _body(self):
        length = int(self.headers.get("content-length") or 0)
        if length > MAX_BODY:
            # Answer from the declared length, without reading the rest, and close the connection.
            self.close_connection = True
            raise Refusal(413, "KAKOU_E_BODY_TOO_LARGE", f"the body is larger than {MAX_BODY} bytes")
        return self.rfile.read(length)

    def _admin(self) -> bool:
        given = (self.headers.get("authorization") or "").removeprefix("Bearer ")
        return hmac.compare_digest(given.encode(), self.server.admin_token.encode())

    def signed_by(self, path):
        """README "Reading from the central": the node id whose signed request this is, or None."""
        node_id = self.headers.get("x-kakou-node") or ""
        at = self.headers.get("x-kakou-time") or ""
        signature = self.headers.get("x-kakou-signature") or ""
        if not at.isdigit() or abs(int(at) - int(time.time() * 1000)) > SIGNED_READ_SKEW_MS:
            return None
        node = self.server.store.node(node_id)
        try:
            raw = base64.b64decode(signature, validate=True)
        except ValueError:
            return None
        return node_id if node and node[3] is None and verify(node[1], read_message(node_id, path, at), raw) else None

    def _route(self, method):
        path = urlsplit(self.path).path
        try:
            with self.server.lock:
                self._dispatch(method, path)
        except Refusal as r:
            self._error(r.status, r.code, str(r))

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_PUT(self):
        self._route("PUT")

    def _dispatch(self, method, path):
        store = self.server.store
        if method == "GET" and path == "/healthz":
            store.node("healthz-probe")  # the store answers too, or this raises and the client sees 500
            return self._json(200, {"status": "alive", "uplink": "accepting"})
        if method == "POST" and path == "/v1/nodes":
            reg = pb.Registration()
            body = self._body()
            outcome = register(store, body)
            reg.ParseFromString(body)
            return self._json(201 if outcome == "created" else 200,
                              {"nodeId": reg.node_id, "outcome": outcome, "protocolVersions": PROTOCOL_VERSIONS})
        if method == "POST" and path == "/v1/uplink":
            ack = receive(store, self._body())
            return self._send(200, ack.SerializeToString(), "application/x-protobuf")
        if method == "GET" and path == "/v1/snapshot":
            return self._snapshot(path)
        if m := WATERMARK.fullmatch(path):
            return self._watermark(path, unquote(m.group(1)))
        if method == "GET" and (m := REVIEWS.fullmatch(path)):
            return self._reviews(path, unquote(m.group(1)))
        if method == "GET" and (m := CHAIN.fullmatch(path)):
            return self._chain(unquote(m.group(1)))
        if m := PHOTO.fullmatch(path):
            return photos.handle(self, method, path, m.group(1))
        raise Refusal(404, "KAKOU_E_API_NOT_FOUND", f"{method} {path}")

    def _snapshot(self, path):
        if not self._admin() and self.signed_by(path) is None:
            raise Refusal(401, "KAKOU_E_AUTH_REQUIRED", "sign the request with a registered node key")
        if self.server.snapshot is None:
            raise Refusal(404, "KAKOU_E_API_NOT_FOUND", "this central serves no snapshot")
        etag, data = self.server.snapshot
        if self.headers.get("if-none-match") == etag:
            return self._send(304)
        return self._send(200, data, "application/octet-stream", {"etag": etag})

    def _watermark(self, path, node_id):
        """README "Restoring a node": where this central's copy of the node's chain stands."""
        signer = self.signed_by(path)
        if signer != node_id and not self._admin():
            raise Refusal(401, "KAKOU_E_AUTH_REQUIRED", "a node reads its own watermark only")
        node = self.server.store.node(node_id)
        if node is None:
            raise Refusal(404, "KAKOU_E_API_NOT_FOUND", f"node {node_id}")
        top = self.server.store.highest(node_id)
        missing = self.server.store.missing(node_id, 1000)
        return self._json(200, {
            "nodeId": node_id,
            "highestSeq": top[0] if top else 0,
            "highestHash": (top[1] if top else bytes(32)).hex(),
            "contiguousSeq": node[2],
            "missing": missing[:1000],
            "missingComplete": len(missing) <= 1000,
        })

    def _reviews(self, path, node_id):
        """README "Reviews": a node reads the verdicts on its records after its cursor."""
        if self.signed_by(path) != node_id and not self._admin():
            raise Refusal(401, "KAKOU_E_AUTH_REQUIRED", "a node reads its own reviews only")
        after = (parse_qs(urlsplit(self.path).query).get("after") or ["0"])[0]
        if not after.isdigit():
            raise Refusal(400, "KAKOU_E_API_VALIDATION", "after: a review id")
        rows = self.server.store.reviews(node_id, int(after), 501)
        return self._json(200, {"reviews": rows[:500], "more": len(rows) > 500})

    def _chain(self, node_id):
        """This example's own summary for an administrator: what a report's chain section holds."""
        if not self._admin():
            raise Refusal(401, "KAKOU_E_AUTH_REQUIRED", "send Authorization: Bearer <admin token>")
        node = self.server.store.node(node_id)
        if node is None:
            raise Refusal(404, "KAKOU_E_API_NOT_FOUND", f"node {node_id}")
        links, by_kind, retired, rejected = self.server.store.summary(node_id)
        top = self.server.store.highest(node_id)
        return self._json(200, {
            "nodeId": node_id,
            "highestContiguousSeq": node[2],
            "highestSeq": top[0] if top else 0,
            "gaps": self.server.store.missing(node_id, 1000),
            "chain": {"verified": links.get("broken", 0) == 0 and links.get("pending", 0) == 0,
                      "pendingLinks": links.get("pending", 0), "brokenLinks": links.get("broken", 0)},
            "byKind": by_kind,
            "retired": [{"seq": s, "kind": k, "reason": why} for s, k, why in retired],
            "rejected": rejected,
        })
