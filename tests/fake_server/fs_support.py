"""Test support for the fake server's hostile tests: raw HTTP over a socket, and a server in a child process.

Stage: tests. Input: raw request bytes (anything, malformed included) or a spec to serve. Output: the
answer as ``(status, headers, body)`` read with ``http.client`` (``None`` when the server answered
nothing), or a running ``python -m generator serve`` child whose memory (``VmRSS``/``VmHWM`` from
/proc) can be read while it serves.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from tests.kling_testkit import API_KEY, ROOT

Answer = tuple[int, dict[str, str], bytes]


def raw(port: int, data: bytes, *, timeout: float = 10.0, body_after: bytes = b"") -> Answer | None:
    """Send ``data`` (then ``body_after``, ignoring a server that stopped reading) and read one answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        if body_after:
            with contextlib.suppress(OSError):
                sock.sendall(body_after)
        response = http.client.HTTPResponse(sock)
        try:
            response.begin()
        except (http.client.HTTPException, OSError):
            return None
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def request(method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b"") -> bytes:
    """A well-formed HTTP/1.1 request (Content-Length added when there is a body)."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    all_headers = dict(headers or {})
    if body and "Content-Length" not in all_headers:
        all_headers["Content-Length"] = str(len(body))
    lines += [f"{k}: {v}" for k, v in all_headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def memory_kb(pid: int, field: str = "VmRSS") -> int:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak) of a process, in KB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


@contextlib.contextmanager
def served(spec: Path, *extra: str) -> Iterator[tuple[str, int]]:
    """``python -m generator serve`` in a child process; yields ``(base_url, pid)``, kills it after."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--spec", str(spec), "--port", "0", "--api-key", API_KEY, *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    guard = threading.Timer(60, proc.kill)  # hang guard for the blocking readline
    guard.start()
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        guard.cancel()
        if not line.startswith("fake Kling server listening on "):
            raise RuntimeError(f"the fake server did not start: {line!r}")
        yield line.rsplit(" ", 1)[1].strip(), proc.pid
    finally:
        guard.cancel()
        proc.kill()
        proc.wait(timeout=30)
