# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""What the sync and async clients share: configuration, building requests, reading answers, error mapping.

``_BaseClient`` holds no I/O: ``SyncAPIClient`` and ``AsyncAPIClient`` (in
``_http``) differ only in how they send and sleep, so their behaviour cannot
drift apart.
"""

from __future__ import annotations

import json as jsonlib
import logging
import os
import re
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
from ._redact import REDACTED, redact, redact_obj
from ._retry import Failure, RetryPolicy, parse_retry_after, should_retry

__all__ = ["DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "NOT_GIVEN", "NotGiven", "TimeoutTypes"]

logger = logging.getLogger("kling_client")

DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES: Final = 2
RUNTIME_VERSION: Final = "0.1.0"

TimeoutTypes = float | httpx.Timeout | None

_T = TypeVar("_T")

# Anything outside visible ASCII would be rejected by httpx with an error whose
# text could echo the header; refuse such keys up front with our own message.
_KEY_CHARS = re.compile(r"^[\x21-\x7e]+$")
_MAX_ERROR_TEXT = 300


class NotGiven:
    """Sentinel for "argument omitted", because ``None`` already means "no timeout"."""

    _instance: ClassVar[NotGiven | None] = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


class _Secret:
    """Holds the key so that ``repr``, ``vars()`` and debuggers never show it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"<secret {REDACTED}>"

    def __reduce__(self) -> NoReturn:
        raise TypeError("the API key holder cannot be pickled")


@attrs.frozen(kw_only=True)
class _Prepared:
    """One logical request, re-sent unchanged by each retry."""

    method: str
    url: str
    params: Mapping[str, Any] | None
    json: object | None
    headers: Mapping[str, str]
    timeout: httpx.Timeout
    idempotent: bool


def _to_timeout(value: TimeoutTypes) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(value)


def _business_code(body: object) -> int | None:
    """The envelope's ``code`` as an int; relays sometimes send it as a string."""
    if not isinstance(body, dict):
        return None
    code = body.get("code")
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return code
    if isinstance(code, str) and code.strip().lstrip("-").isdigit():
        return int(code.strip())
    return None


def _one_line(text: str, limit: int = _MAX_ERROR_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[:limit]}..."


class _BaseClient:
    """Everything both clients share; holds no I/O."""

    default_base_url: ClassVar[str] = "https://api.chainhub.tech"
    api_key_env: ClassVar[str] = "CHAINHUB_API_KEY"
    # Empty means "no environment override for the base URL".
    base_url_env: ClassVar[str] = ""
    user_agent: ClassVar[str] = f"kling-client/{RUNTIME_VERSION} httpx/{httpx.__version__}"

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: TimeoutTypes,
        max_retries: int,
        retry_ambiguous_creates: bool,
        retry_policy: RetryPolicy | None,
    ) -> None:
        self._api_key = _Secret(self._resolve_api_key(api_key))
        self.base_url = self._resolve_base_url(base_url)
        self.timeout = _to_timeout(timeout)
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ConfigurationError(f"max_retries must be an int >= 0, got {max_retries!r}")
        policy = retry_policy or RetryPolicy()
        self.retry_policy = attrs.evolve(policy, max_retries=max_retries)
        self.retry_ambiguous_creates = retry_ambiguous_creates

    @property
    def max_retries(self) -> int:
        return self.retry_policy.max_retries

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, api_key={REDACTED!r}, "
            f"max_retries={self.max_retries}, "
            f"retry_ambiguous_creates={self.retry_ambiguous_creates})"
        )

    # -- configuration ------------------------------------------------------

    @classmethod
    def _resolve_api_key(cls, api_key: str | None) -> str:
        source = "api_key"
        if api_key is None:
            api_key = os.environ.get(cls.api_key_env)
            source = cls.api_key_env
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
            raise ConfigurationError(f"base_url must start with http:// or https://, got {url!r}")
        return url

    def _secrets(self) -> tuple[str]:
        return (self._api_key.get(),)

    def _redact(self, text: str) -> str:
        return redact(text, self._secrets())

    # -- request building ---------------------------------------------------

    def _prepare(
        self,
        *,
        method: str,
        path: str,
        params: Mapping[str, object] | None,
        json: object | None,
        idempotent: bool,
        timeout: TimeoutTypes | NotGiven,
    ) -> _Prepared:
        if not path.startswith("/"):
            path = "/" + path
        headers = {
            "Authorization": f"Bearer {self._api_key.get()}",
            "User-Agent": self.user_agent,
            "Accept": "application/json",
        }
        return _Prepared(
            method=method.upper(),
            url=f"{self.base_url}{path}",
            params=dict(params) if params is not None else None,
            json=json,
            headers=headers,
            timeout=self.timeout if isinstance(timeout, NotGiven) else _to_timeout(timeout),
            idempotent=idempotent,
        )

    def _prepare_download(self, url: str, timeout: TimeoutTypes | NotGiven) -> _Prepared:
        if not url.startswith(("http://", "https://")):
            raise ConfigurationError(f"can only download http(s) URLs, got {_one_line(url, 80)!r}")
        # No Authorization: image URLs live on a CDN that must never see the key.
        return _Prepared(
            method="GET",
            url=url,
            params=None,
            json=None,
            headers={"User-Agent": self.user_agent},
            timeout=self.timeout if isinstance(timeout, NotGiven) else _to_timeout(timeout),
            idempotent=True,
        )

    # -- classifying outcomes ----------------------------------------------

    def _wrap_transport_error(self, exc: httpx.HTTPError, req: _Prepared) -> tuple[Failure, APIConnectionError]:
        detail = self._redact(str(exc) or type(exc).__name__)
        where = f"{req.method} {req.url}"
        # Order matters: the timeout classes are also TransportErrors.
        if isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout)):
            kind = "pool timeout" if isinstance(exc, httpx.PoolTimeout) else "connect timeout"
            return Failure.NOT_SENT, APITimeoutError(
                f"{kind} before the request was sent ({where}): {detail}",
                method=req.method,
                url=req.url,
                request_sent=False,
            )
        if isinstance(exc, (httpx.ConnectError, httpx.ProxyError)):
            return Failure.NOT_SENT, APIConnectionError(
                f"could not connect ({where}): {detail}",
                method=req.method,
                url=req.url,
                request_sent=False,
            )
        if isinstance(exc, (httpx.UnsupportedProtocol, httpx.LocalProtocolError)) or not isinstance(
            exc, httpx.TransportError
        ):
            # Raised while building/sending our own request: a bug or bad configuration.
            return Failure.FATAL, APIConnectionError(
                f"request could not be sent ({where}): {detail}",
                method=req.method,
                url=req.url,
                request_sent=False,
            )
        note = "" if req.idempotent else "; the server may have received it, so a task may exist"
        if isinstance(exc, httpx.TimeoutException):
            return Failure.AMBIGUOUS, APITimeoutError(
                f"timed out waiting for the response ({where}): {detail}{note}",
                method=req.method,
                url=req.url,
                request_sent=True,
            )
        return Failure.AMBIGUOUS, APIConnectionError(
            f"connection failed after sending the request ({where}): {detail}{note}",
            method=req.method,
            url=req.url,
            request_sent=True,
        )

    @staticmethod
    def _failure_of(err: APIError) -> Failure:
        if isinstance(err, RateLimitError):
            return Failure.REJECTED
        if isinstance(err, ServerError):
            return Failure.AMBIGUOUS
        return Failure.FATAL

    def _decode_envelope(self, response: httpx.Response, req: _Prepared) -> Any:
        """Return the envelope of a success; raise the mapped error otherwise."""
        status = response.status_code
        try:
            body: object = jsonlib.loads(response.content)
            is_json = True
        except ValueError:
            body, is_json = response.text, False
        code = _business_code(body)
        if 200 <= status < 300:
            if not is_json or not isinstance(body, dict):
                raise APIResponseError(
                    self._redact(
                        f"HTTP {status} answer is not a JSON object ({req.method} {req.url}): "
                        f"{_one_line(response.text or '<empty body>')!r}"
                    ),
                    status_code=status,
                    body=redact_obj(body, self._secrets()),
                    method=req.method,
                    url=req.url,
                )
            if not code:
                return body
        raise self._status_error(response, req, body if is_json else response.text, code)

    def _status_error(self, response: httpx.Response, req: _Prepared, body: object, code: int | None) -> APIStatusError:
        status = response.status_code
        cls = error_class_for(status, code or None)
        message: str | None = None
        request_id: str | None = None
        if isinstance(body, dict):
            raw_message = body.get("message")
            message = str(raw_message) if raw_message not in (None, "") else None
            raw_id = body.get("request_id")
            request_id = str(raw_id) if raw_id not in (None, "") else None
        request_id = request_id or response.headers.get("x-request-id")
        if message is None:
            message = f"HTTP {status} {response.reason_phrase}".strip()
            if isinstance(body, str) and body.strip():
                message += f" with a non-JSON body: {_one_line(body, 120)!r}"
        parts = [f"HTTP {status}"]
        if code:
            parts.append(f"code {code}")
        if request_id:
            parts.append(f"request_id {request_id}")
        if issubclass(cls, ServerError) and not req.idempotent:
            parts.append("the task may have been created; check before creating it again")
        retry_after = parse_retry_after(
            response.headers.get("retry-after"),
            now=time.time(),
            cap=self.retry_policy.max_retry_after,
        )
        return cls(
            self._redact(f"{_one_line(message)} ({', '.join(parts)}; {req.method} {req.url})"),
            status_code=status,
            code=code or None,
            request_id=request_id,
            body=redact_obj(body, self._secrets()),
            retry_after=retry_after,
            method=req.method,
            url=req.url,
        )

    def _decode_download(self, response: httpx.Response, req: _Prepared) -> bytes:
        if 200 <= response.status_code < 300:
            return response.content
        try:
            body: object = jsonlib.loads(response.content)
        except ValueError:
            body = response.text
        raise self._status_error(response, req, body, _business_code(body))

    def _retry_delay(self, req: _Prepared, failure: Failure, err: APIError, retries: int) -> float | None:
        """Seconds to wait before the next attempt, or None to give up and raise ``err``."""
        if retries >= self.retry_policy.max_retries:
            return None
        if not should_retry(
            failure,
            idempotent=req.idempotent,
            retry_ambiguous_creates=self.retry_ambiguous_creates,
        ):
            return None
        retry_after = err.retry_after if isinstance(err, APIStatusError) else None
        delay = self.retry_policy.delay(retries, retry_after=retry_after)
        logger.info(
            "retrying %s %s in %.2fs (retry %d of %d) after %s: %s",
            req.method,
            req.url,
            delay,
            retries + 1,
            self.retry_policy.max_retries,
            failure.value,
            err.message,
        )
        return delay

    def _log_request(self, req: _Prepared, attempt: int) -> None:
        # Never log headers or bodies: headers hold the key, bodies may hold megabytes of base64.
        logger.debug("request %s %s (attempt %d)", req.method, req.url, attempt)

    @staticmethod
    def _log_response(req: _Prepared, response: httpx.Response) -> None:
        logger.debug(
            "response %s %s -> HTTP %d (%d bytes)",
            req.method,
            req.url,
            response.status_code,
            len(response.content),
        )
