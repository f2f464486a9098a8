# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Reading an answer without trusting it: a size cap after decompression, and a deadline for the whole attempt.

* ``read_capped`` decodes ``Content-Encoding`` (``gzip``, ``deflate``, in a
  stack of up to three such as ``gzip, gzip``) itself, chunk by chunk, with
  zlib's ``max_length``, so a small compressed body that would expand to
  gigabytes stops at the cap (``ResponseTooLarge``) instead of filling memory;
  no layer ever holds more than one 256 KB piece. ``iter_decoded`` streams
  the same pieces to a file, ``read_head`` reads the start of an error page.
  A corrupt, truncated or unknown coding is a ``ValueError``.
* ``DeadlineBackend`` wraps httpcore's network backend so every connect,
  read and write of an attempt waits at most until the attempt's deadline
  (``attempt_deadline``), whatever the per-read timeouts say: a server that
  drips one byte every few seconds cannot stretch a request past it; a
  caller's own ``httpx.Client`` gets it too (``install_client_deadlines``).
  The async client uses ``asyncio.timeout`` for the same guarantee.
"""

from __future__ import annotations

import contextlib
import time
import zlib
from collections.abc import AsyncIterator, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

import httpcore

__all__ = [
    "DeadlineBackend",
    "ResponseTooLarge",
    "aiter_decoded",
    "aread_capped",
    "aread_head",
    "attempt_deadline",
    "declared_too_large",
    "in_memory",
    "install_client_deadlines",
    "install_deadlines",
    "iter_decoded",
    "read_capped",
    "read_head",
]

_DEADLINE: ContextVar[float | None] = ContextVar("kling_attempt_deadline", default=None)
# Decoded bytes zlib may produce per call, and how many codings may be stacked (``gzip, gzip``).
_PIECE = 256 * 1024
_MAX_LAYERS = 3


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


def install_client_deadlines(client: object) -> bool:
    """``install_deadlines`` on every transport of a caller's ``httpx.Client`` (its own and its mounts).

    The backend only acts inside ``attempt_deadline``, so the caller's other uses of the client are
    unchanged. False when some transport is not an ``httpx.HTTPTransport`` (then that one is bounded
    between reads only).
    """
    mounts = getattr(client, "_mounts", None)
    transports = [getattr(client, "_transport", None), *(mounts.values() if isinstance(mounts, dict) else ())]
    results = [install_deadlines(t) for t in transports if t is not None]  # every one, no short circuit
    return all(results)


class _Inflater:
    """One ``gzip``/``deflate`` layer, handing out its output in pieces of at most ``_PIECE`` bytes."""

    def __init__(self, encoding: str) -> None:
        self._wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._raw_deflate = False
        self._d = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces of ``data``, however much it expands: zlib never makes more than one piece at once."""
        while True:
            try:
                piece = self._d.decompress(data, _PIECE)
            except zlib.error as exc:
                if self._started or self._wbits != zlib.MAX_WBITS or self._raw_deflate:
                    raise ValueError(f"corrupt compressed body: {exc}") from None
                # "deflate" is sometimes sent without the zlib header.
                self._raw_deflate = True
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._started = True
            if piece:
                yield piece
            data = self._d.unconsumed_tail
            if self._d.eof and self._d.unused_data:
                # Another gzip member follows (concatenated streams are valid gzip). At the end of a member
                # zlib puts the rest of the input in both unused_data and unconsumed_tail: take it once.
                data = self._d.unused_data
                self._d = zlib.decompressobj(self._wbits)
                continue
            if not data and len(piece) < _PIECE:
                return  # input used up and zlib holds no more output

    def finish(self) -> None:
        if self._started and not self._d.eof:
            raise ValueError("truncated compressed body: the stream ended before its end marker")


def _layers(content_encoding: str | None) -> list[_Inflater]:
    names = [p.strip().lower() for p in (content_encoding or "").split(",") if p.strip()]
    layers = []
    for name in reversed(names):  # the last coding applied is undone first
        if name == "identity":
            continue
        if name not in ("gzip", "x-gzip", "deflate"):
            raise ValueError(f"unsupported Content-Encoding {name[:40]!r}")
        layers.append(_Inflater(name))
    if len(layers) > _MAX_LAYERS:
        raise ValueError(f"{len(layers)} Content-Encoding layers; at most {_MAX_LAYERS} are decoded")
    return layers


def _decode(layers: list[_Inflater], chunk: bytes) -> Iterator[bytes]:
    """``chunk`` through every layer, depth first, so at most one piece per layer is held at a time."""
    if not layers:
        if chunk:
            yield chunk
        return
    stack = [layers[0].feed(chunk)]
    while stack:
        piece = next(stack[-1], None)
        if piece is None:
            stack.pop()
        elif len(stack) == len(layers):
            yield piece
        else:
            stack.append(layers[len(stack)].feed(piece))


class _Reader:
    def __init__(self, content_encoding: str | None, limit: int, deadline: float | None) -> None:
        self.layers = _layers(content_encoding)
        self.limit = limit
        self.deadline = deadline
        self.body = bytearray()

    def add(self, chunk: bytes) -> None:
        for piece in _decode(self.layers, chunk):
            if self.deadline is not None and time.monotonic() > self.deadline:
                raise DeadlinePassed
            if len(self.body) + len(piece) > self.limit:
                raise ResponseTooLarge(self.limit)
            self.body += piece
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise DeadlinePassed

    def finish(self) -> bytes:
        for layer in self.layers:
            layer.finish()
        return bytes(self.body)


def in_memory(content: bytes, limit: int) -> bytes:
    """A body the transport already holds in memory, under the same cap."""
    if len(content) > limit:
        raise ResponseTooLarge(limit)
    return content


def declared_too_large(headers: Mapping[str, str], limit: int) -> bool:
    """An uncompressed answer whose ``Content-Length`` already says it is over the cap (refused unread)."""
    length = headers.get("content-length", "").strip()
    coded = headers.get("content-encoding", "").strip().lower() not in ("", "identity")
    return not coded and length.isascii() and length.isdigit() and int(length[:20]) > limit


def read_capped(chunks: Iterator[bytes], content_encoding: str | None, limit: int, deadline: float | None) -> bytes:
    """The decoded body; ``ResponseTooLarge`` past ``limit`` bytes, ``DeadlinePassed`` after ``deadline``."""
    reader = _Reader(content_encoding, limit, deadline)
    for chunk in chunks:
        reader.add(chunk)
    return reader.finish()


async def aread_capped(
    chunks: AsyncIterator[bytes], content_encoding: str | None, limit: int, deadline: float | None
) -> bytes:
    """Async twin of ``read_capped``."""
    reader = _Reader(content_encoding, limit, deadline)
    async for chunk in chunks:
        reader.add(chunk)
    return reader.finish()


def iter_decoded(chunks: Iterator[bytes], content_encoding: str | None) -> Iterator[bytes]:
    """The decoded body as it arrives, in pieces of at most 256 KB (for streaming a download to disk)."""
    layers = _layers(content_encoding)
    for chunk in chunks:
        yield from _decode(layers, chunk)
    for layer in layers:
        layer.finish()


async def aiter_decoded(chunks: AsyncIterator[bytes], content_encoding: str | None) -> AsyncIterator[bytes]:
    """Async twin of ``iter_decoded``."""
    layers = _layers(content_encoding)
    async for chunk in chunks:
        for piece in _decode(layers, chunk):
            yield piece
    for layer in layers:
        layer.finish()


def read_head(chunks: Iterator[bytes], content_encoding: str | None, limit: int, deadline: float) -> bytes:
    """At most ``limit`` decoded bytes from the start of a body (an error page), by ``deadline``; never raises
    on an undecodable or endless body: what could be read is the answer."""
    head = bytearray()
    try:
        for piece in iter_decoded(chunks, content_encoding):
            head += piece
            if len(head) >= limit or time.monotonic() > deadline:
                break
    except ValueError:
        pass
    return bytes(head[:limit])


async def aread_head(chunks: AsyncIterator[bytes], content_encoding: str | None, limit: int, deadline: float) -> bytes:
    """Async twin of ``read_head``."""
    head = bytearray()
    try:
        async for piece in aiter_decoded(chunks, content_encoding):
            head += piece
            if len(head) >= limit or time.monotonic() > deadline:
                break
    except ValueError:
        pass
    return bytes(head[:limit])
