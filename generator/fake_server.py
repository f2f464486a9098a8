"""A local fake of the Kling image API (ChainHub relay) for tests, demos and benchmarks.

Standard library HTTP server bound to loopback only. It:

* validates every create request body against the request schema of the
  augmented OpenAPI spec (``OAS30Validator``) and its ``x-dependencies``
  rules (parsed by ``generator.idl``, evaluated in ``_fake_rules``), answering HTTP 400 with ``{"code": 1201, "message": <what failed>}``;
* checks ``Authorization: Bearer <key>`` (401 with code 1001 when missing,
  1002 when wrong);
* simulates tasks: a create answers ``submitted``; each later GET moves the
  task on (``processing`` ... then ``succeed`` or ``failed``) after
  ``polls_to_finish`` polls; result URLs point back at this server, which
  serves small generated PNGs;
* injects faults from a queue (see ``Fault`` and the factory functions);
* records every API request (method, path, body) so tests can count creates;
* has a ``fast`` mode for benchmarks: fixed pre-encoded answers, no
  validation, no recording.

Control endpoints (no auth)::

    POST   /__fake__/faults     {"faults": [<Fault.to_json()>, ...]} -> queue them
    DELETE /__fake__/faults     drop queued faults
    GET    /__fake__/requests   {"requests": [...]} everything recorded
    POST   /__fake__/reset      forget faults, requests and tasks
    POST   /__fake__/config     {"polls_to_finish": 2, "timestamps_as_strings": false, "fast": false}
    GET    /__fake__/health     {"ok": true}
    GET    /__fake__/images/<task_id>/<index>.png   a result image

In-process use::

    with FakeKlingServer(spec_path=path, api_keys=["test-key"]) as server:
        server.add_faults(rate_limited(retry_after="1"))
        ... server.base_url ... server.create_requests() ...

Command line: ``python -m generator.fake_server [--spec PATH] [--port N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import ipaddress
import json
import logging
import socket
import struct
import sys
import threading
import time
import uuid
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

import attrs
from openapi_schema_validator import OAS30Validator
from ruamel.yaml import YAML

from ._fake_rules import ParsedDependency, parse_dependency, violation

__all__ = [
    "CREATE_PATH",
    "DEFAULT_SPEC",
    "FakeKlingServer",
    "Fault",
    "RecordedRequest",
    "business_error",
    "dropped",
    "failed_task",
    "html_error",
    "load_request_schema",
    "main",
    "non_json_ok",
    "png_bytes",
    "rate_limited",
    "running_fake_server",
    "server_error",
    "slow",
]

logger = logging.getLogger("generator.fake_server")

CREATE_PATH = "/kling/v1/images/generations"
CONTROL = "/__fake__"
DEFAULT_SPEC = Path(__file__).resolve().parent.parent / "generated" / "openapi.augmented.yaml"

FaultKind = Literal["status", "drop", "delay", "fail_task"]
FaultMatch = Literal["any", "create", "get"]

# Used only when no spec file is available: the request schema as documented.
FALLBACK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["model_name", "prompt", "n"],
    "properties": {
        "model_name": {"type": "string", "enum": ["kling-v1", "kling-v1-5", "kling-v2", "kling-v2-new", "kling-v2-1"]},
        "prompt": {"type": "string", "maxLength": 2500},
        "negative_prompt": {"type": "string", "maxLength": 2500},
        "image": {"type": "string"},
        "image_reference": {"type": "string", "enum": ["subject", "face"]},
        "image_fidelity": {"type": "number", "minimum": 0, "maximum": 1},
        "human_fidelity": {"type": "number", "minimum": 0, "maximum": 1},
        "resolution": {"type": "string", "enum": ["1k", "2k"]},
        "n": {"type": "integer", "minimum": 1, "maximum": 9},
        "aspect_ratio": {"type": "string", "enum": ["16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3", "21:9"]},
        "callback_url": {"type": "string"},
    },
    "x-dependencies": ["IF model_name=='kling-v1-5' AND image THEN image_reference;"],
}


# -- faults -------------------------------------------------------------------


def _header_pairs(value: Sequence[Sequence[str]]) -> tuple[tuple[str, str], ...]:
    # JSON gives lists of lists; attrs equality and hashing want tuples.
    return tuple((str(name), str(val)) for name, val in value)


@attrs.frozen(kw_only=True)
class Fault:
    """One injected misbehaviour, consumed by the first API request it ``match``es.

    ``status``: answer ``status_code`` with ``json_body`` (or ``text``).
    ``drop``: close the socket after reading the request, answering nothing.
    ``delay``: wait ``seconds`` (cut short when the server stops), then answer normally.
    ``fail_task``: the task created by this request ends ``failed`` with ``message``.
    ``process_first`` runs the request (a create makes its task) before a
    ``status``/``drop`` fault replaces the answer: the server-side effect
    happened, the client cannot know.
    ``echo_authorization`` appends the received Authorization header to the
    JSON message, like careless relays do (for redaction tests).
    """

    kind: FaultKind
    match: FaultMatch = "any"
    status_code: int = 500
    json_body: Any = None
    text: str | None = None
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_header_pairs)
    seconds: float = 0.0
    process_first: bool = False
    message: str = ""
    echo_authorization: bool = False

    def to_json(self) -> dict[str, Any]:
        data = attrs.asdict(self)
        data["headers"] = [list(pair) for pair in self.headers]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Fault:
        known = {a.name for a in attrs.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault fields: {sorted(unknown)}")
        return cls(**dict(data))


def _envelope(code: int, message: str, data: Any = None) -> dict[str, Any]:
    return {"code": code, "message": message, "request_id": uuid.uuid4().hex, "data": data}


def rate_limited(
    *, retry_after: str | None = "0", code: int | None = 1302, status_code: int = 429, match: FaultMatch = "any"
) -> Fault:
    """429 (or ``status_code``) with an optional business code and ``Retry-After``."""
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    if code is None:
        return Fault(
            kind="status",
            match=match,
            status_code=status_code,
            text="Too Many Requests",
            content_type="text/plain",
            headers=headers,
        )
    return Fault(
        kind="status",
        match=match,
        status_code=status_code,
        headers=headers,
        json_body=_envelope(code, "too many requests" if code == 1302 else "concurrency limit exceeded"),
    )


def server_error(
    status_code: int = 500, *, code: int | None = 5000, match: FaultMatch = "any", process_first: bool = False
) -> Fault:
    """A 5xx; with ``code=None`` the body is plain text with no business code."""
    if code is None:
        return Fault(
            kind="status",
            match=match,
            status_code=status_code,
            text="Internal Server Error",
            content_type="text/plain",
            process_first=process_first,
        )
    return Fault(
        kind="status",
        match=match,
        status_code=status_code,
        process_first=process_first,
        json_body=_envelope(code, "internal server error"),
    )


def html_error(status_code: int = 502, *, match: FaultMatch = "any", process_first: bool = False) -> Fault:
    """The HTML page a reverse proxy sends when the upstream fails."""
    reason = http.HTTPStatus(status_code).phrase if status_code in http.HTTPStatus._value2member_map_ else "Error"
    page = (
        f"<html>\r\n<head><title>{status_code} {reason}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status_code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
    return Fault(
        kind="status",
        match=match,
        status_code=status_code,
        text=page,
        content_type="text/html",
        process_first=process_first,
    )


def business_error(
    code: int, *, status_code: int = 200, message: str = "", match: FaultMatch = "any", echo_authorization: bool = False
) -> Fault:
    """An envelope with a non-zero ``code``; HTTP 200 by default, as relays send it."""
    return Fault(
        kind="status",
        match=match,
        status_code=status_code,
        echo_authorization=echo_authorization,
        json_body=_envelope(code, message or f"business error {code}"),
    )


def dropped(*, match: FaultMatch = "any", process_first: bool = False) -> Fault:
    """Read the request, then close the connection without answering."""
    return Fault(kind="drop", match=match, process_first=process_first)


def slow(seconds: float, *, match: FaultMatch = "any") -> Fault:
    """Answer normally, but only after ``seconds`` (use more than the client's read timeout)."""
    return Fault(kind="delay", match=match, seconds=seconds)


def failed_task(message: str = "content risk check failed") -> Fault:
    """The next created task ends ``failed`` with ``message`` instead of succeeding."""
    return Fault(kind="fail_task", match="create", message=message)


def non_json_ok(*, match: FaultMatch = "any") -> Fault:
    """HTTP 200 whose body is not JSON (a captive portal or a confused relay)."""
    return Fault(kind="status", match=match, status_code=200, text="<html>OK</html>", content_type="text/html")


# -- recorded requests and tasks ----------------------------------------------


@attrs.frozen(kw_only=True)
class RecordedRequest:
    """One API request as received (control and image requests are not recorded)."""

    method: str
    path: str
    query: str
    authorization: str | None
    user_agent: str | None
    body: Any
    raw_body: bytes
    fault: str | None

    @property
    def is_create(self) -> bool:
        return self.method == "POST" and self.path.rstrip("/") == CREATE_PATH

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "authorization": self.authorization,
            "user_agent": self.user_agent,
            "body": self.body,
            "fault": self.fault,
        }


@attrs.define(kw_only=True)
class _Task:
    task_id: str
    n: int
    created_ms: int
    updated_ms: int
    polls: int = 0
    fail_message: str | None = None
    status: str = "submitted"


def png_bytes(width: int, height: int, rgb: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    """A valid RGB PNG of one colour, built with zlib and struct only."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


# -- spec -----------------------------------------------------------------------


def _inline_refs(node: Any, root: Mapping[str, Any], seen: tuple[str, ...] = ()) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            if ref in seen:
                raise ValueError(f"recursive $ref {ref} is not supported by the fake server")
            target: Any = root
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            return _inline_refs(target, root, (*seen, ref))
        return {k: _inline_refs(v, root, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_refs(v, root, seen) for v in node]
    return node


def load_request_schema(spec_path: str | Path) -> dict[str, Any]:
    """The create request's JSON schema from an OpenAPI YAML file, with local ``$ref``s inlined."""
    yaml = YAML(typ="safe", pure=True)
    doc = yaml.load(Path(spec_path).read_text(encoding="utf-8"))
    try:
        operation = doc["paths"][CREATE_PATH]["post"]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{spec_path}: no JSON request body schema for POST {CREATE_PATH}") from exc
    inlined: dict[str, Any] = _inline_refs(schema, doc)
    return inlined


# -- the server -----------------------------------------------------------------


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    app: FakeKlingServer


class FakeKlingServer:
    """The fake API; start/stop explicitly or use as a context manager (see module docstring)."""

    def __init__(
        self,
        *,
        spec_path: str | Path | None = None,
        schema: Mapping[str, Any] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        api_keys: Sequence[str] | None = None,
        polls_to_finish: int = 2,
        fast: bool = False,
        timestamps_as_strings: bool = False,
    ) -> None:
        if not _is_loopback(host):
            raise ValueError(f"the fake server only binds to loopback addresses, not {host!r}")
        if schema is None:
            if spec_path is None and DEFAULT_SPEC.exists():
                spec_path = DEFAULT_SPEC
            if spec_path is not None:
                schema = load_request_schema(spec_path)
            else:
                logger.warning("no spec file; validating against the built-in request schema")
                schema = FALLBACK_SCHEMA
        self.schema = dict(schema)
        self._validator = OAS30Validator(self.schema)
        raw_rules = self.schema.get("x-dependencies") or []
        self.dependencies: tuple[ParsedDependency, ...] = tuple(parse_dependency(str(r)) for r in raw_rules)
        self.host = host
        self._requested_port = port
        self.api_keys = frozenset(api_keys) if api_keys is not None else None
        self.polls_to_finish = max(1, polls_to_finish)
        self.fast = fast
        self.timestamps_as_strings = timestamps_as_strings
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._requests: list[RecordedRequest] = []
        self._tasks: dict[str, _Task] = {}
        self._created: list[str] = []
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._fast_create = b""
        self._fast_get = b""

    # lifecycle

    def start(self) -> FakeKlingServer:
        if self._httpd is not None:
            return self
        self._stopping.clear()
        httpd = _HTTPServer((self.host, self._requested_port), _Handler)
        httpd.app = self
        self._httpd = httpd
        self._build_fast_answers()
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-kling-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def __enter__(self) -> FakeKlingServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the fake server is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    # faults, records, config

    def add_faults(self, *faults: Fault) -> None:
        """Queue faults; each is used once, by the first API request it matches."""
        with self._lock:
            self._faults.extend(faults)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending_faults(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def create_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.is_create]

    def created_task_ids(self) -> list[str]:
        """Ids of the tasks actually created (each one a paid task on the real API), in order."""
        with self._lock:
            return list(self._created)

    def reset(self) -> None:
        with self._lock:
            self._faults.clear()
            self._requests.clear()
            self._tasks.clear()
            self._created.clear()

    def configure(
        self, *, polls_to_finish: int | None = None, timestamps_as_strings: bool | None = None, fast: bool | None = None
    ) -> None:
        with self._lock:
            if polls_to_finish is not None:
                self.polls_to_finish = max(1, int(polls_to_finish))
            if timestamps_as_strings is not None:
                self.timestamps_as_strings = bool(timestamps_as_strings)
            if fast is not None:
                self.fast = bool(fast)

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when cut short because the server is stopping."""
        return self._stopping.wait(seconds)

    # request handling (called from handler threads)

    def _take_fault(self, kind: Literal["create", "get", "other"]) -> Fault | None:
        with self._lock:
            for i, fault in enumerate(self._faults):
                if fault.match == "any" or fault.match == kind:
                    return self._faults.pop(i)
        return None

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _check_auth(self, authorization: str | None) -> tuple[int, dict[str, Any]] | None:
        if not authorization or not authorization.startswith("Bearer ") or not authorization[7:].strip():
            return 401, _envelope(1001, "Authorization is empty")
        token = authorization[7:].strip()
        if self.api_keys is not None and token not in self.api_keys:
            return 401, _envelope(1002, "Authorization is invalid")
        return None

    def _validate(self, body: Any) -> str | None:
        if not isinstance(body, dict):
            return "request body must be a JSON object"
        errors = sorted(self._validator.iter_errors(body), key=lambda e: list(map(str, e.path)))
        problems = [f"{'/'.join(map(str, e.path)) or '<body>'}: {e.message}" for e in errors[:3]]
        for rule in self.dependencies:
            broken = violation(body, rule)
            if broken:
                problems.append(broken)
        return "; ".join(problems) if problems else None

    def _stamp(self, ms: int) -> int | str:
        return str(ms) if self.timestamps_as_strings else ms

    def _task_json(self, task: _Task, base_url: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "task_id": task.task_id,
            "task_status": task.status,
            "task_status_msg": task.fail_message or "" if task.status == "failed" else "",
            "created_at": self._stamp(task.created_ms),
            "updated_at": self._stamp(task.updated_ms),
        }
        if task.status == "succeed":
            data["task_result"] = {
                "images": [
                    {"index": i, "url": f"{base_url}{CONTROL}/images/{task.task_id}/{i}.png"} for i in range(task.n)
                ]
            }
        return data

    def _create(self, body: Any, fault: Fault | None, base_url: str) -> tuple[int, dict[str, Any]]:
        problem = self._validate(body)
        if problem:
            return 400, _envelope(1201, problem)
        now = int(time.time() * 1000)
        task = _Task(task_id=uuid.uuid4().hex[:20], n=int(body["n"]), created_ms=now, updated_ms=now)
        if fault is not None and fault.kind == "fail_task":
            task.fail_message = fault.message or "task failed"
        with self._lock:
            self._tasks[task.task_id] = task
            self._created.append(task.task_id)
            data = self._task_json(task, base_url)
        return 200, _envelope(0, "SUCCEED", data)

    def _advance(self, task_id: str, base_url: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            task = self._tasks.get(task_id)
            if task is None:
                return 404, _envelope(1203, f"task {task_id} not found")
            task.polls += 1
            if task.status in ("submitted", "processing"):
                if task.polls >= self.polls_to_finish:
                    task.status = "failed" if task.fail_message else "succeed"
                else:
                    task.status = "processing"
                task.updated_ms = int(time.time() * 1000)
            return 200, _envelope(0, "SUCCEED", self._task_json(task, base_url))

    def _list(self, base_url: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            return 200, _envelope(0, "SUCCEED", [self._task_json(t, base_url) for t in self._tasks.values()])

    def _control(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        if path == f"{CONTROL}/health":
            return 200, {"ok": True}
        if path == f"{CONTROL}/faults" and method == "POST":
            items = body.get("faults") if isinstance(body, dict) else body
            if not isinstance(items, list):
                return 400, {"error": 'expected {"faults": [...]}'}
            try:
                faults = [Fault.from_json(item) for item in items]
            except (TypeError, ValueError) as exc:
                return 400, {"error": str(exc)}
            self.add_faults(*faults)
            return 200, {"queued": len(faults)}
        if path == f"{CONTROL}/faults" and method == "DELETE":
            self.clear_faults()
            return 200, {"queued": 0}
        if path == f"{CONTROL}/faults" and method == "GET":
            return 200, {"faults": [f.to_json() for f in self.pending_faults()]}
        if path == f"{CONTROL}/requests" and method == "GET":
            return 200, {"requests": [r.to_json() for r in self.requests]}
        if path == f"{CONTROL}/reset" and method == "POST":
            self.reset()
            return 200, {"ok": True}
        if path == f"{CONTROL}/config" and method == "POST" and isinstance(body, dict):
            self.configure(
                polls_to_finish=body.get("polls_to_finish"),
                timestamps_as_strings=body.get("timestamps_as_strings"),
                fast=body.get("fast"),
            )
            return 200, {
                "polls_to_finish": self.polls_to_finish,
                "fast": self.fast,
                "timestamps_as_strings": self.timestamps_as_strings,
            }
        return 404, {"error": f"no control endpoint {method} {path}"}

    def _build_fast_answers(self) -> None:
        now = int(time.time() * 1000)
        create = _envelope(
            0, "SUCCEED", {"task_id": "fast-task", "task_status": "submitted", "created_at": now, "updated_at": now}
        )
        get = _envelope(
            0,
            "SUCCEED",
            {
                "task_id": "fast-task",
                "task_status": "succeed",
                "task_status_msg": "",
                "created_at": now,
                "updated_at": now,
                "task_result": {"images": [{"index": 0, "url": "http://127.0.0.1/x.png"}]},
            },
        )
        self._fast_create = _raw_response(200, json.dumps(create).encode())
        self._fast_get = _raw_response(200, json.dumps(get).encode())


def _raw_response(status: int, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeKling/1.0"
    # Idle keep-alive connections of clients that never close would pin threads forever.
    timeout = 30
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s - %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self) -> None:
        try:
            self._handle()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            # The client gave up (e.g. after its read timeout); nothing to answer.
            self.close_connection = True

    def _handle(self) -> None:
        app = self.server.app
        raw = self._read_body()
        url = urlsplit(self.path)
        path = url.path
        if app.fast and not path.startswith(CONTROL):
            self.wfile.write(app._fast_create if self.command == "POST" else app._fast_get)
            return
        if path.startswith(f"{CONTROL}/images/"):
            self._serve_image(path)
            return
        body: Any = None
        body_error = False
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body_error = True
        if path.startswith(CONTROL):
            status, payload = app._control(self.command, path, body)
            self._send_json(status, payload)
            return
        kind: Literal["create", "get", "other"] = "other"
        if self.command == "POST" and path.rstrip("/") == CREATE_PATH:
            kind = "create"
        elif self.command == "GET" and path.startswith(CREATE_PATH):
            kind = "get"
        fault = app._take_fault(kind)
        authorization = self.headers.get("Authorization")
        app._record(
            RecordedRequest(
                method=self.command,
                path=path,
                query=url.query,
                authorization=authorization,
                user_agent=self.headers.get("User-Agent"),
                body=body,
                raw_body=raw,
                fault=fault.kind if fault else None,
            )
        )
        if fault is not None and fault.kind == "delay" and app.wait(fault.seconds):
            self._drop()
            return
        if fault is not None and fault.kind in ("status", "drop") and not fault.process_first:
            self._apply(fault, authorization)
            return
        status, payload = self._api(kind, path, url.query, body, body_error, fault, authorization)
        if fault is not None and fault.kind in ("status", "drop"):
            self._apply(fault, authorization)
            return
        self._send_json(status, payload)

    def _api(
        self,
        kind: str,
        path: str,
        query: str,
        body: Any,
        body_error: bool,
        fault: Fault | None,
        authorization: str | None,
    ) -> tuple[int, dict[str, Any]]:
        app = self.server.app
        denied = app._check_auth(authorization)
        if denied is not None:
            return denied
        base_url = f"http://{self.headers.get('Host') or f'{app.host}:{app.port}'}"
        if kind == "create":
            if body_error:
                return 400, _envelope(1200, "request body is not valid JSON")
            return app._create(body, fault, base_url)
        if kind == "get":
            rest = path[len(CREATE_PATH) :].strip("/")
            if not rest:
                parse_qs(query)  # paging parameters are accepted and ignored
                return app._list(base_url)
            if "/" in rest:
                return 404, _envelope(1203, f"no such resource {path}")
            return app._advance(rest, base_url)
        if path.rstrip("/") == CREATE_PATH:
            return 405, _envelope(1202, f"method {self.command} not allowed")
        return 404, _envelope(1203, f"no such resource {path}")

    def _apply(self, fault: Fault, authorization: str | None) -> None:
        if fault.kind == "drop":
            self._drop()
            return
        headers = list(fault.headers)
        if fault.text is not None:
            self._send(fault.status_code, fault.text.encode(), fault.content_type, headers)
            return
        payload = fault.json_body if fault.json_body is not None else _envelope(5000, "fault")
        if fault.echo_authorization and isinstance(payload, dict):
            payload = {**payload, "message": f"{payload.get('message', '')} (received {authorization})"}
        self._send(fault.status_code, json.dumps(payload).encode(), fault.content_type, headers)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _serve_image(self, path: str) -> None:
        parts = path[len(f"{CONTROL}/images/") :].split("/")
        if len(parts) != 2 or not parts[1].endswith(".png") or not parts[1][:-4].isdigit():
            self._send_json(404, {"error": "no such image"})
            return
        index = int(parts[1][:-4])
        colour = ((index * 70) % 256, (index * 130 + 60) % 256, 180)
        self._send(200, png_bytes(16, 16, colour), "image/png", [])

    def _send_json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json", [])

    def _send(self, status: int, body: bytes, content_type: str, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def running_fake_server(**kwargs: Any) -> Iterator[FakeKlingServer]:
    """Start a ``FakeKlingServer`` in a thread for the ``with`` block; its ``base_url`` is ready."""
    server = FakeKlingServer(**kwargs)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.fake_server", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--spec",
        type=Path,
        default=None,
        help=f"augmented OpenAPI YAML (default {DEFAULT_SPEC} if present, else built-in schema)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: pick a free one)")
    parser.add_argument(
        "--api-key",
        action="append",
        dest="api_keys",
        metavar="KEY",
        help="accepted bearer token (repeatable; default: any non-empty token)",
    )
    parser.add_argument("--polls", type=int, default=2, help="GETs until a task finishes (default 2)")
    parser.add_argument("--fast", action="store_true", help="benchmark mode: fixed answers, no validation")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        server = FakeKlingServer(
            spec_path=args.spec,
            host=args.host,
            port=args.port,
            api_keys=args.api_keys,
            polls_to_finish=args.polls,
            fast=args.fast,
        )
        server.start()
    except (OSError, ValueError) as exc:
        print(f"fake server: error: {exc}", file=sys.stderr)
        return 2
    print(f"fake Kling server listening on {server.base_url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
