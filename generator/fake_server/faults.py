"""Fake server: injected misbehaviour, one fault per matching request.

Input: fault descriptions (from Python or JSON on the control endpoint).
Output: validated ``Fault`` values; a bad kind, status code or field is a
``ValueError`` naming it, never a traceback in the server.
"""

from __future__ import annotations

import http
import json
import math
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Literal, get_args

import attrs

FaultKind = Literal["status", "drop", "delay", "fail_task"]
FaultMatch = Literal["any", "create", "get"]
MAX_DELAY_SECONDS = 600.0
# Deeper JSON is refused where the server keeps it (fault bodies) and not listed back (recorded request
# bodies): the standard library's encoder recurses.
MAX_JSON_DEPTH = 64
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")  # an HTTP header name (RFC 9110 token)


def json_depth(value: object) -> int:
    """How deeply ``value`` (decoded JSON) nests, counted without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def _header_value(value: object, what: str) -> str:
    """A header value the server can send as is: latin-1, no CR, LF or NUL (which would inject headers)."""
    if not isinstance(value, str) or len(value) > 8192 or any(c in value for c in "\r\n\0"):
        raise ValueError(f"fault {what} must be a header value on one line, got {str(value)[:60]!r}")
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise ValueError(f"fault {what} must be latin-1 text, got {value[:60]!r}") from None
    return value


def _header_pairs(value: Sequence[Sequence[str]]) -> tuple[tuple[str, str], ...]:
    # JSON gives lists of lists; attrs equality and hashing want tuples.
    if not isinstance(value, list | tuple) or len(value) > 50:
        raise ValueError("fault headers must be a list of at most 50 [name, value] pairs")
    pairs = []
    for pair in value:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ValueError(f"a fault header must be a [name, value] pair, got {str(pair)[:60]!r}")
        name, val = pair
        if not isinstance(name, str) or not _TOKEN.match(name):
            raise ValueError(f"fault header {str(name)[:60]!r} is not a valid header name")
        pairs.append((name, _header_value(val, f"header {name!r}")))
    return tuple(pairs)


def _status(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    # 1xx are interim answers: sent as the final one they would desynchronise the connection.
    if isinstance(value, bool) or not isinstance(value, int) or not 200 <= value <= 599:
        raise ValueError(f"fault status_code must be a final HTTP status (200-599), got {value!r}")


def _content_type(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    _header_value(value, "content_type")


def _text(instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise ValueError(f"fault text must be a string, got {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("fault text must be valid Unicode (no lone surrogates)") from None


def _json_body(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if json_depth(value) > MAX_JSON_DEPTH:
        raise ValueError(f"fault json_body nests deeper than {MAX_JSON_DEPTH} levels")
    try:
        json.dumps(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"fault json_body is not JSON: {exc}") from None


def _seconds(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"fault seconds must be a finite number, got {value!r}")
    if not 0 <= value <= MAX_DELAY_SECONDS:
        raise ValueError(f"fault seconds must be between 0 and {MAX_DELAY_SECONDS:g}, got {value!r}")


@attrs.frozen(kw_only=True)
class Fault:
    """One injected misbehaviour, consumed by the first API request it ``match``es.

    ``status``: answer ``status_code`` with ``json_body`` (or ``text``).
    ``drop``: close the socket after reading the request, answering nothing.
    ``delay``: wait ``seconds`` (cut short when the server stops), then answer normally.
    ``fail_task``: the task created by this request ends ``failed`` with ``message``.
    ``process_first`` runs the request (a create makes its task) before a
    ``status``/``drop`` fault replaces the answer: the server-side effect
    happened, the client cannot know.
    ``echo_authorization`` appends the received Authorization header to the
    JSON message, like careless relays do (for redaction tests).
    """

    kind: FaultKind = attrs.field(validator=attrs.validators.in_(get_args(FaultKind)))
    match: FaultMatch = attrs.field(default="any", validator=attrs.validators.in_(get_args(FaultMatch)))
    status_code: int = attrs.field(default=500, validator=_status)
    json_body: Any = attrs.field(default=None, validator=_json_body)
    text: str | None = attrs.field(default=None, validator=_text)
    content_type: str = attrs.field(default="application/json", validator=_content_type)
    headers: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_header_pairs)
    seconds: float = attrs.field(default=0.0, validator=_seconds)
    process_first: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    message: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    echo_authorization: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

    def to_json(self) -> dict[str, Any]:
        data = attrs.asdict(self, recurse=False)
        data["headers"] = [list(pair) for pair in self.headers]
        return data

    @classmethod
    def from_json(cls, data: object) -> Fault:
        if not isinstance(data, Mapping):
            raise ValueError("a fault must be a JSON object")
        known = {a.name for a in attrs.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault fields: {sorted(map(str, unknown))}")
        try:
            return cls(**{str(k): v for k, v in data.items()})
        except TypeError as exc:
            raise ValueError(f"bad fault: {exc}") from None


def envelope(code: int, message: str, data: Any = None) -> dict[str, Any]:
    """Kling's response envelope."""
    return {"code": code, "message": message, "request_id": uuid.uuid4().hex, "data": data}


def rate_limited(
    *, retry_after: str | None = "0", code: int | None = 1302, status_code: int = 429, match: FaultMatch = "any"
) -> Fault:
    """429 (or ``status_code``) with an optional business code and ``Retry-After``."""
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    if code is None:
        return Fault(
            kind="status",
            match=match,
            status_code=status_code,
            text="Too Many Requests",
            content_type="text/plain",
            headers=headers,
        )
    return Fault(
        kind="status",
        match=match,
        status_code=status_code,
        headers=headers,
        json_body=envelope(code, "too many requests" if code == 1302 else "concurrency limit exceeded"),
    )


def server_error(
    status_code: int = 500, *, code: int | None = 5000, match: FaultMatch = "any", process_first: bool = False
) -> Fault:
    """A 5xx; with ``code=None`` the body is plain text with no business code."""
    if code is None:
        return Fault(
            kind="status",
            match=match,
            status_code=status_code,
            text="Internal Server Error",
            content_type="text/plain",
            process_first=process_first,
        )
    return Fault(
        kind="status",
        match=match,
        status_code=status_code,
        process_first=process_first,
        json_body=envelope(code, "internal server error"),
    )


def html_error(status_code: int = 502, *, match: FaultMatch = "any", process_first: bool = False) -> Fault:
    """The HTML page a reverse proxy sends when the upstream fails."""
    reason = http.HTTPStatus(status_code).phrase if status_code in http.HTTPStatus._value2member_map_ else "Error"
    page = (
        f"<html>\r\n<head><title>{status_code} {reason}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status_code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
    return Fault(
        kind="status",
        match=match,
        status_code=status_code,
        text=page,
        content_type="text/html",
        process_first=process_first,
    )


def business_error(
    code: int, *, status_code: int = 200, message: str = "", match: FaultMatch = "any", echo_authorization: bool = False
) -> Fault:
    """An envelope with a non-zero ``code``; HTTP 200 by default, as relays send it."""
    return Fault(
        kind="status",
        match=match,
        status_code=status_code,
        echo_authorization=echo_authorization,
        json_body=envelope(code, message or f"business error {code}"),
    )


def dropped(*, match: FaultMatch = "any", process_first: bool = False) -> Fault:
    """Read the request, then close the connection without answering."""
    return Fault(kind="drop", match=match, process_first=process_first)


def slow(seconds: float, *, match: FaultMatch = "any") -> Fault:
    """Answer normally, but only after ``seconds`` (use more than the client's read timeout)."""
    return Fault(kind="delay", match=match, seconds=seconds)


def failed_task(message: str = "content risk check failed") -> Fault:
    """The next created task ends ``failed`` with ``message`` instead of succeeding."""
    return Fault(kind="fail_task", match="create", message=message)


def non_json_ok(*, match: FaultMatch = "any") -> Fault:
    """HTTP 200 whose body is not JSON (a captive portal or a confused relay)."""
    return Fault(kind="status", match=match, status_code=200, text="<html>OK</html>", content_type="text/html")
