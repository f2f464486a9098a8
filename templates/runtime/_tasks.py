# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Waiting for an image task to finish, by polling.

``wait_for_task`` (blocking) and ``async_wait_for_task`` share one schedule,
``_PollSchedule``, so they stop, grow their interval and time out identically.

A wait always ends: ``timeout`` must be a finite positive number, every sleep
is clipped to the time left, and the deadline is checked after each poll. The
HTTP timeout of each ``fetch`` bounds the one thing this module cannot clip.
Statuses are compared case-insensitively because relays do not agree on case;
an unknown status is treated as "still running".
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from ._errors import TaskFailedError, WaitTimeoutError

__all__ = ["FAILED", "SUCCEEDED", "async_wait_for_task", "wait_for_task"]

SUCCEEDED = "succeed"
FAILED = "failed"

# Gentle growth: a 2 s interval reaches the cap of 4x after about six polls.
_GROWTH = 1.25
_MAX_INTERVAL_FACTOR = 4.0

_T = TypeVar("_T")


def _field(task: object, name: str) -> object:
    if isinstance(task, dict):
        return task.get(name)
    return getattr(task, name, None)


def _default_message(task: object) -> str:
    message = _field(task, "task_status_msg")
    return message if isinstance(message, str) else ""


def _default_task_id(task: object) -> str | None:
    task_id = _field(task, "task_id")
    return task_id if isinstance(task_id, str) else None


class _PollSchedule:
    """Deadline and interval bookkeeping shared by the sync and async waiters."""

    def __init__(
        self,
        *,
        timeout: float,
        poll_interval: float,
        max_poll_interval: float | None,
        clock: Callable[[], float],
    ) -> None:
        if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
            raise ValueError(f"timeout must be a finite number of seconds > 0, got {timeout!r}")
        if not (isinstance(poll_interval, int | float) and math.isfinite(poll_interval) and poll_interval > 0):
            raise ValueError(f"poll_interval must be a finite number of seconds > 0, got {poll_interval!r}")
        self.timeout = float(timeout)
        self._clock = clock
        self._deadline = clock() + self.timeout
        self._interval = float(poll_interval)
        cap = max_poll_interval if max_poll_interval is not None else poll_interval * _MAX_INTERVAL_FACTOR
        self._max_interval = max(float(cap), self._interval)

    def next_sleep(self) -> float | None:
        """Seconds to sleep before the next poll, or None when the deadline has passed."""
        remaining = self._deadline - self._clock()
        if remaining <= 0:
            return None
        delay = min(self._interval, remaining)
        self._interval = min(self._interval * _GROWTH, self._max_interval)
        return delay


def _check(
    task: _T,
    *,
    status_of: Callable[[_T], str],
    message_of: Callable[[_T], str],
    task_id_of: Callable[[_T], str | None],
) -> bool:
    """True when the task succeeded; raises on failure; False while it is still running."""
    status = str(status_of(task) or "").strip().lower()
    if status == SUCCEEDED:
        return True
    if status == FAILED:
        raise TaskFailedError(task=task, task_id=task_id_of(task), failure_message=message_of(task))
    return False


def _timeout_error(
    task: _T, status_of: Callable[[_T], str], task_id_of: Callable[[_T], str | None], timeout: float
) -> WaitTimeoutError:
    return WaitTimeoutError(task=task, task_id=task_id_of(task), last_status=status_of(task), timeout=timeout)


def wait_for_task(
    fetch: Callable[[], _T],
    *,
    status_of: Callable[[_T], str],
    timeout: float,
    poll_interval: float,
    on_progress: Callable[[_T], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    max_poll_interval: float | None = None,
    message_of: Callable[[_T], str] = _default_message,
    task_id_of: Callable[[_T], str | None] = _default_task_id,
) -> _T:
    """Poll ``fetch()`` until the task succeeds (returned), fails or the timeout passes (raised).

    ``on_progress`` sees every fetched task, including the final one. Errors
    from ``fetch`` propagate unchanged: the HTTP layer has already retried.
    """
    schedule = _PollSchedule(
        timeout=timeout, poll_interval=poll_interval, max_poll_interval=max_poll_interval, clock=clock
    )
    while True:
        task = fetch()
        if on_progress is not None:
            on_progress(task)
        if _check(task, status_of=status_of, message_of=message_of, task_id_of=task_id_of):
            return task
        delay = schedule.next_sleep()
        if delay is None:
            raise _timeout_error(task, status_of, task_id_of, schedule.timeout)
        sleep(delay)


async def async_wait_for_task(
    fetch: Callable[[], Awaitable[_T]],
    *,
    status_of: Callable[[_T], str],
    timeout: float,
    poll_interval: float,
    on_progress: Callable[[_T], None] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    max_poll_interval: float | None = None,
    message_of: Callable[[_T], str] = _default_message,
    task_id_of: Callable[[_T], str | None] = _default_task_id,
) -> _T:
    """Async twin of ``wait_for_task``: ``fetch`` and ``sleep`` are awaited."""
    schedule = _PollSchedule(
        timeout=timeout, poll_interval=poll_interval, max_poll_interval=max_poll_interval, clock=clock
    )
    while True:
        task = await fetch()
        if on_progress is not None:
            on_progress(task)
        if _check(task, status_of=status_of, message_of=message_of, task_id_of=task_id_of):
            return task
        delay = schedule.next_sleep()
        if delay is None:
            raise _timeout_error(task, status_of, task_id_of, schedule.timeout)
        await sleep(delay)
