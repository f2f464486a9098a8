# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Raw responses: ``client.images.with_raw_response.generate(...)`` gives status, headers, request id and the model.

``raw_response_wrapper(method)`` returns a function with the same arguments
that runs ``method`` while capturing the HTTP answer it parsed (through a
context variable, so concurrent calls in other threads or tasks do not mix),
and returns an ``APIResponse`` holding both. Headers are redacted of the API
key, like everything else the client hands back.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar

import attrs

from ._redact import redact

if TYPE_CHECKING:
    from ._wire import Answer

__all__ = ["APIResponse", "async_raw_response_wrapper", "raw_response_wrapper"]

_P = ParamSpec("_P")
_T = TypeVar("_T")
_CAPTURE: ContextVar[list[APIResponse[Any]] | None] = ContextVar("kling_raw_capture", default=None)


@attrs.frozen(kw_only=True)
class APIResponse(Generic[_T]):
    """One HTTP answer and what the client made of it."""

    status_code: int
    headers: Mapping[str, str]
    request_id: str | None
    method: str
    url: str
    elapsed: float  # seconds
    parsed: _T

    def parse(self) -> _T:
        """The typed result (the same object the method returns without ``with_raw_response``)."""
        return self.parsed


def record_raw(
    answer: Answer, method: str, url: str, request_id: str | None, parsed: object, secrets: Sequence[str]
) -> None:
    """Called by the client after parsing an answer; a no-op unless a raw-response wrapper is listening."""
    sink = _CAPTURE.get()
    if sink is None:
        return
    headers = {name: redact(value, secrets) for name, value in answer.headers.items()}
    sink.append(
        APIResponse(
            status_code=answer.status_code,
            headers=headers,
            request_id=request_id,
            method=method,
            url=url,
            elapsed=answer.elapsed,
            parsed=parsed,
        )
    )


def _last(sink: list[APIResponse[Any]], result: _T) -> APIResponse[_T]:
    for response in reversed(sink):
        if response.parsed is result:
            found: APIResponse[_T] = response
            return found
    raise RuntimeError("the call returned without an HTTP answer to show")


def raw_response_wrapper(method: Callable[_P, _T]) -> Callable[_P, APIResponse[_T]]:
    @functools.wraps(method)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_T]:
        sink: list[APIResponse[Any]] = []
        token = _CAPTURE.set(sink)
        try:
            result = method(*args, **kwargs)
        finally:
            _CAPTURE.reset(token)
        return _last(sink, result)

    return wrapped


def async_raw_response_wrapper(method: Callable[_P, Awaitable[_T]]) -> Callable[_P, Awaitable[APIResponse[_T]]]:
    @functools.wraps(method)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_T]:
        sink: list[APIResponse[Any]] = []
        token = _CAPTURE.set(sink)
        try:
            result = await method(*args, **kwargs)
        finally:
            _CAPTURE.reset(token)
        return _last(sink, result)

    return wrapped
