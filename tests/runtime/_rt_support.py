"""Shared helpers for the runtime tests (a unique module name, so it never clashes with other test dirs).

How the runtime is imported: exactly as the generator ships it, from the
committed client (``kling_client._runtime``), which ``tests/render`` proves is
``templates/runtime`` byte for byte; so these tests also prove the runtime's
relative imports work under a generated package's name.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from kling_client._runtime import AsyncAPIClient, SyncAPIClient

from tests.kling_testkit import API_KEY, CREATE, ROOT, VALID_BODY
from tests.kling_testkit import RUNTIME_FIXTURE_SPEC as FIXTURE_SPEC

__all__ = ["API_KEY", "CREATE", "FIXTURE_SPEC", "ROOT", "SLOW_READ_TIMEOUT", "SLOW_SECONDS", "VALID_BODY"]

# Long enough that a "slow" fault always outlives the read timeout; the server cuts it short when it stops.
SLOW_SECONDS = 30.0
SLOW_READ_TIMEOUT = 0.5


class LoopThread:
    """One event loop in a background thread, so async clients keep their pool across calls."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="test-loop", daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, Any]) -> Any:
        # Hang guard only: a healthy call returns in milliseconds.
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=60)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


class Driver:
    """Uniform blocking facade over a sync or async client, recording injected sleeps."""

    def __init__(
        self, flavor: str, client: SyncAPIClient | AsyncAPIClient, sleeps: list[float], loop: LoopThread
    ) -> None:
        self.flavor = flavor
        self.client = client
        self.sleeps = sleeps
        self._loop = loop

    def request(self, **kwargs: Any) -> Any:
        if isinstance(self.client, AsyncAPIClient):
            return self._loop.run(self.client.request(**kwargs))
        return self.client.request(**kwargs)

    def create(self, body: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self.request(method="POST", path=CREATE, json=body or VALID_BODY, idempotent=False, **kwargs)

    def get(self, task_id: str, **kwargs: Any) -> Any:
        return self.request(method="GET", path=f"{CREATE}/{task_id}", idempotent=True, **kwargs)

    def download(self, url: str) -> bytes:
        if isinstance(self.client, AsyncAPIClient):
            data: bytes = self._loop.run(self.client.download(url))
            return data
        return self.client.download(url)

    def close(self) -> None:
        if isinstance(self.client, AsyncAPIClient):
            self._loop.run(self.client.close())
        else:
            self.client.close()


ClientFactory = Callable[..., Driver]


def closed_port() -> int:
    """A loopback port with nothing listening (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def jpeg_bytes(width: int, height: int, *, sof: int = 0xC0) -> bytes:
    """A minimal JPEG header stream (SOI, APP0, DQT-like filler, SOFn, EOI): enough to read the size."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    filler = b"\xff\xdb" + struct.pack(">H", 5) + b"\x00\x01\x02"
    sof_seg = bytes([0xFF, sof]) + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + b"\xff" + filler + sof_seg + b"\xff\xd9"
