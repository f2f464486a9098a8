"""Fixtures for the runtime tests; helpers and the import set-up live in ``_rt_support``.

Every test talks real HTTP to ``generator.fake_server`` on 127.0.0.1 (the shared pool of ``tests/conftest.py``). Sleeps are injected and recorded, so retries cost no wall time.

``client_factory`` is parametrized over ``sync`` and ``async``: the async
flavour drives ``AsyncAPIClient`` on one event loop running in a background
thread, so the same test body checks both clients for parity.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from kling_client._runtime import AsyncAPIClient, SyncAPIClient
from kling_client._runtime._wire import Envelope

from generator.fake_server import FakeKlingServer
from tests.kling_testkit import FakeServerPool
from tests.runtime._rt_support import API_KEY, FIXTURE_SPEC, ClientFactory, Driver, LoopThread


class EnvelopedSync(SyncAPIClient):
    """The runtime as the Kling client configures it: answers wrapped in code/message/request_id."""

    envelope = Envelope()


class EnvelopedAsync(AsyncAPIClient):
    envelope = Envelope()


@pytest.fixture
def server(fake_server_pool: FakeServerPool) -> FakeKlingServer:
    return fake_server_pool(FIXTURE_SPEC)


@pytest.fixture(scope="session")
def loop_thread() -> Iterator[LoopThread]:
    lt = LoopThread()
    yield lt
    lt.close()


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def client_factory(flavor: str, server: FakeKlingServer, loop_thread: LoopThread) -> Iterator[ClientFactory]:
    drivers: list[Driver] = []

    def make(**options: Any) -> Driver:
        sleeps: list[float] = []
        options.setdefault("api_key", API_KEY)
        options.setdefault("base_url", server.base_url)
        options.setdefault("timeout", httpx.Timeout(10.0))
        client: SyncAPIClient | AsyncAPIClient
        if flavor == "sync":
            client = EnvelopedSync(sleep=sleeps.append, **options)
        else:

            async def record(delay: float) -> None:
                sleeps.append(delay)

            client = EnvelopedAsync(sleep=record, **options)
        driver = Driver(flavor, client, sleeps, loop_thread)
        drivers.append(driver)
        return driver

    yield make
    for driver in drivers:
        driver.close()
