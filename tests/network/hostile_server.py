"""Test support for ``tests/network``: a hostile HTTP server on 127.0.0.1, written on raw asyncio streams.

Stage: tests (no pipeline stage; it attacks the generated client's runtime). Input: one HTTP request
per connection, whose path starts with ``/<scenario>/`` (the client's ``base_url`` carries the
scenario, so the generated methods append their own paths behind it). Output: what the scenario does:
it echoes the caller's API key into every field of an error, sends decompression bombs, drips one byte
every few seconds, hangs, nests JSON 100,000 levels deep or breaks the protocol.

Bounded on its own side too: a request head over 64 KB or a body over 1 MB is cut off, and every
connection is closed after ``MAX_CONNECTION_SECONDS`` whatever the client does, so a client that fails
to give up ends its test as a failed time assertion, never as a hang. Runs in a daemon thread with its
own event loop (``HostileServer().start()``); ``python -m tests.network.hostile_server`` serves it
alone, for trying a client by hand.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import json
import threading
import time
import zlib
from collections.abc import Awaitable, Callable

MAX_CONNECTION_SECONDS = 30.0
DRIP_SECONDS = 2.0
BOMB_BYTES = 1 << 30  # what the compression bombs expand to
BIG_PLAIN_BYTES = 60 * 1024 * 1024  # over the client's default cap of 50 MB
NESTING = 100_000
_MAX_HEAD = 64 * 1024
_MAX_BODY = 1024 * 1024


class Request:
    """The parts of a request the scenarios look at."""

    def __init__(self, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body

    @property
    def token(self) -> str:
        """The API key the client sent (``Authorization: Bearer <key>``), to echo back."""
        value = self.headers.get("authorization", "")
        return value[7:].strip() if value.lower().startswith("bearer ") else value


Handler = Callable[[Request, asyncio.StreamWriter], Awaitable[None]]
SCENARIOS: dict[str, Handler] = {}


def scenario(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        SCENARIOS[name] = handler
        return handler

    return register


# -- building answers ----------------------------------------------------------------------------


def head(status: int, headers: list[tuple[str, str]], reason: str = "Whatever") -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}", *(f"{k}: {v}" for k, v in headers), "Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1")


def answer(
    status: int,
    body: bytes,
    headers: list[tuple[str, str]] | None = None,
    *,
    reason: str = "Whatever",
    content_type: str = "application/json",
) -> bytes:
    all_headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *(headers or [])]
    return head(status, all_headers, reason) + body


def envelope(code: int, message: str, request_id: str = "req-1", data: object = None) -> bytes:
    return json.dumps({"code": code, "message": message, "request_id": request_id, "data": data}).encode()


def task(status: str = "processing", task_id: str = "t-1", message: str = "") -> dict[str, object]:
    return {"task_id": task_id, "task_status": status, "task_status_msg": message, "created_at": 1, "updated_at": 1}


async def send(writer: asyncio.StreamWriter, data: bytes, chunk: int = 256 * 1024) -> None:
    for start in range(0, len(data), chunk):
        writer.write(data[start : start + chunk])
        await writer.drain()


async def drip(writer: asyncio.StreamWriter, data: bytes, every: float = DRIP_SECONDS) -> None:
    for i in range(len(data)):
        writer.write(data[i : i + 1])
        await writer.drain()
        await asyncio.sleep(every)


async def forever() -> None:
    await asyncio.sleep(MAX_CONNECTION_SECONDS * 2)  # the connection guard ends it first


# -- bombs, built once per process ---------------------------------------------------------------


@functools.cache
def gzip_bomb(wbits: int = 31) -> bytes:
    """1 GiB of zeros, compressed in one stream (gzip for wbits 31, zlib "deflate" for 15): about 1 MB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    zeros = bytes(1 << 20)
    parts = [packer.compress(zeros) for _ in range(BOMB_BYTES >> 20)]
    parts.append(packer.flush())
    return b"".join(parts)


@functools.cache
def double_gzip_bomb() -> bytes:
    """The 1 GiB bomb gzipped again, for ``Content-Encoding: gzip, gzip`` (a few KB on the wire)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(gzip_bomb()) + packer.flush()


@functools.cache
def gzip_members_bomb() -> bytes:
    """1,024 concatenated gzip members of 1 MiB of zeros each (valid gzip: members are concatenated)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    member = packer.compress(bytes(1 << 20)) + packer.flush()
    return member * (BOMB_BYTES >> 20)


def nested(depth: int = NESTING, kind: str = "list") -> bytes:
    if kind == "list":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


# -- scenarios: the API key echoed back ------------------------------------------------------------

# Put the key where a naive "cut to N characters, then redact" would cut it in half.
_PAD = 290


@scenario("echo-id-body")
async def _echo_id_body(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, answer(401, envelope(1002, "Authorization is invalid", request_id=req.token)))


@scenario("echo-id-header")
async def _echo_id_header(req: Request, w: asyncio.StreamWriter) -> None:
    body = json.dumps({"code": 1002, "message": "Authorization is invalid", "data": None}).encode()
    await send(w, answer(401, body, [("x-request-id", req.token)]))


@scenario("echo-id-header-text")
async def _echo_id_header_text(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, answer(401, b"denied", [("x-request-id", f"r-{req.token}")], content_type="text/plain"))


@scenario("echo-dict-key")
async def _echo_dict_key(req: Request, w: asyncio.StreamWriter) -> None:
    k = req.token
    data = {k: "value", "nested": [{k: {k: 1}}, {"list": [k, {f"Bearer {k}": k}]}]}
    await send(w, answer(401, envelope(1002, "Authorization is invalid", data=data)))


@scenario("echo-everywhere")
async def _echo_everywhere(req: Request, w: asyncio.StreamWriter) -> None:
    k = req.token
    body = {
        "code": 1002,
        "message": f"invalid key {k}",
        "request_id": f"req-{k}",
        "error": {"message": k, k: k},
        "data": {k: [k, {f"Bearer {k}": k}], "auth": f"Bearer {k}"},
    }
    headers = [
        ("x-request-id", f"hdr-{k}"),
        ("WWW-Authenticate", f'Bearer realm="api", error="invalid_token", token="{k}"'),
        ("Set-Cookie", f"session={k}; HttpOnly"),
        ("X-Echo", f"Bearer {k}"),
        (f"X-{k}", k),
    ]
    await send(w, answer(401, json.dumps(body).encode(), headers, reason=f"Bad key {k}"))


@scenario("echo-truncated")
async def _echo_truncated(req: Request, w: asyncio.StreamWriter) -> None:
    k = req.token
    body = {"code": 1002, "message": "m" * _PAD + k, "request_id": "r" * 190 + k, "data": {"x": "d" * _PAD + k}}
    await send(w, answer(401, json.dumps(body).encode(), [("x-request-id", "h" * 190 + k)]))


@scenario("echo-truncated-code")
async def _echo_truncated_code(req: Request, w: asyncio.StreamWriter) -> None:
    body = {"code": "c" * 30 + req.token, "message": "", "request_id": ""}
    await send(w, answer(200, json.dumps(body).encode(), reason="r" * _PAD + req.token))


@scenario("echo-reason")
async def _echo_reason(req: Request, w: asyncio.StreamWriter) -> None:
    body = json.dumps({"code": 1002, "request_id": "r"}).encode()
    await send(w, answer(401, body, reason="x" * 280 + req.token))


@scenario("echo-text")
async def _echo_text(req: Request, w: asyncio.StreamWriter) -> None:
    text = f"{'t' * _PAD}denied for {req.token}".encode()
    await send(w, answer(401, text, content_type="text/plain"))


@scenario("echo-200-code")
async def _echo_200_code(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, answer(200, envelope(1002, f"key {req.token} is not valid", request_id=req.token)))


@scenario("echo-status-line")
async def _echo_status_line(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, f"HTTP/1.1 4O1 {'s' * 170}{req.token}\r\n\r\n".encode())


@scenario("echo-header-line")
async def _echo_header_line(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, f"HTTP/1.1 401 No\r\nX-Key {'h' * 170}{req.token}\r\n\r\n".encode())


@scenario("echo-encoding")
async def _echo_encoding(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, answer(200, envelope(0, "ok"), [("Content-Encoding", req.token)]))


@scenario("echo-task-failed")
async def _echo_task_failed(req: Request, w: asyncio.StreamWriter) -> None:
    body = envelope(0, "SUCCEED", data=task("failed", message=f"rejected: {req.token}"))
    await send(w, answer(200, body))


@scenario("echo-task-status")
async def _echo_task_status(req: Request, w: asyncio.StreamWriter) -> None:
    body = envelope(0, "SUCCEED", data=task(f"queued-{req.token}", message=f"queued for {req.token}"))
    await send(w, answer(200, body))


# -- scenarios: size ---------------------------------------------------------------------------------


@scenario("gzip-bomb")
async def _gzip_bomb(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, answer(200, gzip_bomb(), [("Content-Encoding", "gzip")]))


@scenario("gzip-gzip-bomb")
async def _gzip_gzip_bomb(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, answer(200, double_gzip_bomb(), [("Content-Encoding", "gzip, gzip")]))


@scenario("deflate-bomb")
async def _deflate_bomb(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, answer(200, gzip_bomb(15), [("Content-Encoding", "deflate")]))


@scenario("gzip-members-bomb")
async def _gzip_members_bomb(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, answer(200, gzip_members_bomb(), [("Content-Encoding", "gzip")]))


@scenario("gzip-bomb-401")
async def _gzip_bomb_401(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, answer(401, gzip_bomb(), [("Content-Encoding", "gzip")]))


@scenario("big-plain")
async def _big_plain(req: Request, w: asyncio.StreamWriter) -> None:
    w.write(head(200, [("Content-Type", "application/json"), ("Content-Length", str(BIG_PLAIN_BYTES))]))
    block = b" " * (1 << 20)
    for _ in range(BIG_PLAIN_BYTES >> 20):
        w.write(block)
        await w.drain()


@scenario("endless-chunked")
async def _endless_chunked(req: Request, w: asyncio.StreamWriter) -> None:
    w.write(head(200, [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")]))
    block = b" " * 65536
    chunk = f"{len(block):x}\r\n".encode() + block + b"\r\n"
    while True:
        w.write(chunk)
        await w.drain()


@scenario("huge-content-length")
async def _huge_content_length(req: Request, w: asyncio.StreamWriter) -> None:
    w.write(head(200, [("Content-Type", "application/json"), ("Content-Length", str(10**12))]))
    block = b" " * (1 << 20)
    while True:
        w.write(block)
        await w.drain()


@scenario("ok")
async def _ok(req: Request, w: asyncio.StreamWriter) -> None:
    """A valid answer of about 2 KB (for the configurable cap)."""
    body = envelope(0, "SUCCEED", data=task("succeed", message="x" * 2000))
    await send(w, answer(200, body))


# -- scenarios: time ---------------------------------------------------------------------------------


def _drips(suffix: str, every: float) -> None:
    """``drip-body``, ``drip-headers`` and ``drip-chunked``: one byte (or one 1-byte chunk) every ``every`` s."""

    async def body(req: Request, w: asyncio.StreamWriter) -> None:
        data = envelope(0, "SUCCEED", data=task())
        await send(w, head(200, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]))
        await drip(w, data, every)

    async def headers(req: Request, w: asyncio.StreamWriter) -> None:
        await drip(w, answer(200, envelope(0, "SUCCEED", data=task())), every)

    async def chunked(req: Request, w: asyncio.StreamWriter) -> None:
        await send(w, head(200, [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")]))
        while True:
            w.write(b"1\r\n \r\n")
            await w.drain()
            await asyncio.sleep(every)

    SCENARIOS[f"drip-body{suffix}"] = body
    SCENARIOS[f"drip-headers{suffix}"] = headers
    SCENARIOS[f"drip-chunked{suffix}"] = chunked


# Every 2 s (the server) and every 0.5 s (well inside any read timeout: only a deadline stops it).
_drips("", DRIP_SECONDS)
_drips("-fast", 0.5)


@scenario("endless-1xx")
async def _endless_1xx(req: Request, w: asyncio.StreamWriter) -> None:
    while True:
        w.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        await w.drain()
        await asyncio.sleep(0.5)


@scenario("hang")
async def _hang(req: Request, w: asyncio.StreamWriter) -> None:
    await forever()


@scenario("hang-body")
async def _hang_body(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, head(200, [("Content-Type", "application/json"), ("Content-Length", "100")]))
    await forever()


@scenario("slow-processing")
async def _slow_processing(req: Request, w: asyncio.StreamWriter) -> None:
    """Every poll answered validly ("processing"), but only after 2.5 s."""
    await asyncio.sleep(2.5)
    await send(w, answer(200, envelope(0, "SUCCEED", data=task())))


@scenario("processing")
async def _processing(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, answer(200, envelope(0, "SUCCEED", data=task())))


# -- scenarios: bodies that do not decode ----------------------------------------------------------


def _static(name: str, status: int, body: bytes, headers: list[tuple[str, str]] | None = None, **kw: str) -> None:
    async def handler(req: Request, w: asyncio.StreamWriter) -> None:
        await send(w, answer(status, body, headers, **kw))

    SCENARIOS[name] = handler


_DEEP_ENVELOPE = b'{"code":0,"message":"ok","request_id":"r","data":' + nested() + b"}"
_static("nested-list", 200, nested())
_static("nested-object", 200, nested(kind="object"))
_static("nested-envelope", 200, _DEEP_ENVELOPE)
_static("nested-401", 401, nested(kind="object"))
for _depth in (500, 900, 990, 5000):
    _task = b'{"task_id":"t","task_status":"processing","task_result":{"images":' + nested(_depth) + b"}}"
    _static(f"nested-data-{_depth}", 200, b'{"code":0,"message":"ok","request_id":"r","data":' + _task + b"}")
_static("nested-401-900", 401, b'{"code":1002,"message":"no","request_id":"r","data":' + nested(900) + b"}")
_static("huge-int", 200, b'{"code":' + b"7" * 5000 + b',"message":"x","request_id":"r","data":null}')
_static("bad-utf8", 200, b'{"code":0,"message":"\xff\xfe","request_id":"r","data":null}')
_static("bad-utf8-401", 401, b"\xff\xfe\xfd not json", content_type="text/plain")
_static("charset-idna", 401, b"bad key", content_type="text/plain; charset=idna")
_static("charset-idna-200", 200, b"not json", content_type="text/plain; charset=idna")
_static("charset-punycode", 401, b"\xff" + b"a" * 100_000, content_type="text/plain; charset=punycode")
_static("corrupt-gzip", 200, b"this is not gzip at all", [("Content-Encoding", "gzip")])
_static("corrupt-deflate", 200, b"\x00\x01\x02 not deflate", [("Content-Encoding", "deflate")])
_static("truncated-gzip", 200, zlib.compress(envelope(0, "SUCCEED", data=task()), wbits=31)[:30],
        [("Content-Encoding", "gzip")])  # fmt: skip
_static("unknown-encoding", 200, envelope(0, "ok"), [("Content-Encoding", "br")])
_static(
    "many-layers", 200, zlib.compress(envelope(0, "ok"), wbits=31), [("Content-Encoding", ", ".join(["gzip"] * 1000))]
)
_static("not-json", 200, b"<html>ok</html>", content_type="text/html")
_static("json-array", 200, b"[1, 2, 3]")
_static("wrong-types", 200, envelope(0, "SUCCEED", data={"task_id": ["x"], "task_status": {"a": 1}}))
_static("empty-200", 200, b"")
_static("nan-code", 200, b'{"code": NaN, "message": "x", "request_id": "r", "data": null}')
_static("lone-surrogate", 200, b'{"code": 0, "message": "\\ud800", "request_id": "\\udfff", "data": "\\ud800"}')


@scenario("short-body")
async def _short_body(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, head(200, [("Content-Type", "application/json"), ("Content-Length", "1000")]) + b'{"code":')


@scenario("bad-chunked")
async def _bad_chunked(req: Request, w: asyncio.StreamWriter) -> None:
    await send(w, head(200, [("Transfer-Encoding", "chunked")]) + b"zz\r\nnot a chunk\r\n")


# -- the server ----------------------------------------------------------------------------------------


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        return None
    lines = raw.decode("latin-1").split("\r\n")
    method, _, rest = lines[0].partition(" ")
    path = rest.rpartition(" ")[0] or rest
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    length_text = headers.get("content-length", "0")
    length = min(int(length_text), _MAX_BODY) if length_text.isdigit() and len(length_text) < 12 else 0
    body = await reader.readexactly(length) if length else b""
    return Request(method, path, headers, body)


class HostileServer:
    """``HostileServer().start()``; ``url("drip-body")`` is a ``base_url`` for that scenario."""

    def __init__(self) -> None:
        self.hits: collections.Counter[str] = collections.Counter()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="hostile-server", daemon=True)
        self._server: asyncio.Server | None = None
        self.port = 0

    def start(self) -> HostileServer:
        self._thread.start()
        started = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        self.port = started.result(timeout=30)
        return self

    async def _start(self) -> int:
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0, limit=_MAX_HEAD, backlog=512)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    def url(self, name: str) -> str:
        if name not in SCENARIOS:
            raise KeyError(f"no hostile scenario {name!r}")
        return f"http://127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for pending in asyncio.all_tasks():
                if pending is not asyncio.current_task():
                    pending.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await asyncio.wait_for(self._serve(reader, writer), MAX_CONNECTION_SECONDS)
        except (TimeoutError, ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await _read_request(reader)
        if request is None:
            return
        name = request.path.lstrip("/").split("/", 1)[0]
        handler = SCENARIOS.get(name)
        if handler is None:
            await send(writer, answer(404, envelope(1203, f"no scenario {name[:80]!r}")))
            return
        self.hits[name] += 1
        await handler(request, writer)


def main() -> None:
    server = HostileServer().start()
    print(f"hostile server on http://127.0.0.1:{server.port}/<scenario>: {', '.join(sorted(SCENARIOS))}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
