"""Payload validation per record kind (README "Record kinds"), from sync/schemas/ alone."""
import json
from pathlib import Path

from jsonschema import Draft202012Validator

from wire import SYNC

# The kinds of sync/README.md's "Record kinds" table, each with its lane.
KINDS = {
    "inspection": 0, "inspection-photo": 0, "dispute": 0, "override": 0, "restore": 0,
    "decision": 1, "alarm": 1, "passage": 1, "shift-commitment": 1, "shift-reveal": 1,
    "data-quality": 1, "telemetry": 2,
}


def _validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SYNC / "schemas" / f"{kind}.v1.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


VALIDATORS = {kind: _validator(kind) for kind in KINDS}


def _no_constants(name):
    raise ValueError(f"{name} is not JSON")


def parse(payload: bytes):
    """The payload as a JSON object, or raises ValueError saying why not."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError("payload is not UTF-8") from e
    try:
        body = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as e:
        raise ValueError("payload is not JSON") from e
    if not isinstance(body, dict):
        raise ValueError("payload is not a JSON object")
    return body


def problem(kind: str, payload: bytes):
    """Why a payload is unacceptable for its kind, or None. The first problem only: it goes in the Ack."""
    try:
        body = parse(payload)
    except ValueError as e:
        return str(e)
    for error in VALIDATORS[kind].iter_errors(body):
        at = ".".join(str(p) for p in error.absolute_path)
        return f"{kind}{'.' + at if at else ''}: {error.message}"[:500]
    return None
