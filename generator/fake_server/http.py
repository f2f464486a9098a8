"""Fake server: the HTTP side, a standard-library server bound to loopback only.

Input: raw HTTP requests. Output: answers from ``state``, faults applied,
media served. Hardened against malformed and oversized requests: every
failure to read, parse or handle a request is answered with a JSON error
(400, 411, 413 or 500) and the server keeps serving; bodies are capped; the
listen backlog holds hundreds of waiting clients; media URLs are built from the
address the server is bound to, never from the request's ``Host`` header.
"""

from __future__ import annotations

import contextlib
import http
import http.server
import ipaddress
import json
import logging
import socket
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .faults import Fault, envelope
from .media import CONTENT_TYPES, media_bytes
from .spec import FakeApi, load_api
from .state import CONTROL, MAX_FAULTS, MAX_RECORDED_BODY, RecordedRequest, RequestKind, ServerState

logger = logging.getLogger("generator.fake_server")

DEFAULT_MAX_BODY = 32 * 1024 * 1024
BACKLOG = 1024
_MEDIA_PREFIX = f"{CONTROL}/media/"


class _Encoded:
    """A JSON answer already encoded."""

    def __init__(self, data: bytes) -> None:
        self.data = data


class BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = BACKLOG
    app: FakeKlingServer


class FakeKlingServer:
    """The fake API in a background thread; ``with FakeKlingServer(spec_path=...) as server: server.base_url``.

    Control endpoints (no auth)::

        POST   /__fake__/faults     {"faults": [<Fault.to_json()>, ...]} -> queue them
        GET    /__fake__/faults     the queued faults
        DELETE /__fake__/faults     drop queued faults
        GET    /__fake__/requests   {"requests": [...]} the recorded requests (the last 1000; bodies up to 16 KB)
        POST   /__fake__/reset      forget faults, requests and tasks
        POST   /__fake__/config     {"polls_to_finish": 2, "timestamps_as_strings": false}
        GET    /__fake__/health     {"ok": true}
        GET    /__fake__/media/<task_id>/<index>.<png|mp4|mp3|wav>   a result file
    """

    def __init__(
        self,
        *,
        spec_path: str | Path | None = None,
        api: FakeApi | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        api_keys: Sequence[str] | None = None,
        polls_to_finish: int = 2,
        timestamps_as_strings: bool = False,
        max_body: int = DEFAULT_MAX_BODY,
    ) -> None:
        if not _is_loopback(host):
            raise ValueError(f"the fake server only binds to loopback addresses, not {host!r}")
        if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body < 1:
            raise ValueError(f"max_body must be a number of bytes >= 1, got {max_body!r}")
        if api is None:
            if spec_path is None:
                raise ValueError("the fake server needs spec_path (an augmented spec) or api")
            api = load_api(spec_path)
        self.state = ServerState(
            api,
            api_keys=frozenset(api_keys) if api_keys is not None else None,
            polls_to_finish=polls_to_finish,
            timestamps_as_strings=timestamps_as_strings,
        )
        self.host = host
        self.max_body = max_body
        self._requested_port = port
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------

    def start(self) -> FakeKlingServer:
        if self._httpd is not None:
            return self
        self._stopping.clear()
        httpd = _HTTPServer((self.host, self._requested_port), _Handler)
        httpd.app = self
        self._httpd = httpd
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

    # -- test helpers -----------------------------------------------------------

    def add_faults(self, *faults: Fault) -> None:
        """Queue faults; each is used once, by the first API request it matches (at most ``MAX_FAULTS`` queued)."""
        with self.state.lock:
            if len(self.state.faults) + len(faults) > MAX_FAULTS:
                raise ValueError(f"at most {MAX_FAULTS} faults can be queued ({len(self.state.faults)} are)")
            self.state.faults.extend(faults)

    def clear_faults(self) -> None:
        with self.state.lock:
            self.state.faults.clear()

    def pending_faults(self) -> list[Fault]:
        with self.state.lock:
            return list(self.state.faults)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self.state.lock:
            return list(self.state.recorded)

    def create_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.is_create]

    def created_task_ids(self) -> list[str]:
        """Ids of the tasks actually created (each one a paid task on the real API), in order."""
        with self.state.lock:
            return list(self.state.created)

    def reset(self) -> None:
        self.state.reset()

    def configure(self, *, polls_to_finish: int | None = None, timestamps_as_strings: bool | None = None) -> None:
        options: dict[str, object] = {}
        if polls_to_finish is not None:
            options["polls_to_finish"] = polls_to_finish
        if timestamps_as_strings is not None:
            options["timestamps_as_strings"] = timestamps_as_strings
        self.state.configure(options)

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when cut short because the server is stopping."""
        return self._stopping.wait(seconds)

    # -- control endpoints ------------------------------------------------------

    def control(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        state = self.state
        route = path[len(CONTROL) :]
        if route == "/health":
            return 200, {"ok": True}
        if route == "/faults" and method == "POST":
            items = body.get("faults") if isinstance(body, dict) else body
            if not isinstance(items, list):
                return 400, {"error": 'expected {"faults": [...]}'}
            faults = [Fault.from_json(item) for item in items]
            self.add_faults(*faults)
            return 200, {"queued": len(faults)}
        if route == "/faults" and method == "DELETE":
            self.clear_faults()
            return 200, {"queued": 0}
        if route == "/faults" and method == "GET":
            return 200, {"faults": [f.to_json() for f in self.pending_faults()]}
        if route == "/requests" and method == "GET":
            # Encoded one record at a time, so only one parsed body is held at once.
            listed = ", ".join(json.dumps(r.to_json()) for r in self.requests)
            return 200, _Encoded(f'{{"requests": [{listed}]}}'.encode())
        if route == "/reset" and method == "POST":
            state.reset()
            return 200, {"ok": True}
        if route == "/config" and method == "POST":
            if not isinstance(body, dict):
                return 400, {"error": "expected a JSON object"}
            return 200, state.configure(body)
        return 404, {"error": f"no control endpoint {method} {path[:200]}"}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeKling/1.0"
    # Idle keep-alive connections of clients that never close would pin threads forever.
    timeout = 30
    # Headers and body go out in two writes: with Nagle's algorithm the second waits for the client's
    # delayed ACK (40 ms per answer on Linux).
    disable_nagle_algorithm = True
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s - %s", self.address_string(), format % args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a garbage request line, an unknown method, a line or headers too long)
        answered like every other error: a JSON envelope, with a status line even to an HTTP/0.9-looking line."""
        if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
            self.request_version = "HTTP/1.0"
        self.close_connection = True
        phrase = http.HTTPStatus(code).phrase if code in http.HTTPStatus._value2member_map_ else "Error"
        detail = " ".join(str(message or phrase).split())[:200]
        body = json.dumps(envelope(1200 if code < 500 else 5000, detail)).encode()
        with contextlib.suppress(OSError):
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if getattr(self, "command", "") != "HEAD":
                self.wfile.write(body)

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        try:
            self._handle()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True  # the client gave up; nothing to answer
        except BadRequest as exc:
            self.close_connection = True
            self._send_json(exc.status, envelope(1200 if exc.status < 500 else 5000, exc.message))
        except Exception:  # the catch-all: one bad request never stops the server
            logger.exception("fake server: error handling %s %s", self.command, self.path[:200])
            self.close_connection = True
            with contextlib.suppress(OSError):
                self._send_json(500, envelope(5000, "the fake server failed to handle this request"))

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise BadRequest(411, "chunked request bodies are not supported; send Content-Length")
        text = (self.headers.get("Content-Length") or "0").strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 15:
            raise BadRequest(400, f"Content-Length must be a number of bytes, got {text[:40]!r}")
        length = int(text)
        if length > self.server.app.max_body:
            raise BadRequest(413, f"request body of {length} bytes is over the limit of {self.server.app.max_body}")
        return self.rfile.read(length) if length else b""

    def _media_base(self) -> str:
        host, port = self.server.server_address[:2]
        host = str(host)
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def _handle(self) -> None:
        app = self.server.app
        raw = self._read_body()
        url = urlsplit(self.path)
        path = url.path
        if path.startswith(_MEDIA_PREFIX) and self.command == "GET":
            self._serve_media(path)
            return
        body: Any = None
        body_error = None
        if raw:
            try:
                body = json.loads(raw)
            except (ValueError, RecursionError) as exc:
                body_error = f"request body is not valid JSON: {type(exc).__name__}"
        if path.startswith(CONTROL):
            if body_error:
                raise BadRequest(400, body_error)
            try:
                status, payload = app.control(self.command, path, body)
            except ValueError as exc:
                status, payload = 400, {"error": str(exc)[:500]}
            self._send_json(status, payload)
            return
        api = app.state.api
        kind: RequestKind = "other"
        if api.create_route(self.command, path):
            kind = "create"
        elif api.get_route(self.command, path) or api.list_route(self.command, path):
            kind = "get"
        fault = app.state.take_fault(kind)
        authorization = self.headers.get("Authorization")
        app.state.record(
            RecordedRequest(
                method=self.command,
                path=path,
                query=url.query,
                authorization=authorization,
                user_agent=self.headers.get("User-Agent"),
                raw_body=raw[:MAX_RECORDED_BODY],
                body_size=len(raw),
                fault=fault.kind if fault else None,
                kind=kind,
            )
        )
        if fault is not None and fault.kind == "delay" and app.wait(fault.seconds):
            self._drop()
            return
        if fault is not None and fault.kind in ("status", "drop") and not fault.process_first:
            self._apply(fault, authorization)
            return
        status, payload = self._api(path, body, body_error, fault, authorization)
        if fault is not None and fault.kind in ("status", "drop"):
            self._apply(fault, authorization)
            return
        self._send_json(status, payload)

    def _api(
        self, path: str, body: Any, body_error: str | None, fault: Fault | None, authorization: str | None
    ) -> tuple[int, dict[str, Any]]:
        state = self.server.app.state
        denied = state.check_auth(authorization)
        if denied is not None:
            return denied
        media_base = self._media_base()
        create = state.api.create_route(self.command, path)
        if create is not None:
            if body_error:
                return 400, envelope(1200, body_error)
            return state.create(create, body, fault, media_base)
        found = state.api.get_route(self.command, path)
        if found is not None:
            return state.advance(found[0], found[1], media_base)
        listing = state.api.list_route(self.command, path)
        if listing is not None:
            return state.listing(listing, media_base)
        return 404, envelope(1203, f"no such resource {path[:200]}")

    def _apply(self, fault: Fault, authorization: str | None) -> None:
        if fault.kind == "drop":
            self._drop()
            return
        headers = list(fault.headers)
        if fault.text is not None:
            self._send(fault.status_code, fault.text.encode(), fault.content_type, headers)
            return
        payload = fault.json_body if fault.json_body is not None else envelope(5000, "fault")
        if fault.echo_authorization and isinstance(payload, dict):
            payload = {**payload, "message": f"{payload.get('message', '')} (received {authorization})"}
        self._send(fault.status_code, json.dumps(payload).encode(), fault.content_type, headers)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _serve_media(self, path: str) -> None:
        parts = path[len(_MEDIA_PREFIX) :].split("/")
        name = parts[1] if len(parts) == 2 else ""
        stem, _, extension = name.partition(".")
        if len(stem) > 6 or not stem.isdigit() or extension not in CONTENT_TYPES:
            self._send_json(404, {"error": "no such media file"})
            return
        if not self.server.app.state.media(parts[0], int(stem), extension):
            self._send_json(404, {"error": "no such media file"})
            return
        self._send(200, media_bytes(extension, int(stem)), CONTENT_TYPES[extension], [])

    def _send_json(self, status: int, payload: Any) -> None:
        body = payload.data if isinstance(payload, _Encoded) else json.dumps(payload).encode()
        self._send(status, body, "application/json", [])

    def _send(self, status: int, body: bytes, content_type: str, headers: list[tuple[str, str]]) -> None:
        bodiless = status in (204, 304)  # these answers have no body (nor Content-Length) by definition
        body = b"" if bodiless else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if not bodiless:
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def running_fake_server(**kwargs: Any) -> Iterator[FakeKlingServer]:
    """Start a ``FakeKlingServer`` for the ``with`` block; its ``base_url`` is ready."""
    with FakeKlingServer(**kwargs) as server:
        yield server
