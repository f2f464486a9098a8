# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Exceptions raised by the client.

Every exception the client raises on purpose derives from ``KlingError``::

    KlingError
     ├── ConfigurationError            the client was set up wrongly
 │    └── MissingAPIKeyError       no key given and the env var is unset
     ├── RequestValidationError        (also ValueError) a request field breaks a spec rule
     ├── APIError                      a request was attempted and did not succeed
     │    ├── APIConnectionError       no usable HTTP response (refused, dropped, ...)
     │    │    └── APITimeoutError     connect/read/write/pool timeout
     │    ├── APIResponseError         a 2xx answer whose body is not a JSON envelope
     │    └── APIStatusError           the server (or a proxy) answered with an error
     │         ├── AuthenticationError     codes 1000-1099, HTTP 401
     │         ├── PermissionDeniedError   codes 1100-1199 and 1304, HTTP 403
     │         ├── InvalidRequestError     codes 1200-1299, other HTTP 4xx
     │         │    └── NotFoundError      code 1203, HTTP 404
     │         ├── ContentPolicyError      codes 1300, 1301
     │         ├── RateLimitError          codes 1302, 1303, HTTP 429
     │         └── ServerError             codes 5000-5999, HTTP 5xx
     └── TaskError                     the task itself did not produce images
          ├── TaskFailedError          the task ended in ``failed``
          └── WaitTimeoutError         the task did not finish within the wait timeout

The business ``code`` in the response envelope wins over the HTTP status:
relays commonly answer ``200 OK`` with ``code != 0``, and proxies answer with
HTML pages that carry no code at all (then the HTTP status decides).

``APIConnectionError.request_sent`` tells whether the request may have reached
the server. For a create that matters: ``True`` means a paid task may exist
even though no answer arrived, which is why such failures are not retried
unless the caller opted in.
"""

from __future__ import annotations

import attrs

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "ConfigurationError",
    "ContentPolicyError",
    "InvalidRequestError",
    "KlingError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ServerError",
    "TaskError",
    "TaskFailedError",
    "Violation",
    "WaitTimeoutError",
    "error_class_for",
]


class KlingError(Exception):
    """Base class of every error raised by the client on purpose."""


class ConfigurationError(KlingError):
    """The client was constructed with unusable settings (bad key format, bad base URL)."""


class MissingAPIKeyError(ConfigurationError):
    """No API key was passed and the environment variable holding it is unset or blank."""

    def __init__(self, env_var: str, detail: str | None = None) -> None:
        self.env_var = env_var
        message = detail or (f"no API key: pass api_key=... or set the {env_var} environment variable")
        super().__init__(message)


class RequestValidationError(KlingError, ValueError):
    """Request values break rules of the API spec; raised before anything is sent.

    ``errors`` lists every violation (field, rule, value, the spec sentence it
    came from, what is wrong); ``field``, ``rule``, ``value`` and ``evidence``
    are the first one's, for convenience. The evidence lets a user check that
    the client is not stricter than the documentation.
    """

    def __init__(
        self,
        *,
        field: str,
        rule: str,
        value: object,
        evidence: str,
        message: str,
        errors: tuple[Violation, ...] = (),
    ) -> None:
        super().__init__(message)
        self.field = field
        self.rule = rule
        self.value = value
        self.evidence = evidence
        self.message = message
        self.errors = errors or (Violation(field=field, rule=rule, value=value, evidence=evidence, detail=message),)

    @classmethod
    def of(cls, model: str, violations: tuple[Violation, ...]) -> RequestValidationError:
        """One error for every violation: ``Model: field must ...; got ... (spec: "...") | field ...``."""
        first = violations[0]
        parts = [v.describe() for v in violations]
        count = f"{len(violations)} rules broken: " if len(violations) > 1 else ""
        return cls(
            field=first.field,
            rule=first.rule,
            value=first.value,
            evidence=first.evidence,
            message=f"{model}: {count}" + " | ".join(parts),
            errors=violations,
        )

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only __init__ breaks the default pickling of exceptions.
        return (
            _rebuild_validation_error,
            (self.field, self.rule, self.value, self.evidence, self.message, self.errors),
        )


@attrs.frozen(kw_only=True)
class Violation:
    """One broken rule: ``field`` (wire name), ``rule`` (the keyword), the offending value and the sentence."""

    field: str
    rule: str
    value: object
    evidence: str
    detail: str  # what is wrong, e.g. "must be at most 2500 characters (has 2501)"

    def describe(self) -> str:
        """``prompt must be at most 2500 characters (has 2501); got 'xx...' (spec: "...")``."""
        spec = f' (spec: "{self.evidence}")' if self.evidence else ""
        if self.rule == "x-dependencies":
            return f"{self.detail}{spec}"
        got = "" if self.value is None or self.rule == "required" else f"; got {short_repr(self.value)}"
        return f"{self.field} {self.detail}{got}{spec}"


def _rebuild_validation_error(
    field: str, rule: str, value: object, evidence: str, message: str, errors: tuple[Violation, ...]
) -> RequestValidationError:
    return RequestValidationError(field=field, rule=rule, value=value, evidence=evidence, message=message,
                                  errors=errors)  # fmt: skip


def short_repr(value: object, limit: int = 80) -> str:
    """``repr`` cut to one readable line: base64 images can be megabytes."""
    text = repr(getattr(value, "value", value))
    if len(text) > limit:
        text = f"{text[: limit - 15]}...<{len(text)} chars>"
    return text


class APIError(KlingError):
    """A request was attempted and did not give a successful answer."""

    def __init__(self, message: str, *, method: str = "", url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url


class APIConnectionError(APIError):
    """No usable HTTP response arrived.

    ``request_sent`` is False only when the request certainly never reached the
    server (connection refused, connect or pool timeout).
    """

    def __init__(self, message: str, *, method: str = "", url: str = "", request_sent: bool = True) -> None:
        super().__init__(message, method=method, url=url)
        self.request_sent = request_sent


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout expired."""


class APIResponseError(APIError):
    """A 2xx answer whose body is not the JSON envelope the API promises."""

    def __init__(self, message: str, *, status_code: int, body: object, method: str = "", url: str = "") -> None:
        super().__init__(message, method=method, url=url)
        self.status_code = status_code
        self.body = body


class APIStatusError(APIError):
    """The server or a proxy answered with an error: a non-zero ``code`` or a non-2xx status.

    ``code`` is the business code from the envelope (None when the body had
    none, e.g. an HTML page from a proxy); ``body`` is the decoded JSON, or the
    text when it was not JSON.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: int | None,
        request_id: str | None,
        body: object,
        retry_after: float | None = None,
        method: str = "",
        url: str = "",
    ) -> None:
        super().__init__(message, method=method, url=url)
        self.status_code = status_code
        self.code = code
        self.request_id = request_id
        self.body = body
        # Seconds the server asked us to wait (Retry-After), already capped.
        self.retry_after = retry_after


class AuthenticationError(APIStatusError):
    """The API key is missing, malformed, expired or not yet valid (codes 1000-1004)."""


class PermissionDeniedError(APIStatusError):
    """The account cannot do this: arrears, exhausted resource pack, no access (1100-1103)."""


class InvalidRequestError(APIStatusError):
    """The server rejected the request parameters or method (1200-1203)."""


class NotFoundError(InvalidRequestError):
    """The requested resource (e.g. a task id) does not exist (1203, HTTP 404)."""


class ContentPolicyError(APIStatusError):
    """The request hit a platform policy or content-safety check (1300, 1301)."""


class RateLimitError(APIStatusError):
    """Too many requests or too many concurrent tasks (1302, 1303, HTTP 429)."""


class ServerError(APIStatusError):
    """The server failed or is unavailable (5000-5002, HTTP 5xx)."""


class TaskError(KlingError):
    """The task did not produce its result."""


class TaskFailedError(TaskError):
    """The task ended with status ``failed``; ``task`` is the last task object seen."""

    def __init__(self, *, task: object, task_id: str | None, failure_message: str) -> None:
        shown = failure_message or "no reason given"
        super().__init__(f"task {task_id or '?'} failed: {shown}")
        self.task = task
        self.task_id = task_id
        self.failure_message = failure_message


class WaitTimeoutError(TaskError, TimeoutError):
    """The task was still unfinished when the wait timeout expired.

    The task keeps running on the server; ``task`` is the last object seen, so
    the caller can resume waiting on ``task_id`` later.
    """

    def __init__(self, *, task: object, task_id: str | None, last_status: str | None, timeout: float) -> None:
        super().__init__(f"task {task_id or '?'} still {last_status or 'unknown'} after {timeout:g}s")
        self.task = task
        self.task_id = task_id
        self.last_status = last_status
        self.timeout = timeout
        # The last poll's error when polls were failing at the deadline (the task may be fine).
        self.last_error: BaseException | None = None


def error_class_for(status_code: int, code: int | None) -> type[APIStatusError]:
    """Pick the exception class: the business code first, the HTTP status as fallback."""
    if code is not None:
        by_code = _class_for_code(code)
        if by_code is not None:
            return by_code
    return _class_for_status(status_code)


def _class_for_code(code: int) -> type[APIStatusError] | None:
    if 1000 <= code <= 1099:
        return AuthenticationError
    if code == 1203:
        return NotFoundError
    if 1100 <= code <= 1199 or code == 1304:
        # 1304 is the IP allow-list policy: an account setting, not content.
        return PermissionDeniedError
    if 1200 <= code <= 1299:
        return InvalidRequestError
    if code in (1302, 1303):
        return RateLimitError
    if 1300 <= code <= 1399:
        return ContentPolicyError
    if 5000 <= code <= 5999:
        return ServerError
    return None


def _class_for_status(status_code: int) -> type[APIStatusError]:
    if status_code == 401:
        return AuthenticationError
    if status_code == 403:
        return PermissionDeniedError
    if status_code == 404:
        return NotFoundError
    if status_code == 429:
        return RateLimitError
    if status_code >= 500:
        return ServerError
    if 400 <= status_code < 500:
        return InvalidRequestError
    # A 2xx/3xx carrying an unknown non-zero code: still an error, just untyped.
    return APIStatusError
