# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Waiting for a task to finish, by polling, within a deadline that always holds.

``wait_for_task`` (blocking) and ``async_wait_for_task`` share one schedule,
``_PollSchedule``, so they stop, grow their interval and time out identically.

A wait always ends by its deadline: ``fetch`` is told how many seconds are
left and must bound its request by them (the generated ``wait`` passes them
as the request's timeout and polls without the client's own retries); every
sleep is clipped to the time left; a poll that fails transiently (no
connection, a timeout, a 5xx, a rate limit) is simply retried by the next poll
until the deadline, then reported as the cause of ``WaitTimeoutError``.
Statuses are compared case-insensitively against the vocabulary the spec
gives (``succeeded`` and ``failed`` values); an unknown status is "still running".
``TaskFailedError`` and ``WaitTimeoutError`` are redacted of the API keys of
the live clients (``_redact.known_secrets``), their task object included: a
server may echo the key into a task's status or message.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Collection
from typing import Any, TypeVar

from ._errors import (
    APIConnectionError,
    APIResponseError,
    APITimeoutError,
    ConfigurationError,
    RateLimitError,
    ServerError,
    TaskFailedError,
    WaitTimeoutError,
)
from ._redact import known_secrets, redact, redact_tracked

__all__ = ["FAILED", "SUCCEEDED", "async_wait_for_task", "created_id", "resume_note", "wait_for_task"]

SUCCEEDED = ("succeed", "succeeded", "success", "successful", "completed", "complete", "done", "finished")
FAILED = ("failed", "failure", "error", "cancelled", "canceled", "rejected", "expired")

# Gentle growth: a 2 s interval reaches the cap of 4x after about six polls.
_GROWTH = 1.25
_MAX_INTERVAL_FACTOR = 4.0
# A poll is not worth sending with less time than this left.
_MIN_POLL_SECONDS = 0.05
# Time kept for the last poll before the deadline.
_FINAL_POLL_SECONDS = 1.0
_TRANSIENT = (APIConnectionError, ServerError, RateLimitError)

_T = TypeVar("_T")


def _field(task: object, name: str) -> object:
    if isinstance(task, dict):
        return task.get(name)
    return getattr(task, name, None)


def _default_message(task: object) -> str:
    for name in ("task_status_msg", "status_message", "error", "message"):
        message = _field(task, name)
        if isinstance(message, str) and message:
            return message
    return ""


def created_id(task: object, attr: str) -> str:
    """The id of a task just created, as text; an answer without one cannot be waited on."""
    value = _field(task, attr)
    if value is None or str(value).strip() == "":
        raise APIResponseError(
            f"the create call answered without a task id ({attr!r} is {value!r}): there is nothing to wait for",
            status_code=200,
            body=None,
        )
    return str(value)


def resume_note(task_id: str) -> str:
    """The note added to an error raised while waiting: the id to resume with (redacted like every error text)."""
    return redact(f"task {task_id} was created and may still finish: resume with .wait({task_id!r})", known_secrets())


def _redacted_task(task: Any, secrets: list[str]) -> Any:
    """The task with the keys replaced in its strings (rebuilt only when it held one)."""
    if task is None or not secrets:
        return task
    try:
        if isinstance(task, dict):
            cleaned, changed = redact_tracked(task, secrets)
            return cleaned if changed else task
        if callable(getattr(task, "to_dict", None)) and callable(getattr(type(task), "from_wire", None)):
            cleaned, changed = redact_tracked(task.to_dict(), secrets)
            return type(task).from_wire(cleaned) if changed else task
    except (RecursionError, KeyError, TypeError, ValueError):
        return None  # a task that cannot be rebuilt is not shown rather than shown with the key
    return task


def _positive(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise ConfigurationError(f"{name} must be a finite number of seconds > 0, got {value!r}")
    return float(value)


class _PollSchedule:
    """Deadline and interval bookkeeping shared by the sync and async waiters."""

    def __init__(
        self, *, timeout: float, poll_interval: float, max_poll_interval: float | None, clock: Callable[[], float]
    ) -> None:
        self.timeout = _positive("wait_timeout", timeout)
        self._interval = _positive("poll_interval", poll_interval)
        self._clock = clock
        self._deadline = clock() + self.timeout
        cap = max_poll_interval if max_poll_interval is not None else self._interval * _MAX_INTERVAL_FACTOR
        self._max_interval = max(float(cap), self._interval)
        self._final = False

    def remaining(self) -> float:
        return self._deadline - self._clock()

    def next_sleep(self) -> float | None:
        """Seconds to sleep before the next poll, or None when no useful time is left.

        The last sleep stops short of the deadline by ``_FINAL_POLL_SECONDS`` (or half the time
        left), so the wait ends with one more poll rather than with a sleep.
        """
        remaining = self.remaining()
        if self._final or remaining <= _MIN_POLL_SECONDS:
            return None
        reserve = min(_FINAL_POLL_SECONDS, remaining / 2)
        if remaining <= self._interval + reserve:
            self._final = True
            return max(remaining - reserve, 0.0)
        delay = self._interval
        self._interval = min(self._interval * _GROWTH, self._max_interval)
        return delay


class _Outcome:
    def __init__(self, succeeded: Collection[str], failed: Collection[str]) -> None:
        self.succeeded = {s.lower() for s in succeeded}
        self.failed = {s.lower() for s in failed}

    def done(
        self, task: _T, status_of: Callable[[_T], str], message_of: Callable[[_T], str], task_id: str | None
    ) -> bool:
        """True when the task succeeded; raises on failure; False while it is still running."""
        status = str(status_of(task) or "").strip().lower()
        if status in self.succeeded:
            return True
        if status in self.failed:
            secrets = known_secrets()
            raise TaskFailedError(
                task=_redacted_task(task, secrets),
                task_id=redact(task_id, secrets) if task_id else task_id,
                failure_message=redact(str(message_of(task) or ""), secrets),
            )
        return False


def _timeout_error(
    task: object, status_of: Callable[[_T], str], task_id: str | None, timeout: float, cause: BaseException | None
) -> WaitTimeoutError:
    secrets = known_secrets()
    last = redact(str(status_of(task)), secrets) if task is not None else None  # type: ignore[arg-type]
    error = WaitTimeoutError(task=_redacted_task(task, secrets), task_id=redact(task_id, secrets) if task_id else task_id,
                             last_status=last, timeout=timeout)  # fmt: skip
    error.last_error = cause
    return error


def wait_for_task(
    fetch: Callable[[float], _T],
    *,
    task_id: str,
    status_of: Callable[[_T], str],
    timeout: float,
    poll_interval: float,
    on_progress: Callable[[_T], None] | None = None,
    succeeded: Collection[str] = SUCCEEDED,
    failed: Collection[str] = FAILED,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    max_poll_interval: float | None = None,
    message_of: Callable[[_T], str] = _default_message,
) -> _T:
    """Poll ``fetch(seconds_left)`` until the task succeeds (returned), fails or the deadline passes (raised).

    ``on_progress`` sees every fetched task, including the final one.
    """
    schedule = _PollSchedule(timeout=timeout, poll_interval=poll_interval, max_poll_interval=max_poll_interval,
                             clock=clock)  # fmt: skip
    outcome = _Outcome(succeeded, failed)
    task: _T | None = None
    cause: BaseException | None = None
    while True:
        remaining = schedule.remaining()
        if remaining > _MIN_POLL_SECONDS:
            try:
                task = fetch(remaining)
                cause = None
            except _TRANSIENT as exc:
                cause = exc
            else:
                if on_progress is not None:
                    on_progress(task)
                if outcome.done(task, status_of, message_of, task_id):
                    return task
        delay = schedule.next_sleep()
        if delay is None:
            raise _timeout_error(task, status_of, task_id, schedule.timeout, cause)
        sleep(delay)


async def async_wait_for_task(
    fetch: Callable[[float], Awaitable[_T]],
    *,
    task_id: str,
    status_of: Callable[[_T], str],
    timeout: float,
    poll_interval: float,
    on_progress: Callable[[_T], None] | None = None,
    succeeded: Collection[str] = SUCCEEDED,
    failed: Collection[str] = FAILED,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    max_poll_interval: float | None = None,
    message_of: Callable[[_T], str] = _default_message,
) -> _T:
    """Async twin of ``wait_for_task``: ``fetch`` and ``sleep`` are awaited."""
    schedule = _PollSchedule(timeout=timeout, poll_interval=poll_interval, max_poll_interval=max_poll_interval,
                             clock=clock)  # fmt: skip
    outcome = _Outcome(succeeded, failed)
    task: _T | None = None
    cause: BaseException | None = None
    while True:
        remaining = schedule.remaining()
        if remaining > _MIN_POLL_SECONDS:
            try:
                async with asyncio.timeout(remaining):
                    task = await fetch(remaining)
                cause = None
            except _TRANSIENT as exc:
                cause = exc
            except TimeoutError:
                # The backstop fired before the poll's own deadline did: report it the same way.
                cause = APITimeoutError(f"the poll did not finish within the {remaining:.3g} s left of the wait")
            else:
                if on_progress is not None:
                    on_progress(task)
                if outcome.done(task, status_of, message_of, task_id):
                    return task
        delay = schedule.next_sleep()
        if delay is None:
            raise _timeout_error(task, status_of, task_id, schedule.timeout, cause)
        await sleep(delay)
