# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Reading an answer without trusting it: a size cap after decompression, and a deadline for the whole attempt.

* ``read_capped`` decodes ``Content-Encoding`` (``gzip``, ``deflate``, in any
  stack such as ``gzip, gzip``) itself, chunk by chunk, with zlib's
  ``max_length``, so a small compressed body that would expand to gigabytes
  stops at the cap (``ResponseTooLarge``) instead of filling memory.
* ``DeadlineBackend`` wraps httpcore's network backend so every connect,
  read and write of an attempt waits at most until the attempt's deadline
  (``attempt_deadline``), whatever the per-read timeouts say: a server that
  drips one byte every few seconds cannot stretch a request past it. The
  async client uses ``asyncio.timeout`` for the same guarantee.
"""

from __future__ import annotations

import contextlib
import time
import zlib
from collections.abc import AsyncIterator, Iterator
from contextvars import ContextVar
from typing import Any

import httpcore

__all__ = [
    "DeadlineBackend",
    "ResponseTooLarge",
    "attempt_deadline",
    "in_memory",
    "install_deadlines",
    "read_capped",
]

_DEADLINE: ContextVar[float | None] = ContextVar("kling_attempt_deadline", default=None)


class ResponseTooLarge(Exception):
    """The decoded body passed the cap."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class DeadlinePassed(Exception):
    """The attempt's deadline passed while reading the body."""


@contextlib.contextmanager
def attempt_deadline(deadline: float | None) -> Iterator[None]:
    """Bound every network wait inside the block by ``deadline`` (a ``time.monotonic()`` value)."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _bounded(timeout: float | None) -> float | None:
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise httpcore.ReadTimeout("the deadline for the whole request passed")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sync backend with every wait bounded by the current attempt's deadline."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.connect_tcp(host, port, _bounded(timeout), local_address, socket_options)
        return _DeadlineStream(inner)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _bounded(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def install_deadlines(transport: object) -> bool:
    """Put ``DeadlineBackend`` under an ``httpx.HTTPTransport`` the client created itself.

    httpx does not expose httpcore's ``network_backend`` option, so this reaches
    its connection pool; when the layout is not the expected one it changes
    nothing and returns False (the deadline is then checked between reads only).
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, DeadlineBackend):
        return True
    if not isinstance(backend, httpcore.NetworkBackend):
        return False
    pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
    return True


class _Inflater:
    """One ``gzip``/``deflate`` layer, never producing more than the budget it is given."""

    def __init__(self, encoding: str) -> None:
        self._wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._raw_deflate = False
        self._d = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes, budget: int) -> bytes:
        out = bytearray()
        while data:
            try:
                chunk = self._d.decompress(data, budget - len(out) + 1)
            except zlib.error as exc:
                if self._started or self._wbits != zlib.MAX_WBITS or self._raw_deflate:
                    raise ValueError(f"corrupt compressed body: {exc}") from None
                # "deflate" is sometimes sent without the zlib header.
                self._raw_deflate = True
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._started = True
            out += chunk
            if len(out) > budget:
                raise ResponseTooLarge(budget)
            data = self._d.unconsumed_tail
            if self._d.eof and self._d.unused_data:
                # Another gzip member follows (concatenated streams are valid gzip).
                data = self._d.unused_data + data
                self._d = zlib.decompressobj(self._wbits)
        return bytes(out)


def _layers(content_encoding: str | None) -> list[_Inflater]:
    names = [p.strip().lower() for p in (content_encoding or "").split(",") if p.strip()]
    layers = []
    for name in reversed(names):  # the last coding applied is undone first
        if name == "identity":
            continue
        if name not in ("gzip", "x-gzip", "deflate"):
            raise ValueError(f"unsupported Content-Encoding {name!r}")
        layers.append(_Inflater(name))
    return layers


class _Reader:
    def __init__(self, content_encoding: str | None, limit: int, deadline: float | None) -> None:
        self.layers = _layers(content_encoding)
        self.limit = limit
        self.deadline = deadline
        self.body = bytearray()

    def add(self, chunk: bytes) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise DeadlinePassed
        for layer in self.layers:
            chunk = layer.feed(chunk, self.limit)
        self.body += chunk
        if len(self.body) > self.limit:
            raise ResponseTooLarge(self.limit)


def in_memory(content: bytes, limit: int) -> bytes:
    """A body the transport already holds in memory, under the same cap."""
    if len(content) > limit:
        raise ResponseTooLarge(limit)
    return content


def read_capped(chunks: Iterator[bytes], content_encoding: str | None, limit: int, deadline: float | None) -> bytes:
    """The decoded body; ``ResponseTooLarge`` past ``limit`` bytes, ``DeadlinePassed`` after ``deadline``."""
    reader = _Reader(content_encoding, limit, deadline)
    for chunk in chunks:
        reader.add(chunk)
    return bytes(reader.body)


async def aread_capped(
    chunks: AsyncIterator[bytes], content_encoding: str | None, limit: int, deadline: float | None
) -> bytes:
    """Async twin of ``read_capped``."""
    reader = _Reader(content_encoding, limit, deadline)
    async for chunk in chunks:
        reader.add(chunk)
    return bytes(reader.body)
