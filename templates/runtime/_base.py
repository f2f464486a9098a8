# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""What the sync and async clients share: configuration, building requests, reading answers, error mapping.

``_BaseClient`` holds no I/O: ``SyncAPIClient`` and ``AsyncAPIClient`` (in
``_http``) differ only in how they send and sleep, so their behaviour cannot
drift apart. The generated client sets class attributes (``default_base_url``,
``api_key_env``, ``base_url_env``, ``envelope``) and each generated method
calls ``_call(endpoint, ...)`` with an ``Endpoint`` that says how to read the
answer.

Every exception raised here has its message, body (keys and values),
request id, URL and headers redacted of the API key, and never chains the
transport's own exception (whose text the client does not control).
"""

from __future__ import annotations

import json as jsonlib
import logging
import math
import os
import re
import sys
import time
from collections.abc import Mapping
from typing import Any, ClassVar, Final, NoReturn, TypeVar

import attrs
import httpx

from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseError,
    APIStatusError,
    APITimeoutError,
    ConfigurationError,
    MissingAPIKeyError,
    RateLimitError,
    ServerError,
    error_class_for,
)
from ._redact import REDACTED, redact, redact_obj, register_secret
from ._response import record_raw
from ._retry import Failure, RetryPolicy, parse_retry_after, should_retry
from ._stream import DeadlinePassed, ResponseTooLarge
from ._types import NOT_GIVEN, NotGiven, Unset
from ._wire import Answer, Endpoint, Envelope, Prepared, ResponseKind

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "Endpoint",
    "Envelope",
    "NotGiven",
    "TimeoutTypes",
]

DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_MAX_RESPONSE_BYTES: Final = 50 * 1024 * 1024
RUNTIME_VERSION: Final = "0.2.0"
LOG_ENV: Final = "KLING_LOG"

TimeoutTypes = float | httpx.Timeout | None

_T = TypeVar("_T")

# Anything outside visible ASCII would be rejected by httpx with an error whose
# text could echo the header; refuse such keys up front with our own message.
_KEY_CHARS = re.compile(r"^[\x21-\x7e]+$")
_MAX_ERROR_TEXT = 300


class _Secret:
    """Holds the key so that ``repr``, ``vars()`` and debuggers never show it."""

    __slots__ = ("__weakref__", "_value")

    def __init__(self, value: str) -> None:
        self._value = value
        register_secret(self)

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"<secret {REDACTED}>"

    def __reduce__(self) -> NoReturn:
        raise TypeError("the API key holder cannot be pickled")


def _to_timeout(value: TimeoutTypes | NotGiven, fallback: httpx.Timeout) -> httpx.Timeout:
    if isinstance(value, NotGiven):
        return fallback
    if isinstance(value, httpx.Timeout):
        return value
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0
    ):
        raise ConfigurationError(f"timeout must be a number of seconds > 0, an httpx.Timeout or None, got {value!r}")
    return httpx.Timeout(value)


def _attempt_seconds(timeout: httpx.Timeout) -> float | None:
    """The whole attempt (connect, headers, body) must end within the largest of the timeout's parts."""
    parts = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t is not None]
    return max(parts) if parts else None


def _one_line(text: str, limit: int = _MAX_ERROR_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[:limit]}..."


def _clean_mapping(values: Mapping[str, object] | None) -> dict[str, Any]:
    """Drop ``UNSET`` entries (parameters not given)."""
    return {k: v for k, v in (values or {}).items() if not isinstance(v, Unset)}


def _configure_logging(logger: logging.Logger) -> None:
    """``KLING_LOG=debug|info`` logs requests to stderr (once per process; never headers or bodies)."""
    level = os.environ.get(LOG_ENV, "").strip().lower()
    if level not in ("debug", "info") or logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)


class _BaseClient:
    """Everything both clients share; holds no I/O."""

    default_base_url: ClassVar[str] = "https://api.chainhub.tech"
    api_key_env: ClassVar[str] = "CHAINHUB_API_KEY"
    # Empty means "no environment override for the base URL".
    base_url_env: ClassVar[str] = ""
    # None: plain HTTP semantics (2xx is success).
    envelope: ClassVar[Envelope | None] = None
    logger_name: ClassVar[str] = "kling_client"
    user_agent: ClassVar[str] = f"kling-codegen-client/{RUNTIME_VERSION} httpx/{httpx.__version__}"

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: TimeoutTypes,
        max_retries: int,
        retry_ambiguous_creates: bool,
        retry_policy: RetryPolicy | None,
        max_response_bytes: int,
    ) -> None:
        self._api_key = _Secret(self._resolve_api_key(api_key))
        self.base_url = self._resolve_base_url(base_url)
        self.timeout = _to_timeout(timeout, DEFAULT_TIMEOUT)
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ConfigurationError(f"max_retries must be an int >= 0, got {max_retries!r}")
        if isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int) or max_response_bytes < 1:
            raise ConfigurationError(f"max_response_bytes must be an int >= 1, got {max_response_bytes!r}")
        if not isinstance(retry_ambiguous_creates, bool):
            raise ConfigurationError(f"retry_ambiguous_creates must be True or False, got {retry_ambiguous_creates!r}")
        policy = retry_policy or RetryPolicy()
        self.retry_policy = attrs.evolve(policy, max_retries=max_retries)
        self.retry_ambiguous_creates = retry_ambiguous_creates
        self.max_response_bytes = max_response_bytes
        self._log = logging.getLogger(self.logger_name)
        _configure_logging(self._log)

    @property
    def max_retries(self) -> int:
        return self.retry_policy.max_retries

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, api_key={REDACTED!r}, "
            f"max_retries={self.max_retries}, retry_ambiguous_creates={self.retry_ambiguous_creates})"
        )

    # -- configuration ----------------------------------------------------------

    @classmethod
    def _resolve_api_key(cls, api_key: str | None) -> str:
        source = "api_key"
        if api_key is None:
            api_key = os.environ.get(cls.api_key_env)
            source = cls.api_key_env
        if api_key is not None and not isinstance(api_key, str):
            raise ConfigurationError(f"api_key must be a string, got {type(api_key).__name__}")
        if api_key is None or not api_key.strip():
            raise MissingAPIKeyError(cls.api_key_env)
        api_key = api_key.strip()
        if api_key.lower().startswith("bearer "):
            # A pasted "Bearer sk-..." would otherwise become "Bearer Bearer sk-...".
            api_key = api_key[7:].strip()
        if not _KEY_CHARS.match(api_key):
            raise MissingAPIKeyError(
                cls.api_key_env,
                f"the API key from {source} contains spaces or characters not allowed in an HTTP header",
            )
        return api_key

    @classmethod
    def _resolve_base_url(cls, base_url: str | None) -> str:
        if base_url is None and cls.base_url_env:
            base_url = os.environ.get(cls.base_url_env) or None
        url = (base_url or cls.default_base_url).rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ConfigurationError(f"base_url must start with http:// or https://, got {_one_line(url, 80)!r}")
        return url

    def _secrets(self) -> tuple[str]:
        return (self._api_key.get(),)

    def _redact(self, text: str) -> str:
        return redact(text, self._secrets())

    def _short(self, text: str, limit: int = _MAX_ERROR_TEXT) -> str:
        """``text`` redacted, then on one line and cut to ``limit`` (in this order: a cut key would not match)."""
        return _one_line(self._redact(text), limit)

    # -- building requests ------------------------------------------------------

    def _prepare(
        self,
        *,
        name: str,
        method: str,
        path: str,
        idempotent: bool,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        json: object = NOT_GIVEN,
        content: bytes | str | None = None,
        data: Mapping[str, object] | None = None,
        files: Any = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Prepared:
        if not path.startswith("/"):
            path = "/" + path
        merged_headers = {
            "Authorization": f"Bearer {self._api_key.get()}",
            "User-Agent": self.user_agent,
            "Accept": "application/json",
            # Only the codings read_capped decodes itself, with a size cap.
            "Accept-Encoding": "gzip, deflate",
        }
        merged_headers.update({k: str(v) for k, v in _clean_mapping(headers).items()})
        merged_headers.update({str(k): str(v) for k, v in (extra_headers or {}).items()})
        query = _clean_mapping(params)
        query.update(extra_query or {})
        body: object = json
        if extra_body:
            if isinstance(body, NotGiven):
                body = dict(extra_body)
            elif isinstance(body, Mapping):
                body = {**body, **extra_body}
            else:
                raise ConfigurationError("extra_body can only be merged into a JSON object body")
        effective = _to_timeout(timeout, self.timeout)
        cookie_values = {k: str(v) for k, v in _clean_mapping(cookies).items()}
        return Prepared(
            method=method.upper(),
            url=f"{self.base_url}{path}",
            params=query or None,
            headers=merged_headers,
            cookies=cookie_values or None,
            json=body,
            content=content,
            data=_clean_mapping(data) if data is not None else None,
            files=files,
            timeout=effective,
            deadline=_attempt_seconds(effective),
            idempotent=idempotent,
            max_bytes=self.max_response_bytes,
            name=name,
        )

    def _prepare_download(self, url: str, timeout: TimeoutTypes | NotGiven, max_bytes: int | None) -> Prepared:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConfigurationError(f"can only download http(s) URLs, got {self._short(str(url), 80)!r}")
        effective = _to_timeout(timeout, self.timeout)
        # No Authorization: result files live on a CDN that must never see the key.
        return Prepared(
            method="GET",
            url=url,
            params=None,
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
            cookies=None,
            json=NOT_GIVEN,
            content=None,
            data=None,
            files=None,
            timeout=effective,
            deadline=None,  # a large video may take long; each read is still bounded by the read timeout
            idempotent=True,
            max_bytes=max_bytes if max_bytes is not None else self.max_response_bytes,
            name="download",
        )

    @staticmethod
    def _request_kwargs(req: Prepared) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"params": req.params, "headers": req.headers, "timeout": req.timeout}
        if req.cookies:
            kwargs["cookies"] = req.cookies
        if not isinstance(req.json, NotGiven):
            kwargs["json"] = req.json
        if req.content is not None:
            kwargs["content"] = req.content
        if req.data is not None:
            kwargs["data"] = req.data
        if req.files is not None:
            kwargs["files"] = req.files
        return kwargs

    # -- classifying outcomes ---------------------------------------------------

    def _where(self, req: Prepared) -> str:
        return f"{req.method} {self._redact(req.url)}"

    def _wrap_transport_error(
        self, exc: BaseException, req: Prepared, deadline_passed: bool
    ) -> tuple[Failure, APIConnectionError]:
        detail = self._short(str(exc) or type(exc).__name__, 200)
        where = self._where(req)
        url = self._redact(req.url)
        note = "" if req.idempotent else "; the server may have received it, so a task may exist"
        if deadline_passed or isinstance(exc, DeadlinePassed):
            return Failure.AMBIGUOUS, APITimeoutError(
                f"the request did not finish within its {req.deadline:g} s deadline ({where}){note}",
                method=req.method,
                url=url,
                request_sent=True,
            )
        # Order matters: the timeout classes are also TransportErrors.
        if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
            kind = "pool timeout" if isinstance(exc, httpx.PoolTimeout) else "connect timeout"
            return Failure.NOT_SENT, APITimeoutError(
                f"{kind} before the request was sent ({where}): {detail}",
                method=req.method,
                url=url,
                request_sent=False,
            )
        if isinstance(exc, httpx.ConnectError | httpx.ProxyError):
            return Failure.NOT_SENT, APIConnectionError(
                f"could not connect ({where}): {detail}", method=req.method, url=url, request_sent=False
            )
        if isinstance(exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError) or not isinstance(
            exc, httpx.TransportError
        ):
            # Raised while building/sending our own request: a bug or bad configuration.
            return Failure.FATAL, APIConnectionError(
                f"request could not be sent ({where}): {detail}", method=req.method, url=url, request_sent=False
            )
        if isinstance(exc, httpx.TimeoutException):
            return Failure.AMBIGUOUS, APITimeoutError(
                f"timed out waiting for the response ({where}): {detail}{note}",
                method=req.method,
                url=url,
                request_sent=True,
            )
        return Failure.AMBIGUOUS, APIConnectionError(
            f"connection failed after sending the request ({where}): {detail}{note}",
            method=req.method,
            url=url,
            request_sent=True,
        )

    def _too_large(self, req: Prepared, limit: int, status: int) -> APIResponseError:
        return APIResponseError(
            f"the answer to {self._where(req)} is larger than {limit} bytes once decoded "
            "(max_response_bytes); it was not read further",
            status_code=status,
            body=None,
            method=req.method,
            url=self._redact(req.url),
        )

    @staticmethod
    def _failure_of(err: APIError) -> Failure:
        if isinstance(err, RateLimitError):
            return Failure.REJECTED
        if isinstance(err, ServerError):
            return Failure.AMBIGUOUS
        return Failure.FATAL

    def _business_code(self, body: object) -> object:
        """The envelope's code, or None (no envelope, not an object, no code)."""
        if self.envelope is None or not isinstance(body, dict):
            return None
        code = body.get(self.envelope.code)
        if isinstance(code, str) and code.strip().lstrip("-").isdigit():
            return int(code.strip())
        return code

    def _request_id(self, answer: Answer, body: object) -> str | None:
        raw: object = None
        if self.envelope is not None and isinstance(body, dict):
            raw = body.get(self.envelope.request_id)
        if raw in (None, ""):
            raw = answer.headers.get("x-request-id")
        return self._short(str(raw), 200) if raw not in (None, "") else None

    def _decode_json(self, answer: Answer, req: Prepared) -> object:
        try:
            return jsonlib.loads(answer.content)
        except (ValueError, RecursionError, MemoryError) as exc:
            what = "nested too deeply" if isinstance(exc, RecursionError) else "not valid JSON"
            raise APIResponseError(
                self._redact(f"HTTP {answer.status_code} answer to {self._where(req)} is {what}: ")
                + repr(self._short(answer.text or "<empty body>", 120)),
                status_code=answer.status_code,
                body=self._short(answer.text),
                method=req.method,
                url=self._redact(req.url),
            ) from None

    def _check_answer(self, answer: Answer, req: Prepared, kind: ResponseKind) -> object:
        """The decoded body of a success (JSON, text or bytes); raise the mapped error otherwise."""
        status = answer.status_code
        ok = 200 <= status < 300
        if ok and kind in ("bytes", "none") and self.envelope is None:
            return answer.content
        if ok and kind == "text":
            return answer.text
        body: object
        try:
            body = jsonlib.loads(answer.content) if answer.content else None
            is_json = answer.content != b""
        except (ValueError, RecursionError, MemoryError):
            body, is_json = answer.text, False
        code = self._business_code(body) if is_json else None
        ok_code = code is None or (self.envelope is not None and code in self.envelope.ok)
        if ok and ok_code:
            if kind == "json" and not is_json and answer.content:
                self._decode_json(answer, req)  # raises the typed error
            if kind == "json" and self.envelope is not None and not isinstance(body, dict):
                raise APIResponseError(
                    self._redact(f"HTTP {status} answer to {self._where(req)} is not a JSON object: ")
                    + repr(self._short(answer.text or "<empty body>", 120)),
                    status_code=status,
                    body=self._short(answer.text),
                    method=req.method,
                    url=self._redact(req.url),
                )
            return body if kind == "json" else answer.content
        raise self._status_error(answer, req, body, code if not ok_code else None)

    def _status_error(self, answer: Answer, req: Prepared, body: object, code: object) -> APIStatusError:
        status = answer.status_code
        int_code = code if isinstance(code, int) and not isinstance(code, bool) else None
        cls = error_class_for(status, int_code) if self.envelope is not None else error_class_for(status, None)
        if self.envelope is not None and code is not None and int_code is None and 200 <= status < 300:
            cls = APIStatusError
        message: str | None = None
        if isinstance(body, dict):
            key = self.envelope.message if self.envelope is not None else "message"
            raw_message = body.get(key)
            if raw_message in (None, "") and isinstance(body.get("error"), dict):
                raw_message = body["error"].get("message")
            message = str(raw_message) if raw_message not in (None, "") else None
        request_id = self._request_id(answer, body)
        if message is None:
            message = f"HTTP {status} {answer.reason}".strip()
            if isinstance(body, str) and body.strip():
                message += f" with a non-JSON body: {self._short(body, 120)!r}"
        parts = [f"HTTP {status}"]
        if code is not None:
            parts.append(f"code {self._short(str(code), 40)}")
        if request_id:
            parts.append(f"request_id {request_id}")
        if issubclass(cls, ServerError) and not req.idempotent:
            parts.append("the task may have been created; check before creating it again")
        retry_after = parse_retry_after(
            answer.headers.get("retry-after"), now=time.time(), cap=self.retry_policy.max_retry_after
        )
        shown_body = body if isinstance(body, dict | list) else self._short(str(body or ""))
        return cls(
            self._redact(f"{self._short(message)} ({', '.join(parts)}; {self._where(req)})"),
            status_code=status,
            code=int_code,
            request_id=request_id,
            body=redact_obj(shown_body, self._secrets()),
            retry_after=retry_after,
            method=req.method,
            url=self._redact(req.url),
        )

    def _result(self, endpoint: Endpoint[_T], answer: Answer, req: Prepared, body: object) -> _T:
        """Parse a successful answer into the endpoint's type; a mismatch is ``APIResponseError``."""
        try:
            result = endpoint.parse(body)
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError, MemoryError) as exc:
            raise APIResponseError(
                f"the answer to {endpoint.name} does not match the spec: {self._short(str(exc) or type(exc).__name__, 200)}",
                status_code=answer.status_code,
                body=redact_obj(body, self._secrets()),
                method=req.method,
                url=self._redact(req.url),
            ) from None
        request_id = self._request_id(answer, body)
        for item in result if isinstance(result, list) else (result,):
            if hasattr(item, "_codegen_request_id"):
                object.__setattr__(item, "_codegen_request_id", request_id)
        record_raw(answer, req.method, self._redact(req.url), request_id, result, self._secrets())
        return result

    def _retry_delay(self, req: Prepared, failure: Failure, err: APIError, retries: int) -> float | None:
        """Seconds to wait before the next attempt, or None to give up and raise ``err``."""
        if retries >= self.retry_policy.max_retries:
            return None
        if not should_retry(failure, idempotent=req.idempotent, retry_ambiguous_creates=self.retry_ambiguous_creates):
            return None
        retry_after = err.retry_after if isinstance(err, APIStatusError) else None
        delay = self.retry_policy.delay(retries, retry_after=retry_after)
        self._log.info(
            "retrying %s in %.2fs (retry %d of %d) after %s: %s",
            self._where(req),
            delay,
            retries + 1,
            self.retry_policy.max_retries,
            failure.value,
            err.message,
        )
        return delay

    def _log_attempt(self, req: Prepared, attempt: int) -> None:
        # Never log headers or bodies: headers hold the key, bodies may hold megabytes of base64.
        self._log.debug("request %s %s (attempt %d)", req.name, self._where(req), attempt)

    def _log_answer(self, req: Prepared, answer: Answer) -> None:
        self._log.info(
            "%s %s -> HTTP %d (%d bytes, %.0f ms)",
            req.name,
            self._where(req),
            answer.status_code,
            len(answer.content),
            answer.elapsed * 1000,
        )

    def _read_failure(self, exc: BaseException, req: Prepared, status: int) -> tuple[Failure, APIError]:
        if isinstance(exc, ResponseTooLarge):
            return Failure.FATAL, self._too_large(req, exc.limit, status)
        if isinstance(exc, ValueError | OSError | MemoryError) and not isinstance(exc, httpx.HTTPError):
            # Undecodable compression, an unsupported Content-Encoding, or no memory left to decode it.
            return Failure.FATAL, APIResponseError(
                f"the answer to {self._where(req)} could not be decoded: {self._short(str(exc) or type(exc).__name__, 200)}",
                status_code=status,
                body=None,
                method=req.method,
                url=self._redact(req.url),
            )
        return self._wrap_transport_error(exc, req, isinstance(exc, DeadlinePassed))
