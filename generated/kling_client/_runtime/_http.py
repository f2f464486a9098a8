# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Sync and async base clients: auth, timeouts, deadlines, size caps, retries and error mapping.

The generated client subclasses ``SyncAPIClient`` / ``AsyncAPIClient``, sets
class attributes (``default_base_url``, ``api_key_env``, ``envelope``) and its
methods call ``_call()``. Both classes share every decision (``_BaseClient``);
they differ only in how they send and sleep.

Each attempt has a deadline: it ends within its timeout (connect, headers and
body together), however slowly the server drips bytes. Each answer is read
with a cap on its decoded size (``max_response_bytes``). Retry rules are in
``_retry``; in short, a create is retried only when the failure proves the
server did not start a task.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, Self, TypeVar

import httpx

from ._base import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    TimeoutTypes,
    _attempt_seconds,
    _BaseClient,
)
from ._errors import APIError, APIStatusError, ConfigurationError
from ._retry import Failure, RetryPolicy
from ._stream import (
    DeadlinePassed,
    ResponseTooLarge,
    aiter_decoded,
    aread_capped,
    aread_head,
    attempt_deadline,
    declared_too_large,
    in_memory,
    install_client_deadlines,
    install_deadlines,
    iter_decoded,
    read_capped,
    read_head,
)
from ._types import NOT_GIVEN, NotGiven
from ._wire import Answer, Endpoint, Prepared

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "AsyncAPIClient",
    "NotGiven",
    "SyncAPIClient",
    "TimeoutTypes",
]

_T = TypeVar("_T")
_Decode = Callable[[Answer, Prepared], _T]


# How much of an error page a download reads, and for how long at most.
_ERROR_HEAD = 2048
_ERROR_HEAD_SECONDS = 60.0


def _pick(value: Any, current: Any) -> Any:
    return current if isinstance(value, NotGiven) else value


def _head_deadline(req: Prepared) -> float:
    return time.monotonic() + (_attempt_seconds(req.timeout) or _ERROR_HEAD_SECONDS)


class SyncAPIClient(_BaseClient):
    """Blocking client over ``httpx.Client``.

    Args:
        api_key: the API key; read from the environment variable ``api_key_env`` when not given.
        base_url: the API's base URL; ``base_url_env`` from the environment, else the spec's server.
        timeout: seconds (or an ``httpx.Timeout``) for each attempt as a whole: connect, headers and body.
        max_retries: retries for failures that cannot create a second paid task.
        http_client: your own ``httpx.Client`` (proxies, mounts); it is used as is and not closed for you.
        retry_ambiguous_creates: also retry creates after a 5xx or a timeout after sending (may duplicate a task).
        max_response_bytes: the largest answer, decoded, that is read (default 50 MB).
        retry_policy: backoff details (``RetryPolicy``); ``max_retries`` overrides its count.
        sleep: how to wait between retries (tests pass a recorder).
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        retry_ambiguous_creates: bool = False,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        retry_policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_ambiguous_creates=retry_ambiguous_creates,
            retry_policy=retry_policy,
            max_response_bytes=max_response_bytes,
        )
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise ConfigurationError(f"http_client must be an httpx.Client, got {type(http_client).__name__}")
        self._owns_client = http_client is None
        if http_client is None:
            transport = httpx.HTTPTransport()
            install_deadlines(transport)
            http_client = httpx.Client(timeout=self.timeout, transport=transport)
        else:
            install_client_deadlines(http_client)
        self._client = http_client
        self._sleep = sleep or time.sleep

    def with_options(
        self,
        *,
        api_key: str | NotGiven = NOT_GIVEN,
        base_url: str | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_ambiguous_creates: bool | NotGiven = NOT_GIVEN,
        max_response_bytes: int | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with some settings changed, sharing (not owning) this client's connections."""
        return type(self)(
            api_key=_pick(api_key, self._api_key.get()),
            base_url=_pick(base_url, self.base_url),
            timeout=_pick(timeout, self.timeout),
            max_retries=_pick(max_retries, self.max_retries),
            http_client=self._client,
            retry_ambiguous_creates=_pick(retry_ambiguous_creates, self.retry_ambiguous_creates),
            max_response_bytes=_pick(max_response_bytes, self.max_response_bytes),
            retry_policy=self.retry_policy,
            sleep=self._sleep,
        )

    copy = with_options

    def request(
        self,
        *,
        method: str,
        path: str,
        params: Mapping[str, object] | None = None,
        json: object = None,
        idempotent: bool,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one API request (with retries) and return its decoded JSON body (the low-level door)."""
        req = self._prepare(
            name=f"{method.upper()} {path}",
            method=method,
            path=path,
            idempotent=idempotent,
            params=params,
            json=json if json is not None else NOT_GIVEN,
            extra_headers=headers,
            timeout=timeout,
        )
        return self._send(req, lambda answer, r: self._check_answer(answer, r, "json"))

    def _call(self, endpoint: Endpoint[_T], *, path: str, **parts: Any) -> _T:
        """Used by the generated methods: send, check, and parse the answer into the endpoint's type."""
        req = self._prepare(name=endpoint.name, method=endpoint.method, path=path, idempotent=endpoint.idempotent,
                            **parts)  # fmt: skip

        def decode(answer: Answer, r: Prepared) -> _T:
            return self._result(endpoint, answer, r, self._check_answer(answer, r, endpoint.response))

        return self._send(req, decode)

    def download(
        self,
        url: str,
        *,
        destination: str | Path | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_bytes: int | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> bytes:
        """GET a result file (an absolute URL) without credentials; retried like a query.

        With ``destination`` the file is streamed to disk (no size cap unless ``max_bytes``) and the
        returned bytes are empty; ``on_progress`` is called with the byte count so far.
        """
        if destination is not None:
            return self._stream_to(url, Path(destination), timeout, max_bytes, on_progress)
        req = self._prepare_download(url, timeout, max_bytes)
        return self._send(req, self._download_body)

    def _download_body(self, answer: Answer, req: Prepared) -> bytes:
        if 200 <= answer.status_code < 300:
            return answer.content
        raise self._status_error(answer, req, answer.text, None)

    def _stream_to(
        self,
        url: str,
        destination: Path,
        timeout: TimeoutTypes | NotGiven,
        max_bytes: int | None,
        on_progress: Callable[[int], None] | None,
    ) -> bytes:
        req = self._prepare_download(url, timeout, max_bytes or 2**62)
        partial = destination.with_name(destination.name + ".part")
        status = 0
        try:
            with self._client.stream(req.method, req.url, headers=req.headers, timeout=req.timeout) as response:
                status, encoding = response.status_code, response.headers.get("content-encoding")
                if not 200 <= status < 300:
                    try:
                        head = read_head(response.iter_raw(), encoding, _ERROR_HEAD, _head_deadline(req))
                    except httpx.HTTPError:
                        head = b""
                    answer = Answer(status_code=status, reason=response.reason_phrase, headers=response.headers,
                                    content=head, elapsed=0.0)  # fmt: skip
                    raise self._status_error(answer, req, answer.text, None)
                if declared_too_large(response.headers, req.max_bytes):
                    raise self._too_large(req, req.max_bytes, status)
                written = 0
                with partial.open("wb") as out:
                    for chunk in iter_decoded(response.iter_raw(), encoding):
                        written += len(chunk)
                        if written > req.max_bytes:
                            raise self._too_large(req, req.max_bytes, status)
                        out.write(chunk)
                        if on_progress is not None:
                            on_progress(written)
            partial.replace(destination)
        except httpx.HTTPError as exc:
            raise self._wrap_transport_error(exc, req, False)[1] from None
        except ValueError as exc:  # an undecodable Content-Encoding
            raise self._read_failure(exc, req, status)[1] from None
        finally:
            partial.unlink(missing_ok=True)
        return b""

    def _exchange(self, req: Prepared) -> Answer:
        started = time.monotonic()
        deadline = started + req.deadline if req.deadline is not None else None
        with attempt_deadline(deadline):
            request = self._client.build_request(req.method, req.url, **self._request_kwargs(req))
            response = self._client.send(request, stream=True)
            try:
                if declared_too_large(response.headers, req.max_bytes):
                    raise ResponseTooLarge(req.max_bytes)
                if response.is_stream_consumed:  # a transport that answered from memory (httpx.MockTransport)
                    content = in_memory(response.content, req.max_bytes)
                else:
                    content = read_capped(
                        response.iter_raw(), response.headers.get("content-encoding"), req.max_bytes, deadline
                    )
            except ResponseTooLarge as exc:
                raise _ReadFailure(exc, response.status_code) from None
            except (DeadlinePassed, ValueError, OSError, MemoryError) as exc:
                if isinstance(exc, httpx.HTTPError):
                    raise
                raise _ReadFailure(exc, response.status_code) from None
            finally:
                response.close()
        return Answer(status_code=response.status_code, reason=response.reason_phrase, headers=response.headers,
                      content=content, elapsed=time.monotonic() - started)  # fmt: skip

    def _send(self, req: Prepared, decode: _Decode[_T]) -> _T:
        retries = 0
        while True:
            self._log_attempt(req, retries + 1)
            failure: Failure
            err: APIError
            started = time.monotonic()
            try:
                answer = self._exchange(req)
            except _ReadFailure as exc:
                failure, err = self._read_failure(exc.cause, req, exc.status)
            except httpx.HTTPError as exc:
                late = req.deadline is not None and time.monotonic() - started >= req.deadline - 0.01
                failure, err = self._wrap_transport_error(exc, req, late and isinstance(exc, httpx.TimeoutException))
            else:
                self._log_answer(req, answer)
                try:
                    return decode(answer, req)
                except APIStatusError as exc:
                    failure, err = self._failure_of(exc), exc
            delay = self._retry_delay(req, failure, err, retries)
            if delay is None:
                raise err from None
            self._sleep(delay)
            retries += 1

    def close(self) -> None:
        """Close the connection pool, unless it was passed in by the caller."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class _ReadFailure(Exception):
    """Reading the body failed (too large, past the deadline, undecodable); carries the HTTP status."""

    def __init__(self, cause: BaseException, status: int) -> None:
        super().__init__(cause)
        self.cause = cause
        self.status = status


class AsyncAPIClient(_BaseClient):
    """Asyncio client over ``httpx.AsyncClient``; same behaviour and arguments as ``SyncAPIClient``."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        retry_ambiguous_creates: bool = False,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        retry_policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_ambiguous_creates=retry_ambiguous_creates,
            retry_policy=retry_policy,
            max_response_bytes=max_response_bytes,
        )
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise ConfigurationError(f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}")
        self._owns_client = http_client is None
        self._client = http_client or httpx.AsyncClient(timeout=self.timeout)
        self._sleep = sleep or asyncio.sleep

    def with_options(
        self,
        *,
        api_key: str | NotGiven = NOT_GIVEN,
        base_url: str | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_ambiguous_creates: bool | NotGiven = NOT_GIVEN,
        max_response_bytes: int | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with some settings changed, sharing (not owning) this client's connections."""
        return type(self)(
            api_key=_pick(api_key, self._api_key.get()),
            base_url=_pick(base_url, self.base_url),
            timeout=_pick(timeout, self.timeout),
            max_retries=_pick(max_retries, self.max_retries),
            http_client=self._client,
            retry_ambiguous_creates=_pick(retry_ambiguous_creates, self.retry_ambiguous_creates),
            max_response_bytes=_pick(max_response_bytes, self.max_response_bytes),
            retry_policy=self.retry_policy,
            sleep=self._sleep,
        )

    copy = with_options

    async def request(
        self,
        *,
        method: str,
        path: str,
        params: Mapping[str, object] | None = None,
        json: object = None,
        idempotent: bool,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one API request (with retries) and return its decoded JSON body (the low-level door)."""
        req = self._prepare(
            name=f"{method.upper()} {path}",
            method=method,
            path=path,
            idempotent=idempotent,
            params=params,
            json=json if json is not None else NOT_GIVEN,
            extra_headers=headers,
            timeout=timeout,
        )
        return await self._send(req, lambda answer, r: self._check_answer(answer, r, "json"))

    async def _call(self, endpoint: Endpoint[_T], *, path: str, **parts: Any) -> _T:
        """Used by the generated methods: send, check, and parse the answer into the endpoint's type."""
        req = self._prepare(name=endpoint.name, method=endpoint.method, path=path, idempotent=endpoint.idempotent,
                            **parts)  # fmt: skip

        def decode(answer: Answer, r: Prepared) -> _T:
            return self._result(endpoint, answer, r, self._check_answer(answer, r, endpoint.response))

        return await self._send(req, decode)

    async def download(
        self,
        url: str,
        *,
        destination: str | Path | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_bytes: int | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> bytes:
        """GET a result file (an absolute URL) without credentials; see ``SyncAPIClient.download``."""
        if destination is not None:
            return await self._stream_to(url, Path(destination), timeout, max_bytes, on_progress)
        req = self._prepare_download(url, timeout, max_bytes)
        return await self._send(req, self._download_body)

    def _download_body(self, answer: Answer, req: Prepared) -> bytes:
        if 200 <= answer.status_code < 300:
            return answer.content
        raise self._status_error(answer, req, answer.text, None)

    async def _stream_to(
        self,
        url: str,
        destination: Path,
        timeout: TimeoutTypes | NotGiven,
        max_bytes: int | None,
        on_progress: Callable[[int], None] | None,
    ) -> bytes:
        req = self._prepare_download(url, timeout, max_bytes or 2**62)
        partial = destination.with_name(destination.name + ".part")
        status = 0
        try:
            async with self._client.stream(req.method, req.url, headers=req.headers, timeout=req.timeout) as response:
                status, encoding = response.status_code, response.headers.get("content-encoding")
                if not 200 <= status < 300:
                    try:
                        head = await aread_head(response.aiter_raw(), encoding, _ERROR_HEAD, _head_deadline(req))
                    except httpx.HTTPError:
                        head = b""
                    answer = Answer(status_code=status, reason=response.reason_phrase, headers=response.headers,
                                    content=head, elapsed=0.0)  # fmt: skip
                    raise self._status_error(answer, req, answer.text, None)
                if declared_too_large(response.headers, req.max_bytes):
                    raise self._too_large(req, req.max_bytes, status)
                written = 0
                with partial.open("wb") as out:
                    async for chunk in aiter_decoded(response.aiter_raw(), encoding):
                        written += len(chunk)
                        if written > req.max_bytes:
                            raise self._too_large(req, req.max_bytes, status)
                        out.write(chunk)
                        if on_progress is not None:
                            on_progress(written)
            partial.replace(destination)
        except httpx.HTTPError as exc:
            raise self._wrap_transport_error(exc, req, False)[1] from None
        except ValueError as exc:  # an undecodable Content-Encoding
            raise self._read_failure(exc, req, status)[1] from None
        finally:
            partial.unlink(missing_ok=True)
        return b""

    async def _exchange(self, req: Prepared) -> Answer:
        started = time.monotonic()
        deadline = started + req.deadline if req.deadline is not None else None
        request = self._client.build_request(req.method, req.url, **self._request_kwargs(req))
        try:
            async with asyncio.timeout(req.deadline):
                response = await self._client.send(request, stream=True)
                try:
                    if declared_too_large(response.headers, req.max_bytes):
                        raise ResponseTooLarge(req.max_bytes)
                    if response.is_stream_consumed:
                        content = in_memory(response.content, req.max_bytes)
                    else:
                        content = await aread_capped(
                            response.aiter_raw(), response.headers.get("content-encoding"), req.max_bytes, deadline
                        )
                except ResponseTooLarge as exc:
                    raise _ReadFailure(exc, response.status_code) from None
                except (DeadlinePassed, ValueError, OSError, MemoryError) as exc:
                    if isinstance(exc, httpx.HTTPError):
                        raise
                    raise _ReadFailure(exc, response.status_code) from None
                finally:
                    await response.aclose()
        except TimeoutError:
            raise _ReadFailure(DeadlinePassed(), 0) from None
        return Answer(status_code=response.status_code, reason=response.reason_phrase, headers=response.headers,
                      content=content, elapsed=time.monotonic() - started)  # fmt: skip

    async def _send(self, req: Prepared, decode: _Decode[_T]) -> _T:
        retries = 0
        while True:
            self._log_attempt(req, retries + 1)
            failure: Failure
            err: APIError
            try:
                answer = await self._exchange(req)
            except _ReadFailure as exc:
                failure, err = self._read_failure(exc.cause, req, exc.status)
            except httpx.HTTPError as exc:
                failure, err = self._wrap_transport_error(exc, req, False)
            else:
                self._log_answer(req, answer)
                try:
                    return decode(answer, req)
                except APIStatusError as exc:
                    failure, err = self._failure_of(exc), exc
            delay = self._retry_delay(req, failure, err, retries)
            if delay is None:
                raise err from None
            await self._sleep(delay)
            retries += 1

    async def close(self) -> None:
        """Close the connection pool, unless it was passed in by the caller."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
