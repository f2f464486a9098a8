"""``KLING_LOG=debug|info`` switches request logging on (to stderr), with the key never in it; unset, the
client logs nothing. Run in a subprocess, because the switch is read from the environment once per process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from generator.fake_server import FakeKlingServer
from tests.kling_testkit import API_KEY, GENERATED, GENERATED_SPEC, FakeServerPool

SCRIPT = """
import sys
from kling_client import Client
with Client(api_key=sys.argv[1], base_url=sys.argv[2]) as client:
    task = client.images.generate(model_name="kling-v1", prompt="a fox", n=1)
    client.images.get(task.task_id)
"""


@pytest.fixture
def server(fake_server_pool: FakeServerPool) -> FakeKlingServer:
    return fake_server_pool(GENERATED_SPEC)


@pytest.mark.parametrize("level", ["debug", "info", ""])
def test_kling_log_switches_logging_and_never_logs_the_key(server: FakeKlingServer, level: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KLING_LOG"}
    env.update(PYTHONPATH=str(GENERATED), KLING_LOG=level)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, API_KEY, server.base_url], env=env, capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "kling_client" in line]
    if not level:
        assert proc.stderr == ""
        return
    assert lines, proc.stderr
    assert any("/kling/v1/images/generations" in line for line in lines)
    assert API_KEY not in proc.stderr and API_KEY[8:] not in proc.stderr
    if level == "info":
        assert not any(" DEBUG " in line for line in lines)
