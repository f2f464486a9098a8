"""Fake server: injected misbehaviour, one fault per matching request.

Input: fault descriptions (from Python or JSON on the control endpoint).
Output: validated ``Fault`` values; a bad kind, status code or field is a
``ValueError`` naming it, never a traceback in the server.
"""

from __future__ import annotations

import http
import math
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Literal, get_args

import attrs

FaultKind = Literal["status", "drop", "delay", "fail_task"]
FaultMatch = Literal["any", "create", "get"]
MAX_DELAY_SECONDS = 600.0


def _header_pairs(value: Sequence[Sequence[str]]) -> tuple[tuple[str, str], ...]:
    # JSON gives lists of lists; attrs equality and hashing want tuples.
    pairs = tuple((str(name), str(val)) for name, val in value)
    for name, val in pairs:
        if not name.isascii() or any(c in name + val for c in "\r\n\0"):
            raise ValueError(f"fault header {name!r} is not a valid header")
    return pairs


def _status(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 599:
        raise ValueError(f"fault status_code must be an HTTP status (100-599), got {value!r}")


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
    json_body: Any = None
    text: str | None = attrs.field(default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str)))
    content_type: str = attrs.field(default="application/json", validator=attrs.validators.instance_of(str))
    headers: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_header_pairs)
    seconds: float = attrs.field(default=0.0, validator=_seconds)
    process_first: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    message: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    echo_authorization: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

    def to_json(self) -> dict[str, Any]:
        data = attrs.asdict(self)
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
