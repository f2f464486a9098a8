"""Fixtures for the adversarial HTTP suite: one hostile server per test process, clients of both flavours.

``blackhole`` is a URL whose connections never complete. ``caller(scenario, **options)`` builds the generated client (``sync`` or ``async``, by parametrization)
against ``hostile_server``'s scenario and closes it after the test.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.network import hostile_server
from tests.network.hostile_server import HostileServer
from tests.network.netkit import Caller, make_caller
from tests.runtime._rt_support import LoopThread

MakeCaller = Callable[..., Caller]


@pytest.fixture(scope="session")
def hostile() -> Iterator[HostileServer]:
    # The bombs take seconds to build on a busy machine; build them before any client's deadline is running.
    hostile_server.gzip_bomb()
    hostile_server.gzip_bomb(15)
    hostile_server.double_gzip_bomb()
    hostile_server.gzip_members_bomb()
    server = HostileServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def blackhole() -> Iterator[str]:
    """A base URL whose connections never complete: a listener whose accept queue is full and never drained."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers: list[socket.socket] = []
    for _ in range(8):
        sock = socket.socket()
        sock.settimeout(0.5)
        fillers.append(sock)
        try:
            sock.connect(("127.0.0.1", port))
        except OSError:
            break  # the queue is full: later connects hang
    else:
        pytest.skip("this kernel accepts connections beyond the listen backlog")
    yield f"http://127.0.0.1:{port}/hang"
    for sock in [*fillers, listener]:
        sock.close()


@pytest.fixture(scope="session")
def net_loop() -> Iterator[LoopThread]:
    loop = LoopThread()
    yield loop
    loop.close()


@pytest.fixture
def hostile_url(hostile: HostileServer) -> Callable[[str], str]:
    return hostile.url


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def caller(flavor: str, hostile: HostileServer, net_loop: LoopThread) -> Iterator[MakeCaller]:
    made: list[Caller] = []

    def make(scenario: str, **options: Any) -> Caller:
        made.append(make_caller(flavor, net_loop, hostile.url(scenario), **options))
        return made[-1]

    yield make
    for item in made:
        item.close()
