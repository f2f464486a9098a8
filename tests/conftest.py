"""Shared test setup: the repo root and the committed client are importable, tests run from the root, and
one session-wide pool starts fake servers (one per spec file, wiped before each use)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.kling_testkit import API_KEY, GENERATED, ROOT, FakeServerPool

for _path in (ROOT, GENERATED):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
os.chdir(ROOT)

from generator.fake_server import FakeKlingServer  # noqa: E402


@pytest.fixture(scope="session")
def fake_server_pool() -> Iterator[FakeServerPool]:
    """``pool(spec)``: a running fake server for ``spec``, reset and back at its defaults.

    Starting a server per test costs more than most tests; wiping it keeps faults, recorded requests and
    tasks from leaking between tests.
    """
    servers: dict[Path, FakeKlingServer] = {}

    def get(spec: Path) -> FakeKlingServer:
        key = spec.resolve()
        if key not in servers:
            servers[key] = FakeKlingServer(spec_path=key, api_keys=[API_KEY], polls_to_finish=2).start()
        server = servers[key]
        server.reset()
        server.configure(polls_to_finish=2, timestamps_as_strings=False)
        return server

    yield get
    for server in servers.values():
        server.stop()
