"""Benchmark 7: the fake server under load: 200 concurrent clients, 5,000 requests, errors, latency, memory.

Input: a spec for the fake server (the runtime fixture by default), the number of concurrent clients
and of requests. The server runs as ``python -m generator serve`` in its own process (so it gets a
core of its own on a 2-core machine and its memory is its own); the load comes from one asyncio
process of raw-socket clients, each request on a fresh connection (``Connection: close``, the hard
case for the listen backlog; ``--keep-alive`` gives each client one connection instead), in the mix a real client makes: a create, then polls of the task it
made. Output: the error count (refused or reset connections, missing or malformed answers, unexpected
statuses), p50/p99/max latency (connect to last byte), throughput, and the server's resident memory
at start, at the end and at its peak (``VmHWM``). No figure is judged here except errors; tests assert
zero errors and bounded memory only (the machines are noisy).

``python -m bench.fake_server_load [--clients 200] [--requests 5000] [--keep-alive] [--json]``; also benchmark 7 of
``python -m bench`` and ``make bench-load``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ._util import PYTHON, ROOT, Config, Row, Section, log

NUMBER = 7
TITLE = "Fake server under load (200 concurrent clients, 5,000 requests)"
SPEC = ROOT / "tests" / "runtime" / "fixtures" / "openapi.fixture.yaml"
KEY = "sk-load-0123456789"
CREATE = "/kling/v1/images/generations"
BODY = json.dumps({"model_name": "kling-v1", "prompt": "a lighthouse at dusk", "n": 1}).encode()
REQUEST_TIMEOUT = 30.0


@dataclass
class LoadResult:
    clients: int
    requests: int
    keep_alive: bool = False
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    throughput: float = 0.0
    server_rss_start_mb: float = 0.0
    server_rss_end_mb: float = 0.0
    server_peak_mb: float = 0.0


def _memory_kb(pid: int, name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


@contextlib.contextmanager
def serve(spec: Path) -> Iterator[tuple[int, int]]:
    """The fake server in a child process; yields ``(port, pid)``."""
    proc = subprocess.Popen(
        [PYTHON, "-m", "generator", "serve", "--spec", str(spec), "--port", "0", "--api-key", KEY],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    guard = threading.Timer(60, proc.kill)
    guard.start()
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        guard.cancel()
        if "listening on" not in line:
            raise RuntimeError(f"the fake server did not start: {line!r}")
        yield int(line.strip().rsplit(":", 1)[1]), proc.pid
    finally:
        guard.cancel()
        proc.kill()
        proc.wait(timeout=30)


def _request(method: str, path: str, body: bytes = b"", *, keep_alive: bool = False) -> bytes:
    connection = "keep-alive" if keep_alive else "close"
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {KEY}\r\nConnection: {connection}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def _status(head: bytes) -> int:
    if not head.startswith(b"HTTP/1.1 "):
        raise ValueError(f"no HTTP answer ({head[:20]!r})")
    return int(head[9:12])


async def _one(port: int, data: bytes) -> tuple[int, bytes]:
    """Send one request on a fresh connection; the status and body of the answer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        await writer.drain()
        raw = await reader.read()  # the server closes after answering
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        raise ValueError(f"no HTTP answer ({len(raw)} bytes)")
    return _status(head), body


class _Connection:
    """One keep-alive connection: requests one after the other, answers read by Content-Length."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def send(self, data: bytes) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self.streams
        try:
            writer.write(data)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                (int(line[15:]) for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:")), 0
            )
            return _status(head), await reader.readexactly(length)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def _load(port: int, clients: int, total: int, keep_alive: bool = False) -> tuple[list[float], dict[str, int]]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    remaining = [total]

    def count(kind: str) -> None:
        errors[kind] = errors.get(kind, 0) + 1

    async def timed(connection: _Connection, data: bytes, expect: int) -> bytes | None:
        started = time.perf_counter()
        try:
            sending = connection.send(data) if keep_alive else _one(port, data)
            status, body = await asyncio.wait_for(sending, REQUEST_TIMEOUT)
        except (OSError, ValueError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
            count(type(exc).__name__)
            return None
        latencies.append(time.perf_counter() - started)
        if status != expect:
            count(f"HTTP {status}")
            return None
        return body

    async def client() -> None:
        connection = _Connection(port)
        task_id: str | None = None
        try:
            await requests(connection, task_id)
        finally:
            connection.close()

    async def requests(connection: _Connection, task_id: str | None) -> None:
        while remaining[0] > 0:
            remaining[0] -= 1
            if task_id is None:
                body = await timed(connection, _request("POST", CREATE, BODY, keep_alive=keep_alive), 200)
                try:
                    task_id = json.loads(body)["data"]["task_id"] if body is not None else None
                except (ValueError, KeyError, TypeError):
                    count("bad create answer")
            else:
                body = await timed(connection, _request("GET", f"{CREATE}/{task_id}", keep_alive=keep_alive), 200)
                if body is not None and b'"task_status"' not in body:
                    count("bad poll answer")
                if body is not None and b'"succeed"' in body:
                    task_id = None  # done: create the next one

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def run_load(clients: int = 200, requests: int = 5000, spec: Path = SPEC, keep_alive: bool = False) -> LoadResult:
    result = LoadResult(clients=clients, requests=requests, keep_alive=keep_alive)
    with serve(spec) as (port, pid):
        result.server_rss_start_mb = _memory_kb(pid, "VmRSS") / 1024
        started = time.perf_counter()
        latencies, errors = asyncio.run(_load(port, clients, requests, keep_alive))
        result.seconds = time.perf_counter() - started
        result.server_rss_end_mb = _memory_kb(pid, "VmRSS") / 1024
        result.server_peak_mb = _memory_kb(pid, "VmHWM") / 1024
    result.errors = sum(errors.values())
    result.error_kinds = errors
    result.p50_ms = _percentile(latencies, 0.50) * 1000
    result.p99_ms = _percentile(latencies, 0.99) * 1000
    result.max_ms = max(latencies, default=0.0) * 1000
    result.throughput = len(latencies) / result.seconds if result.seconds else 0.0
    return result


def describe(result: LoadResult) -> str:
    return (
        f"{result.requests} requests from {result.clients} concurrent clients "
        f"({'one keep-alive connection each' if result.keep_alive else 'a fresh connection per request'}) in {result.seconds:.1f} s "
        f"({result.throughput:.0f}/s): {result.errors} errors {result.error_kinds or ''}; latency p50 "
        f"{result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, max {result.max_ms:.1f} ms; server RSS "
        f"{result.server_rss_start_mb:.0f} MB at start, {result.server_rss_end_mb:.0f} MB at the end, "
        f"peak {result.server_peak_mb:.0f} MB"
    )


def run(cfg: Config, tmp: Path) -> Section:
    section = Section(NUMBER, TITLE)
    for keep_alive in (False, True):
        result = run_load(200, 5000 if not cfg.quick else 2000, keep_alive=keep_alive)
        log(f"7: {describe(result)}")
        mode = "keep-alive" if keep_alive else "fresh connections"
        for figure, value, unit in (
            ("errors", float(result.errors), ""),
            ("latency p50", result.p50_ms, "ms"),
            ("latency p99", result.p99_ms, "ms"),
            ("throughput", result.throughput, "/s"),
            ("server peak RSS", result.server_peak_mb, "MB"),
        ):
            ok = result.errors == 0 if figure == "errors" else None
            section.rows.append(Row(f"fake server load, {mode}", figure, value, unit,
                                    goal="0" if ok is not None else "", ok=ok, runs=result.requests))  # fmt: skip
        section.notes.append(describe(result))
    return section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fake_server_load", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--keep-alive", action="store_true", help="one connection per client instead of per request")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    args = parser.parse_args(argv)
    result = run_load(args.clients, args.requests, args.spec, args.keep_alive)
    print(json.dumps(asdict(result)) if args.json else describe(result), flush=True)
    return 0 if result.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
