# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Hand-written runtime shipped inside the generated client as ``<package>._runtime``.

Depends only on the standard library, httpx and attrs, and imports its own
modules relatively, so the generator can copy it under any package name.
"""

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
    WaitTimeoutError,
)
from ._http import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    NOT_GIVEN,
    AsyncAPIClient,
    NotGiven,
    SyncAPIClient,
    TimeoutTypes,
)
from ._image_input import encode_image
from ._retry import RetryPolicy
from ._tasks import async_wait_for_task, wait_for_task

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAPIClient",
    "AuthenticationError",
    "ConfigurationError",
    "ContentPolicyError",
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
    "WaitTimeoutError",
    "async_wait_for_task",
    "encode_image",
    "wait_for_task",
]
