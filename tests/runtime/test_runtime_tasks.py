"""The task waiter: success, failure, timeout and interval growth, sync and async, against the fake server."""

from __future__ import annotations

import asyncio
import itertools
import math
from typing import Any

import pytest
from kling_client._runtime import (
    AsyncAPIClient,
    ConfigurationError,
    KlingError,
    ServerError,
    TaskFailedError,
    WaitTimeoutError,
)
from kling_client._runtime._tasks import async_wait_for_task, wait_for_task

from generator.fake_server import FakeKlingServer, failed_task
from tests.runtime._rt_support import ClientFactory, LoopThread


class FakeClock:
    """Time that moves only when the waiter sleeps, so timeouts are exact and instant."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


def _wait(
    flavor: str, client: Any, loop: LoopThread, task_id: str, clock: FakeClock, seen: list[str], **kwargs: Any
) -> Any:
    """Run the waiter of the matching flavour, polling the task over HTTP."""
    path = f"/kling/v1/images/generations/{task_id}"

    def on_progress(envelope: Any) -> None:
        seen.append(envelope["data"]["task_status"])

    def status_of(envelope: Any) -> str:
        return str(envelope["data"]["task_status"])

    def message_of(envelope: Any) -> str:
        return str(envelope["data"].get("task_status_msg") or "")

    options: dict[str, Any] = {
        "task_id": task_id,
        "status_of": status_of,
        "on_progress": on_progress,
        "clock": clock,
        "message_of": message_of,
        **kwargs,
    }
    if isinstance(client, AsyncAPIClient):

        async def fetch_async(remaining: float) -> Any:
            return await client.request(method="GET", path=path, idempotent=True, timeout=remaining)

        return loop.run(async_wait_for_task(fetch_async, sleep=clock.async_sleep, **options))

    def fetch(remaining: float) -> Any:
        return client.request(method="GET", path=path, idempotent=True, timeout=remaining)

    return wait_for_task(fetch, sleep=clock.sleep, **options)


def test_wait_until_succeed(client_factory: ClientFactory, server: FakeKlingServer, loop_thread: LoopThread) -> None:
    server.configure(polls_to_finish=4)
    driver = client_factory()
    task_id = driver.create()["data"]["task_id"]
    clock = FakeClock()
    seen: list[Any] = []
    final = _wait(driver.flavor, driver.client, loop_thread, task_id, clock, seen, timeout=60, poll_interval=2)
    assert final["data"]["task_status"] == "succeed"
    assert seen == ["processing", "processing", "processing", "succeed"]
    assert len(final["data"]["task_result"]["images"]) == 2
    assert clock.sleeps == [2.0, 2.5, 3.125]  # gentle growth between polls, none after success


def test_wait_raises_on_failed_task(
    client_factory: ClientFactory, server: FakeKlingServer, loop_thread: LoopThread
) -> None:
    driver = client_factory()
    server.add_faults(failed_task("image violates content policy"))
    task_id = driver.create()["data"]["task_id"]
    clock = FakeClock()
    seen: list[Any] = []
    with pytest.raises(TaskFailedError) as info:
        _wait(driver.flavor, driver.client, loop_thread, task_id, clock, seen, timeout=60, poll_interval=1)
    err = info.value
    assert err.task_id == task_id
    assert err.failure_message == "image violates content policy"
    assert "image violates content policy" in str(err)
    assert err.task["data"]["task_status"] == "failed"  # type: ignore[index]
    assert seen[-1] == "failed"


def test_wait_times_out_and_never_oversleeps(
    client_factory: ClientFactory, server: FakeKlingServer, loop_thread: LoopThread
) -> None:
    server.configure(polls_to_finish=10_000)
    driver = client_factory()
    task_id = driver.create()["data"]["task_id"]
    clock = FakeClock()
    seen: list[Any] = []
    start = clock.now
    with pytest.raises(WaitTimeoutError) as info:
        _wait(
            driver.flavor,
            driver.client,
            loop_thread,
            task_id,
            clock,
            seen,
            timeout=30,
            poll_interval=2,
            max_poll_interval=5,
        )
    err = info.value
    assert err.task_id == task_id
    assert err.last_status == "processing"
    assert err.timeout == 30
    assert 29.0 <= clock.now - start <= 30.0  # the last sleep stopped short, leaving time for one last poll
    assert max(clock.sleeps) == 5.0  # growth is capped
    assert len(seen) == len(clock.sleeps) + 1


@pytest.mark.parametrize("bad", [0, -1, math.inf, math.nan])
def test_wait_refuses_unbounded_or_invalid_settings(bad: float) -> None:
    with pytest.raises(ConfigurationError, match="wait_timeout"):
        wait_for_task(lambda _: {}, task_id="t", status_of=lambda t: "", timeout=bad, poll_interval=1)
    with pytest.raises(ConfigurationError, match="poll_interval"):
        wait_for_task(lambda _: {}, task_id="t", status_of=lambda t: "", timeout=10, poll_interval=bad)


def test_status_case_and_unknown_statuses() -> None:
    statuses = iter(["QUEUED", "Processing", "SUCCEED"])
    clock = FakeClock()
    result = wait_for_task(
        lambda _: next(statuses),
        task_id="t",
        status_of=lambda s: s,
        timeout=10,
        poll_interval=1,
        sleep=clock.sleep,
        clock=clock,
    )
    assert result == "SUCCEED"
    assert len(clock.sleeps) == 2


def test_async_waiter_with_attribute_tasks() -> None:
    class Task:
        def __init__(self, status: str) -> None:
            self.task_id = "t-1"
            self.task_status = status
            self.task_status_msg = "nsfw" if status == "failed" else ""

    statuses = iter(["submitted", "failed"])

    async def fetch(remaining: float) -> Task:
        return Task(next(statuses))

    clock = FakeClock()
    with pytest.raises(TaskFailedError) as info:
        asyncio.run(
            async_wait_for_task(
                fetch,
                task_id="t-1",
                status_of=lambda t: t.task_status,
                timeout=5,
                poll_interval=1,
                sleep=clock.async_sleep,
                clock=clock,
            )
        )
    assert info.value.task_id == "t-1"
    assert info.value.failure_message == "nsfw"


def test_transient_poll_failures_are_retried_and_the_last_is_reported() -> None:
    """A 5xx while polling is not the end of a paid task: the next poll retries it, up to the deadline."""
    clock = FakeClock()
    given: list[float] = []
    answers: list[object] = [
        ServerError("boom", status_code=503, code=None, request_id=None, body=None),
        {"s": "processing"},
        {"s": "succeed"},
    ]

    def fetch(remaining: float) -> Any:
        given.append(remaining)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    result = wait_for_task(
        fetch, task_id="t", status_of=lambda t: t["s"], timeout=10, poll_interval=1, sleep=clock.sleep, clock=clock
    )
    assert result == {"s": "succeed"}
    # Each poll is bounded by the time left in the wait, never more.
    assert given[0] == 10 and all(b < a for a, b in itertools.pairwise(given))

    clock = FakeClock()

    def always_down(remaining: float) -> Any:
        raise ServerError("still down", status_code=502, code=None, request_id=None, body=None)

    with pytest.raises(WaitTimeoutError) as info:
        wait_for_task(
            always_down, task_id="t", status_of=str, timeout=3, poll_interval=1, sleep=clock.sleep, clock=clock
        )
    assert isinstance(info.value.last_error, ServerError)
    assert info.value.last_status is None
    assert isinstance(info.value, KlingError)
