# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""When to retry a request, and how long to wait before doing so.

The rule that shapes everything here: a create request costs money, so a
retry must never be able to start a second paid task. A failure is therefore
classified by what it proves about the server's state:

``NOT_SENT``
    The request never reached the server (connection refused, connect or
    pool timeout). Always safe to retry.
``REJECTED``
    The server answered that it did not accept the request for now (rate or
    concurrency limit: codes 1302/1303, HTTP 429). Nothing was created, safe.
``AMBIGUOUS``
    The request may have been processed (5xx, read timeout, connection
    dropped after sending). Retried only for idempotent requests (queries),
    or for creates when the caller opted in with ``retry_ambiguous_creates``.
``FATAL``
    Retrying cannot help (4xx other than rate limits, undecodable 2xx).
"""

from __future__ import annotations

import datetime
import email.utils
import enum
import math
import random
from collections.abc import Callable

import attrs

__all__ = ["Failure", "RetryPolicy", "parse_retry_after", "should_retry"]


class Failure(enum.Enum):
    """What a failed attempt proves about the server's state (see module docstring)."""

    NOT_SENT = "not_sent"
    REJECTED = "rejected"
    AMBIGUOUS = "ambiguous"
    FATAL = "fatal"


def should_retry(failure: Failure, *, idempotent: bool, retry_ambiguous_creates: bool) -> bool:
    """Whether a failure of this kind may be retried at all (the attempt budget is separate)."""
    if failure in (Failure.NOT_SENT, Failure.REJECTED):
        return True
    if failure is Failure.AMBIGUOUS:
        return idempotent or retry_ambiguous_creates
    return False


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """Bounded exponential backoff with jitter.

    ``max_retries`` counts retries, not attempts: 2 means at most 3 requests.
    A server's ``Retry-After`` replaces the computed delay but is capped at
    ``max_retry_after`` so a misbehaving relay cannot park the caller for hours.
    """

    max_retries: int = attrs.field(default=2, validator=attrs.validators.ge(0))
    initial_delay: float = 0.5
    max_delay: float = 8.0
    # Fraction of the delay removed at random, so many clients hitting the same
    # rate limit do not come back in lockstep.
    jitter: float = 0.25
    max_retry_after: float = 60.0

    def delay(
        self,
        retry_number: int,
        *,
        retry_after: float | None = None,
        rand: Callable[[], float] = random.random,
    ) -> float:
        """Seconds to sleep before retry number ``retry_number`` (0-based)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        base = min(self.max_delay, self.initial_delay * (2.0**retry_number))
        return max(0.0, base * (1.0 - self.jitter * rand()))


def parse_retry_after(value: str | None, *, now: float, cap: float) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP-date), capped; None if absent or bad.

    ``now`` is the current Unix time, passed in so the date form is testable.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            # RFC 9110 dates are always GMT; "-0000" parses as naive but means UTC.
            when = when.replace(tzinfo=datetime.UTC)
        seconds = when.timestamp() - now
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return min(max(seconds, 0.0), cap)
