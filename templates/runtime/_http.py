# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Sync and async base clients: auth, timeouts, retries and error mapping.

The generated client subclasses ``SyncAPIClient`` / ``AsyncAPIClient``, sets
the class attributes ``default_base_url`` and ``api_key_env`` and calls
``request()``, which returns the decoded JSON envelope of a successful answer
or raises an exception from ``_errors``. Both classes share every decision
(``_BaseClient``); they differ only in how they send and sleep, so their
behaviour cannot drift apart.

Retry rules are in ``_retry``; in short, a create is retried only when the
failure proves the server did not start a task.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Self, TypeVar

import httpx

from ._base import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, NOT_GIVEN, NotGiven, TimeoutTypes, _BaseClient, _Prepared
from ._errors import APIError, APIStatusError
from ._retry import Failure, RetryPolicy

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "AsyncAPIClient",
    "NotGiven",
    "SyncAPIClient",
    "TimeoutTypes",
]

_T = TypeVar("_T")


class SyncAPIClient(_BaseClient):
    """Blocking client over ``httpx.Client``.

    ``sleep`` is injectable so tests can exercise retries without waiting.
    A ``http_client`` passed in is used as is and not closed by ``close()``.
    Subclasses must keep accepting these keyword arguments: ``with_options``
    builds the copy through the constructor.
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
        )
        self._owns_client = http_client is None
        self._client = http_client or httpx.Client(timeout=self.timeout)
        self._sleep = sleep or time.sleep

    def with_options(
        self,
        *,
        api_key: str | NotGiven = NOT_GIVEN,
        base_url: str | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_ambiguous_creates: bool | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with some settings changed, sharing (not owning) this client's connections."""
        return type(self)(
            api_key=self._api_key.get() if isinstance(api_key, NotGiven) else api_key,
            base_url=self.base_url if isinstance(base_url, NotGiven) else base_url,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries=self.max_retries if isinstance(max_retries, NotGiven) else max_retries,
            http_client=self._client,
            retry_ambiguous_creates=(
                self.retry_ambiguous_creates
                if isinstance(retry_ambiguous_creates, NotGiven)
                else retry_ambiguous_creates
            ),
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
        json: object | None = None,
        idempotent: bool,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Any:
        """Send one API request (with retries) and return the decoded JSON envelope."""
        req = self._prepare(
            method=method,
            path=path,
            params=params,
            json=json,
            idempotent=idempotent,
            timeout=timeout,
        )
        return self._send(req, self._decode_envelope)

    def download(self, url: str, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN) -> bytes:
        """GET an absolute URL (an image result) without credentials; retried like a query."""
        return self._send(self._prepare_download(url, timeout), self._decode_download)

    def _send(self, req: _Prepared, decode: Callable[[httpx.Response, _Prepared], _T]) -> _T:
        retries = 0
        while True:
            self._log_request(req, retries + 1)
            cause: BaseException | None = None
            failure: Failure
            err: APIError
            try:
                response = self._client.request(
                    req.method,
                    req.url,
                    params=req.params,
                    json=req.json,
                    headers=req.headers,
                    timeout=req.timeout,
                )
            except httpx.HTTPError as exc:
                failure, err = self._wrap_transport_error(exc, req)
                cause = exc
            else:
                self._log_response(req, response)
                try:
                    return decode(response, req)
                except APIStatusError as exc:
                    failure, err = self._failure_of(exc), exc
            delay = self._retry_delay(req, failure, err, retries)
            if delay is None:
                raise err from cause
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


class AsyncAPIClient(_BaseClient):
    """Asyncio client over ``httpx.AsyncClient``; same behaviour as ``SyncAPIClient``."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        retry_ambiguous_creates: bool = False,
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
        )
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
    ) -> Self:
        """A copy with some settings changed, sharing (not owning) this client's connections."""
        return type(self)(
            api_key=self._api_key.get() if isinstance(api_key, NotGiven) else api_key,
            base_url=self.base_url if isinstance(base_url, NotGiven) else base_url,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries=self.max_retries if isinstance(max_retries, NotGiven) else max_retries,
            http_client=self._client,
            retry_ambiguous_creates=(
                self.retry_ambiguous_creates
                if isinstance(retry_ambiguous_creates, NotGiven)
                else retry_ambiguous_creates
            ),
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
        json: object | None = None,
        idempotent: bool,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Any:
        """Send one API request (with retries) and return the decoded JSON envelope."""
        req = self._prepare(
            method=method,
            path=path,
            params=params,
            json=json,
            idempotent=idempotent,
            timeout=timeout,
        )
        return await self._send(req, self._decode_envelope)

    async def download(self, url: str, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN) -> bytes:
        """GET an absolute URL (an image result) without credentials; retried like a query."""
        return await self._send(self._prepare_download(url, timeout), self._decode_download)

    async def _send(self, req: _Prepared, decode: Callable[[httpx.Response, _Prepared], _T]) -> _T:
        retries = 0
        while True:
            self._log_request(req, retries + 1)
            cause: BaseException | None = None
            failure: Failure
            err: APIError
            try:
                response = await self._client.request(
                    req.method,
                    req.url,
                    params=req.params,
                    json=req.json,
                    headers=req.headers,
                    timeout=req.timeout,
                )
            except httpx.HTTPError as exc:
                failure, err = self._wrap_transport_error(exc, req)
                cause = exc
            else:
                self._log_response(req, response)
                try:
                    return decode(response, req)
                except APIStatusError as exc:
                    failure, err = self._failure_of(exc), exc
            delay = self._retry_delay(req, failure, err, retries)
            if delay is None:
                raise err from cause
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
