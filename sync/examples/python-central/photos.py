"""README "Photos": resumable, content-addressed uploads of the photos records cite."""
import hashlib
import re

from receiver import Refusal

SHA256 = re.compile(r"[0-9a-f]{64}")
TYPES = ("image/jpeg", "image/png")
MAX_PHOTO = 16 * 1024 * 1024
MAX_CHUNK = 1024 * 1024


def _state(store, sha):
    photo = store.photo(sha)
    if photo is None:
        return {"stored": False, "received": 0}
    return {"stored": bool(photo[3]), "received": len(photo[2])}


def handle(req, method, path, sha):
    store = req.server.store
    if not SHA256.fullmatch(sha):
        raise Refusal(400, "KAKOU_E_API_VALIDATION", "sha256: 64 hex digits")
    node_id = req.signed_by(path)
    if method == "GET":
        if "image/" in (req.headers.get("accept") or ""):
            if not req._admin():
                raise Refusal(401, "KAKOU_E_AUTH_REQUIRED", "the photo itself is for an administrator")
            photo = store.photo(sha)
            if photo is None or not photo[3]:
                raise Refusal(404, "KAKOU_E_API_NOT_FOUND", f"photo {sha}")
            return req._send(200, photo[2], photo[0])
        if node_id is None and not req._admin():
            raise Refusal(401, "KAKOU_E_AUTH_REQUIRED", "sign the request with a registered node key")
        return req._json(200, _state(store, sha))
    if method != "PUT":
        raise Refusal(404, "KAKOU_E_API_NOT_FOUND", f"{method} {path}")
    if node_id is None:
        raise Refusal(401, "KAKOU_E_AUTH_REQUIRED", "sign the request with a registered node key")
    offset = req.headers.get("upload-offset") or ""
    length = req.headers.get("upload-length") or ""
    content_type = req.headers.get("content-type") or ""
    declared = int(req.headers.get("content-length") or 0)
    if not offset.isdigit() or not length.isdigit() or not 0 < int(length) <= MAX_PHOTO \
            or content_type not in TYPES or not 0 < declared <= MAX_CHUNK:
        raise Refusal(400, "KAKOU_E_API_VALIDATION", "Upload-Offset, Upload-Length, content type or chunk size")
    chunk = req.rfile.read(declared)
    offset, length = int(offset), int(length)
    if offset + len(chunk) > length:
        raise Refusal(400, "KAKOU_E_API_VALIDATION", "the chunk runs past Upload-Length")
    if not store.cited(node_id, sha):
        raise Refusal(409, "KAKOU_E_SYNC_PHOTO_UNCITED", f"send the inspection-photo record for {sha} first")
    state = _state(store, sha)
    if state["stored"]:
        return req._json(200, state)
    if offset != state["received"]:
        raise Refusal(409, "KAKOU_E_SYNC_PHOTO_OFFSET", f"held: {state['received']}")
    held = (store.photo(sha) or (None, None, b""))[2] + chunk
    if len(held) < length:
        store.put_photo(sha, content_type, length, held, False)
        return req._json(200, {"stored": False, "received": len(held)})
    if hashlib.sha256(held).hexdigest() != sha:
        store.drop_photo(sha)
        raise Refusal(422, "KAKOU_E_SYNC_DIGEST", f"the bytes sent do not hash to {sha}; send it again")
    store.put_photo(sha, content_type, length, held, True)
    return req._json(200, {"stored": True, "received": len(held)})
