"""Answers too large to hold: compression bombs, endless bodies, a configurable cap; the client's peak memory.

The bombs run in a child process (``_probe``) with an address-space cap as a guard, and its peak RSS
(``ru_maxrss``) is printed (``pytest -s`` shows it) and checked to stay far below the 1 GiB a bomb
expands to.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from kling_client.errors import APIResponseError, ConfigurationError

from tests.kling_testkit import ROOT
from tests.network.conftest import MakeCaller
from tests.network.hostile_server import HostileServer
from tests.network.netkit import KEY, make_caller
from tests.runtime._rt_support import LoopThread

# The guard: the probe dies with MemoryError past this, long before the machine suffers.
AS_CAP_MB = 1536
# What "far below 1 GB" means here: the 50 MB cap, one copy of it, the decoder's window and Python itself.
PEAK_LIMIT_MB = 400


def probe(url: str, *args: str, timeout: float = 120) -> dict[str, object]:
    """Run ``tests.network._probe`` against ``url`` and return its JSON report."""
    proc = subprocess.run(
        [sys.executable, "-m", "tests.network._probe", "--url", url, "--as-cap-mb", str(AS_CAP_MB), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 0 and lines, f"probe failed ({proc.returncode}): {proc.stderr[-2000:]}"
    report: dict[str, object] = json.loads(lines[-1])
    return report


def _check_capped(report: dict[str, object], what: str, expected: str = "APIResponseError") -> None:
    peak_mb = int(str(report["peak_kb"])) / 1024
    print(f"\n{what}: {report['error']} after {report['seconds']} s, peak RSS {peak_mb:.0f} MB "
          f"(baseline {int(str(report['baseline_kb'])) / 1024:.0f} MB): {str(report['message'])[:160]}")  # fmt: skip
    assert report["error"] == expected, report
    assert peak_mb < PEAK_LIMIT_MB, report


BOMBS = ["gzip-bomb", "gzip-gzip-bomb", "deflate-bomb", "gzip-members-bomb", "gzip-bomb-401"]


@pytest.mark.parametrize("scenario", BOMBS)
def test_a_decompression_bomb_stops_at_the_cap(hostile: HostileServer, flavor: str, scenario: str) -> None:
    report = probe(hostile.url(scenario), "--flavor", flavor, "--call", "generate")
    _check_capped(report, f"{flavor} generate() <- {scenario}")
    assert "larger than 52428800 bytes once decoded" in str(report["message"])


@pytest.mark.parametrize("scenario", ["big-plain", "endless-chunked", "huge-content-length"])
def test_an_oversized_plain_body_stops_at_the_cap(hostile: HostileServer, flavor: str, scenario: str) -> None:
    report = probe(hostile.url(scenario), "--flavor", flavor, "--call", "get")
    _check_capped(report, f"{flavor} get() <- {scenario}")


@pytest.mark.parametrize("scenario", ["gzip-gzip-bomb", "gzip-bomb-401", "huge-content-length"])
@pytest.mark.parametrize("call", ["download", "download-file"])
def test_downloads_are_capped_too(hostile: HostileServer, flavor: str, scenario: str, call: str) -> None:
    report = probe(hostile.url(scenario), "--flavor", flavor, "--call", call, "--max-bytes", str(10 * 1024 * 1024))
    # Streaming to a file reads only the first 2 KB of an error page, so the 401 keeps its class.
    expected = "AuthenticationError" if (call, scenario) == ("download-file", "gzip-bomb-401") else "APIResponseError"
    _check_capped(report, f"{flavor} {call}(max_bytes=10 MB) <- {scenario}", expected)
    assert report["written"] == 0  # nothing half-written is left at the destination


def test_the_cap_is_configurable(caller: MakeCaller) -> None:
    assert caller("ok").get().task_status == "succeed"  # about 2 KB: under the default cap
    with pytest.raises(APIResponseError) as info:
        caller("ok", max_response_bytes=1000).get()
    message = str(info.value)
    assert "larger than 1000 bytes once decoded (max_response_bytes)" in message, message
    assert info.value.status_code == 200
    assert caller("ok", max_response_bytes=10_000).get().task_status == "succeed"
    with pytest.raises(APIResponseError, match="larger than 1048576 bytes"):
        caller("gzip-bomb", max_response_bytes=1024 * 1024).generate()


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "10"])
def test_a_bad_cap_is_refused(hostile: HostileServer, net_loop: LoopThread, flavor: str, bad: object) -> None:
    with pytest.raises(ConfigurationError, match="max_response_bytes"):
        make_caller(flavor, net_loop, hostile.url("ok"), max_response_bytes=bad)


def test_the_default_cap_is_50_mb(hostile: HostileServer, net_loop: LoopThread) -> None:
    caller = make_caller("sync", net_loop, hostile.url("ok"), api_key=KEY)
    try:
        assert caller.client.max_response_bytes == 50 * 1024 * 1024
    finally:
        caller.close()
