"""Each retry rule, measured over real HTTP: what is retried, how often, and how long it waits."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest
from _rt_support import API_KEY, SLOW_READ_TIMEOUT, SLOW_SECONDS, VALID_BODY, ClientFactory, closed_port
from kling_rt._runtime import (
    APIConnectionError,
    APITimeoutError,
    InvalidRequestError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    SyncAPIClient,
)
from kling_rt._runtime._retry import parse_retry_after

from generator.fake_server import (
    FIXTURE_HINT if False else FakeKlingServer,  # noqa: F401
)
