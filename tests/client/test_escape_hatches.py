"""The generated client's escape hatches and answer metadata, over real HTTP against the fake server:
``extra_body``/``extra_query``/``extra_headers`` (sent as given, merged after validation), per-call
``timeout=``, ``with_raw_response`` (status, headers, request id and the parsed model) and the request id
every returned model carries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import kling_client
import pytest
from kling_client import ConfigurationError, RequestValidationError
from kling_client.models import Task

from generator.fake_server import FakeKlingServer
from tests.kling_testkit import API_KEY, FakeServerPool
from tests.kling_testkit import GENERATED_SPEC as SPEC

ARGS: dict[str, Any] = {"model_name": "kling-v1", "prompt": "a lighthouse", "n": 1}


@pytest.fixture
def server(fake_server_pool: FakeServerPool) -> FakeKlingServer:
    return fake_server_pool(SPEC)


@pytest.fixture
def client(server: FakeKlingServer) -> Iterator[kling_client.Client]:
    with kling_client.Client(api_key=API_KEY, base_url=server.base_url, timeout=10.0) as c:
        yield c


def test_extras_are_sent_as_given_after_validation(client: kling_client.Client, server: FakeKlingServer) -> None:
    client.images.generate(**ARGS, extra_body={"watermark": False}, extra_query={"trace": "1"})
    (create,) = server.create_requests()
    assert create.body == {**ARGS, "watermark": False}
    assert create.query == "trace=1"
    # Validation still applies to the arguments themselves; extras are not checked against the spec.
    with pytest.raises(RequestValidationError):
        client.images.generate(**{**ARGS, "n": 0}, extra_body={"n": 1})
    assert len(server.create_requests()) == 1


def test_extra_headers_reach_the_wire(server: FakeKlingServer) -> None:
    seen: list[httpx.Request] = []
    with (
        httpx.Client(event_hooks={"request": [seen.append]}) as http,
        kling_client.Client(api_key=API_KEY, base_url=server.base_url, http_client=http) as client,
    ):
        client.images.generate(**ARGS, extra_headers={"X-Trace": "abc"})
    assert seen[0].headers["x-trace"] == "abc"
    assert seen[0].headers["authorization"] == f"Bearer {API_KEY}"


def test_a_per_call_timeout_is_checked_before_sending(client: kling_client.Client, server: FakeKlingServer) -> None:
    with pytest.raises(ConfigurationError, match="timeout"):
        client.images.generate(**ARGS, timeout=-1)
    assert server.requests == []
    assert isinstance(client.images.generate(**ARGS, timeout=5), Task)


def test_every_returned_model_carries_its_request_id(client: kling_client.Client) -> None:
    created = client.images.generate(**ARGS)
    polled = client.images.get(created.task_id)
    for task in (created, polled):
        assert isinstance(task._request_id, str) and len(task._request_id) == 32
    assert created._request_id != polled._request_id


def test_with_raw_response_gives_status_headers_request_id_and_the_model(client: kling_client.Client) -> None:
    raw = client.images.with_raw_response.generate(**ARGS)
    assert raw.status_code == 200
    assert raw.headers["content-type"].startswith("application/json")
    task = raw.parse()
    assert isinstance(task, Task) and task.task_status == "submitted"
    assert raw.request_id == task._request_id and raw.request_id
    same = client.with_raw_response.images.get(task.task_id)
    assert same.parse().task_id == task.task_id and same.request_id != raw.request_id


def test_async_raw_response_and_request_id(server: FakeKlingServer) -> None:
    async def scenario() -> tuple[int, str | None, str | None]:
        async with kling_client.AsyncClient(api_key=API_KEY, base_url=server.base_url) as client:
            raw = await client.images.with_raw_response.generate(**ARGS)
            task = raw.parse()
            return raw.status_code, raw.request_id, task._request_id

    status, raw_id, model_id = asyncio.run(scenario())
    assert status == 200 and raw_id is not None and raw_id == model_id


@pytest.mark.parametrize(
    ("options", "word"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": "3"}, "max_retries"),
        ({"timeout": 0}, "timeout"),
        ({"max_response_bytes": 0}, "max_response_bytes"),
        ({"base_url": "ftp://example.invalid"}, "base_url"),
    ],
)
def test_invalid_client_options_are_a_kling_error_naming_the_option(options: dict[str, Any], word: str) -> None:
    with pytest.raises(ConfigurationError, match=word) as info:
        kling_client.Client(api_key=API_KEY, **options)
    assert isinstance(info.value, kling_client.KlingError)


@pytest.mark.parametrize("wait_timeout", [0, -1, float("inf"), float("nan")])
def test_invalid_wait_settings_are_a_kling_error(client: kling_client.Client, wait_timeout: float) -> None:
    with pytest.raises(ConfigurationError, match="wait_timeout"):
        client.images.wait("t-1", wait_timeout=wait_timeout)
