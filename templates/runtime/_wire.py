# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""What travels: how an API wraps its answers, one operation, one prepared request, one answer as read."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Mapping
from typing import Any, Generic, Literal, TypeVar

import attrs
import httpx

__all__ = ["Answer", "Endpoint", "Envelope", "Prepared", "ResponseKind"]

ResponseKind = Literal["json", "text", "bytes", "none"]
# Codecs for host names, not bodies: they refuse errors="replace" or take quadratic time.
_NOT_BODY_CHARSETS = frozenset({"idna", "punycode"})
_T = TypeVar("_T")


@attrs.frozen(kw_only=True)
class Envelope:
    """An API that wraps every JSON answer with a business code (Kling: ``code``, ``message``, ``request_id``).

    A code not in ``ok`` is an error even on HTTP 200; ``error_class_for`` maps it.
    """

    code: str = "code"
    ok: tuple[object, ...] = (0,)
    message: str = "message"
    request_id: str = "request_id"


@attrs.frozen(kw_only=True)
class Endpoint(Generic[_T]):
    """One operation as the runtime sees it: how to send it, and how to read its answer into ``_T``."""

    name: str  # e.g. "images.generate", for logs and errors
    method: str
    idempotent: bool
    response: ResponseKind
    parse: Callable[[Any], _T]


@attrs.frozen(kw_only=True)
class Prepared:
    """One logical request, re-sent unchanged by each retry."""

    method: str
    url: str
    params: Mapping[str, Any] | None
    headers: Mapping[str, str]
    cookies: Mapping[str, str] | None
    json: object
    content: bytes | str | None
    data: Mapping[str, Any] | None
    files: Any
    timeout: httpx.Timeout
    deadline: float | None  # seconds for one whole attempt, or None
    idempotent: bool
    max_bytes: int
    name: str


@attrs.frozen(kw_only=True)
class Answer:
    """An HTTP answer as read (body decoded and capped)."""

    status_code: int
    reason: str
    headers: httpx.Headers
    content: bytes
    elapsed: float

    @property
    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip('"')
        try:
            if codecs.lookup(charset).name in _NOT_BODY_CHARSETS:
                raise LookupError(charset)
            return self.content.decode(charset, errors="replace")
        except (LookupError, ValueError):  # an unknown or unusable charset: read it as UTF-8
            return self.content.decode("utf-8", errors="replace")
