# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Turn decoded response bodies into models without letting a bad body crash the caller.

Generated resource methods call these on every response: a body that is not
an object, or a model the spec promised that is missing, becomes
``APIResponseError`` carrying the body, never a ``KeyError`` from deep inside.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ._errors import APIResponseError

_T = TypeVar("_T")


def parse_response(factory: Callable[[Mapping[str, Any]], _T], raw: object) -> _T:
    if not isinstance(raw, Mapping):
        raise APIResponseError("response body is not a JSON object", status_code=200, body=raw)
    try:
        return factory(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise APIResponseError(f"response does not match the spec: {exc!r}", status_code=200, body=raw) from exc


def parse_response_list(factory: Callable[[Mapping[str, Any]], _T], raw: object) -> list[_T]:
    if not isinstance(raw, list):
        raise APIResponseError("response body is not a JSON array", status_code=200, body=raw)
    return [parse_response(factory, item) for item in raw]


def require_field(value: object, expected: type[_T], name: str, body: object) -> _T:
    if isinstance(value, expected):
        return value
    raise APIResponseError(f"response has no {name!r} object", status_code=200, body=body)
