"""Servers that drip, hang or never finish: each attempt ends by its timeout, and ``wait`` by its deadline.

The bounds asserted are generous (timeout + 5 s: test machines are noisy); the overrun actually measured
is printed (``pytest -s``) and recorded as a user property of the test.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from kling_client.errors import APITimeoutError, WaitTimeoutError

from tests.network.conftest import MakeCaller
from tests.network.netkit import make_caller, timed
from tests.runtime._rt_support import LoopThread

SLACK = 5.0

Record = Callable[[str, object], None]


def _report(record_property: Record, what: str, limit: float, elapsed: float) -> None:
    print(f"\n{what}: ended after {elapsed:.2f} s (limit {limit:g} s, overrun {elapsed - limit:+.2f} s)")
    record_property("overrun_seconds", round(elapsed - limit, 3))


@pytest.mark.parametrize(
    ("scenario", "timeout"),
    [
        ("drip-body", 2.0),
        ("drip-body-fast", 2.0),
        ("drip-headers-fast", 2.0),
        ("drip-chunked-fast", 2.0),
        ("endless-1xx", 2.0),
        ("hang", 1.0),
        ("hang-body", 1.0),
    ],
)
def test_generate_ends_by_its_timeout_whatever_the_server_does(
    caller: MakeCaller, record_property: Record, scenario: str, timeout: float
) -> None:
    client = caller(scenario)
    elapsed, exc = timed(lambda: client.generate(timeout=timeout))
    _report(record_property, f"{client.flavor} generate(timeout={timeout:g}) <- {scenario}", timeout, elapsed)
    assert isinstance(exc, APITimeoutError), repr(exc)
    assert exc.request_sent  # a create that timed out after sending may have made a task
    assert elapsed < timeout + SLACK


@pytest.mark.parametrize("scenario", ["drip-body", "drip-headers-fast"])
def test_a_get_with_a_one_second_timeout(caller: MakeCaller, record_property: Record, scenario: str) -> None:
    client = caller(scenario)
    elapsed, exc = timed(lambda: client.get(timeout=1.0))
    _report(record_property, f"{client.flavor} get(timeout=1) <- {scenario}", 1.0, elapsed)
    assert isinstance(exc, APITimeoutError), repr(exc)
    assert elapsed < 1.0 + SLACK


def test_the_issue_case_a_ten_second_timeout_against_a_two_second_drip(
    caller: MakeCaller, record_property: Record
) -> None:
    client = caller("drip-body", timeout=10.0)
    elapsed, exc = timed(client.generate)
    _report(record_property, f"{client.flavor} generate() [client timeout 10] <- drip-body", 10.0, elapsed)
    assert isinstance(exc, APITimeoutError), repr(exc)
    assert "did not finish within its 10 s deadline" in str(exc)
    assert elapsed < 10.0 + SLACK


def test_your_own_http_client_gets_the_deadline_too(
    hostile_url: Callable[[str], str], net_loop: LoopThread, flavor: str, record_property: Record
) -> None:
    own: httpx.Client | httpx.AsyncClient = httpx.Client() if flavor == "sync" else httpx.AsyncClient()
    client = make_caller(flavor, net_loop, hostile_url("drip-headers-fast"), http_client=own)
    try:
        elapsed, exc = timed(lambda: client.generate(timeout=2.0))
    finally:
        client.close()
        if isinstance(own, httpx.Client):
            own.close()
        else:
            net_loop.run(own.aclose())
    _report(record_property, f"{flavor} own http_client, generate(timeout=2) <- drip-headers-fast", 2.0, elapsed)
    assert isinstance(exc, APITimeoutError), repr(exc)
    assert elapsed < 2.0 + SLACK


def test_a_connect_that_never_completes(
    blackhole: str, net_loop: LoopThread, flavor: str, record_property: Record
) -> None:
    # No connect timeout of its own: only the attempt's deadline (the largest part, 2 s) can end it.
    client = make_caller(flavor, net_loop, blackhole, timeout=httpx.Timeout(2.0, connect=None))
    try:
        elapsed, exc = timed(client.generate)
    finally:
        client.close()
    _report(record_property, f"{flavor} connect never completes, timeout 2", 2.0, elapsed)
    assert isinstance(exc, APITimeoutError), repr(exc)
    assert elapsed < 2.0 + SLACK


@pytest.mark.parametrize("scenario", ["drip-body", "drip-headers-fast", "hang", "slow-processing", "processing"])
def test_wait_ends_by_its_deadline(caller: MakeCaller, record_property: Record, scenario: str) -> None:
    client = caller(scenario, timeout=60.0, max_retries=2)  # a poll must not inherit these
    elapsed, exc = timed(lambda: client.wait(wait_timeout=3, poll_interval=0.5))
    _report(record_property, f"{client.flavor} wait(wait_timeout=3) <- {scenario}", 3.0, elapsed)
    assert isinstance(exc, WaitTimeoutError), repr(exc)
    assert elapsed < 3.0 + SLACK
    if scenario in ("hang", "drip-body"):
        assert isinstance(exc.last_error, APITimeoutError), repr(exc.last_error)
