"""Each retry rule, measured over real HTTP: what is retried, how often, and how long the client waits."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx
import pytest
from kling_client._runtime import (
    APIConnectionError,
    APITimeoutError,
    AsyncAPIClient,
    InvalidRequestError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    SyncAPIClient,
)
from kling_client._runtime._retry import parse_retry_after

from generator.fake_server import (
    FakeKlingServer,
    business_error,
    dropped,
    html_error,
    rate_limited,
    server_error,
    slow,
)
from tests.runtime._rt_support import (
    API_KEY,
    CREATE,
    FIXTURE_SPEC,
    SLOW_READ_TIMEOUT,
    SLOW_SECONDS,
    VALID_BODY,
    ClientFactory,
    closed_port,
)

NO_JITTER = RetryPolicy(jitter=0.0)


def _task_id(envelope: Any) -> str:
    return str(envelope["data"]["task_id"])


# -- (a) never reached the server ---------------------------------------------


def test_connection_refused_is_retried_for_creates_then_raised(client_factory: ClientFactory) -> None:
    client = client_factory(base_url=f"http://127.0.0.1:{closed_port()}", max_retries=2)
    with pytest.raises(APIConnectionError) as info:
        client.create()
    assert info.value.request_sent is False
    assert not isinstance(info.value, APITimeoutError)
    assert len(client.sleeps) == 2  # bounded by max_retries


def test_connection_refused_then_the_server_comes_up() -> None:
    port = closed_port()
    started: list[FakeKlingServer] = []

    def sleep(_: float) -> None:
        # The "outage" ends during the backoff: the retry must reach the new server exactly once.
        if not started:
            started.append(FakeKlingServer(spec_path=FIXTURE_SPEC, api_keys=[API_KEY], port=port).start())

    try:
        with SyncAPIClient(api_key=API_KEY, base_url=f"http://127.0.0.1:{port}", sleep=sleep) as client:
            envelope = client.request(method="POST", path=CREATE, json=VALID_BODY, idempotent=False)
        assert envelope["code"] == 0
        assert len(started[0].create_requests()) == 1
    finally:
        for srv in started:
            srv.stop()


def _mock_client(flavor: str, exc: Exception, **options: Any) -> tuple[Any, list[int], list[float]]:
    calls: list[int] = []
    sleeps: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise exc

    transport = httpx.MockTransport(handler)
    if flavor == "sync":
        return (
            SyncAPIClient(
                api_key=API_KEY,
                base_url="http://127.0.0.1:9",
                sleep=sleeps.append,
                http_client=httpx.Client(transport=transport),
                **options,
            ),
            calls,
            sleeps,
        )

    async def record(delay: float) -> None:
        sleeps.append(delay)

    return (
        AsyncAPIClient(
            api_key=API_KEY,
            base_url="http://127.0.0.1:9",
            sleep=record,
            http_client=httpx.AsyncClient(transport=transport),
            **options,
        ),
        calls,
        sleeps,
    )


# Timeouts that can only be produced reliably by a transport stub; the classification is what is tested.
@pytest.mark.parametrize(
    ("exc", "retried_create", "sent"),
    [
        (httpx.ConnectTimeout("connect timed out"), True, False),
        (httpx.PoolTimeout("no free connection"), True, False),
        (httpx.ConnectError("refused"), True, False),
        (httpx.ReadTimeout("read timed out"), False, True),
        (httpx.WriteTimeout("write timed out"), False, True),
        (httpx.ReadError("reset by peer"), False, True),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."), False, True),
    ],
)
def test_transport_failures_are_classified(
    flavor: str, loop_thread: Any, exc: Exception, retried_create: bool, sent: bool
) -> None:
    client, calls, sleeps = _mock_client(flavor, exc, max_retries=2)

    def call(**kw: Any) -> Any:
        if flavor == "sync":
            return client.request(**kw)
        return loop_thread.run(client.request(**kw))

    with pytest.raises(APIConnectionError) as info:
        call(method="POST", path=CREATE, json=VALID_BODY, idempotent=False)
    assert info.value.request_sent is sent
    assert isinstance(info.value, APITimeoutError) == isinstance(exc, httpx.TimeoutException)
    assert len(calls) == (3 if retried_create else 1)
    calls.clear()
    with pytest.raises(APIConnectionError):
        call(method="GET", path=f"{CREATE}/t1", idempotent=True)
    assert len(calls) == 3  # queries are always safe to repeat
    assert len(sleeps) == (4 if retried_create else 2)


# -- (b) rate limits --------------------------------------------------------------


def test_429_retry_after_seconds_is_honoured(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory()
    server.add_faults(rate_limited(retry_after="7"))
    assert client.create()["code"] == 0
    assert client.sleeps == [7.0]
    assert len(server.create_requests()) == 2
    assert len(server.created_task_ids()) == 1


def test_429_retry_after_http_date_is_honoured_and_capped(
    server: FakeKlingServer, client_factory: ClientFactory
) -> None:
    client = client_factory()
    # Two minutes ahead: far enough that the cap (60 s), not the clock, decides the result.
    when = email.utils.formatdate(time.time() + 120, usegmt=True)
    server.add_faults(rate_limited(retry_after=when), rate_limited(retry_after="86400"))
    assert client.create()["code"] == 0
    assert client.sleeps == [60.0, 60.0]


@pytest.mark.parametrize("code", [1302, 1303])
def test_rate_limit_codes_in_a_200_are_retried(
    server: FakeKlingServer, client_factory: ClientFactory, code: int
) -> None:
    client = client_factory()
    server.add_faults(business_error(code))
    assert client.create()["code"] == 0
    assert len(client.sleeps) == 1
    assert 0.375 <= client.sleeps[0] <= 0.5  # first backoff step, minus up to 25 % jitter
    assert len(server.created_task_ids()) == 1


def test_429_without_a_body_code_is_retried(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory()
    server.add_faults(rate_limited(code=None, retry_after=None))
    assert client.create()["code"] == 0
    assert len(server.create_requests()) == 2


def test_rate_limit_retries_are_bounded(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory(max_retries=2)
    server.add_faults(*[rate_limited(retry_after="1") for _ in range(5)])
    with pytest.raises(RateLimitError) as info:
        client.create()
    assert info.value.retry_after == 1.0
    assert len(server.create_requests()) == 3
    assert server.created_task_ids() == []
    assert client.sleeps == [1.0, 1.0]


def test_max_retries_zero_disables_retries(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory(max_retries=0)
    server.add_faults(rate_limited())
    with pytest.raises(RateLimitError):
        client.create()
    assert client.sleeps == []
    assert len(server.create_requests()) == 1


# -- (c) idempotent queries ---------------------------------------------------------


def test_query_is_retried_on_5xx_with_growing_backoff(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory(max_retries=3, retry_policy=NO_JITTER)
    task_id = _task_id(client.create())
    server.add_faults(
        server_error(500, match="get"), html_error(502, match="get"), server_error(503, code=None, match="get")
    )
    assert client.get(task_id)["data"]["task_id"] == task_id
    assert client.sleeps == [0.5, 1.0, 2.0]
    assert len([r for r in server.requests if r.method == "GET"]) == 4


def test_backoff_is_capped() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=2.0, jitter=0.0)
    assert [policy.delay(n) for n in range(6)] == [0.5, 1.0, 2.0, 2.0, 2.0, 2.0]
    jittered = RetryPolicy(jitter=0.25)
    assert jittered.delay(0, rand=lambda: 1.0) == 0.375
    assert jittered.delay(0, rand=lambda: 0.0) == 0.5
    assert jittered.delay(3, retry_after=1000.0) == 60.0


def test_query_retries_exhausted_raise_the_last_error(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory(max_retries=1)
    server.add_faults(*[server_error(500, match="get") for _ in range(3)])
    with pytest.raises(ServerError):
        client.get("whatever")
    assert len(client.sleeps) == 1


def test_query_is_retried_after_a_read_timeout(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory(timeout=httpx.Timeout(10.0, read=SLOW_READ_TIMEOUT))
    task_id = _task_id(client.create())
    server.add_faults(slow(SLOW_SECONDS, match="get"))
    assert client.get(task_id)["code"] == 0
    assert len(client.sleeps) == 1


def test_query_is_retried_after_a_dropped_connection(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory()
    task_id = _task_id(client.create())
    server.add_faults(dropped(match="get"))
    assert client.get(task_id)["code"] == 0
    assert len(client.sleeps) == 1


# -- never for an ambiguous create, unless opted in ----------------------------------


def test_create_is_not_retried_after_a_5xx(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory()
    server.add_faults(server_error(500))
    with pytest.raises(ServerError) as info:
        client.create()
    assert "the task may have been created" in str(info.value)
    assert client.sleeps == []
    assert len(server.create_requests()) == 1


def test_create_is_not_retried_after_a_read_timeout(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory(timeout=httpx.Timeout(10.0, read=SLOW_READ_TIMEOUT))
    server.add_faults(slow(SLOW_SECONDS))
    with pytest.raises(APITimeoutError) as info:
        client.create()
    assert info.value.request_sent is True
    assert "a task may exist" in str(info.value)
    assert len(server.create_requests()) == 1


def test_create_is_not_retried_after_a_dropped_connection(
    server: FakeKlingServer, client_factory: ClientFactory
) -> None:
    client = client_factory()
    server.add_faults(dropped(process_first=True))
    with pytest.raises(APIConnectionError) as info:
        client.create()
    assert info.value.request_sent is True
    assert len(server.create_requests()) == 1
    assert len(server.created_task_ids()) == 1  # the task exists although the client got no answer


def test_opt_in_retries_an_ambiguous_create(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory(retry_ambiguous_creates=True)
    server.add_faults(server_error(502, code=5001))
    assert client.create()["code"] == 0
    assert len(server.create_requests()) == 2


def test_client_errors_are_never_retried(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory(retry_ambiguous_creates=True)
    with pytest.raises(InvalidRequestError):
        client.create({**VALID_BODY, "aspect_ratio": "5:4"})
    with pytest.raises(InvalidRequestError):
        client.get("x/y")
    assert client.sleeps == []


def test_parse_retry_after_forms() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("3", now=now, cap=60) == 3.0
    assert parse_retry_after(" 2.5 ", now=now, cap=60) == 2.5
    assert parse_retry_after("-4", now=now, cap=60) == 0.0
    assert parse_retry_after("999", now=now, cap=60) == 60.0
    assert parse_retry_after(email.utils.formatdate(now + 30, usegmt=True), now=now, cap=60) == 30.0
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now, cap=60) == 0.0
    for bad in (None, "", "soon", "nan", "inf"):
        assert parse_retry_after(bad, now=now, cap=60) is None
