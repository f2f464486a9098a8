"""The fake server under load: 200 concurrent clients and 5,000 requests, each on a fresh connection.

Runs ``python -m bench.fake_server_load --json`` (a fresh connection per request, and with ``--keep-alive``)
in a child process (the server in another) and
prints its figures (``pytest -s``): errors, p50/p99 latency, throughput, the server's peak RSS. Only
zero errors and bounded memory are asserted; timings are reported, never judged (noisy machines).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.kling_testkit import ROOT


@pytest.mark.parametrize("mode", ["fresh-connections", "keep-alive"])
def test_200_concurrent_clients_and_5000_requests_without_an_error(mode: str) -> None:
    flags = ["--keep-alive"] if mode == "keep-alive" else []
    proc = subprocess.run(
        [sys.executable, "-m", "bench.fake_server_load", "--clients", "200", "--requests", "5000", "--json", *flags],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    lines = proc.stdout.strip().splitlines()
    assert lines, proc.stderr[-2000:]
    result = json.loads(lines[-1])
    print(f"\nload: {result}")
    assert result["errors"] == 0, result["error_kinds"]
    assert proc.returncode == 0
    assert result["server_peak_mb"] < 300
