# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Hand-written runtime shipped inside the generated client as ``<package>._runtime``.

Depends only on the standard library, httpx and attrs, and imports its own
modules relatively, so the generator can copy it under any package name.
Modules: ``_http`` (the sync and async clients), ``_base`` (what they share),
``_stream`` (size caps and deadlines), ``_retry``, ``_errors`` (the exception
tree), ``_model`` (model base classes and codecs), ``_validation``,
``_types`` (``UNSET``, ``NOT_GIVEN``), ``_response`` (raw responses),
``_tasks`` (waiting), ``_image_input``, ``_redact``, ``_enums``, ``_cli``.
"""

from ._base import DEFAULT_MAX_RESPONSE_BYTES
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    ContentPolicyError,
    InvalidRequestError,
    KlingError,
    MissingAPIKeyError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    ServerError,
    TaskError,
    TaskFailedError,
    Violation,
    WaitTimeoutError,
)
from ._http import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, AsyncAPIClient, SyncAPIClient, TimeoutTypes
from ._image_input import ImageRules, encode_image
from ._response import APIResponse
from ._retry import RetryPolicy
from ._tasks import async_wait_for_task, wait_for_task
from ._types import NOT_GIVEN, UNSET, NotGiven, Unset
from ._wire import Endpoint, Envelope

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "UNSET",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAPIClient",
    "AuthenticationError",
    "ConfigurationError",
    "ContentPolicyError",
    "Endpoint",
    "Envelope",
    "ImageRules",
    "InvalidRequestError",
    "KlingError",
    "MissingAPIKeyError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "RetryPolicy",
    "ServerError",
    "SyncAPIClient",
    "TaskError",
    "TaskFailedError",
    "TimeoutTypes",
    "Unset",
    "Violation",
    "WaitTimeoutError",
    "async_wait_for_task",
    "encode_image",
    "wait_for_task",
]
