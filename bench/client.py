"""Benchmark 4: per-request overhead of the generated client over loopback.

A minimal server (``python -m bench._echo_server``: fixed pre-encoded answers,
no validation) runs in its own process, so client and server do not
share a GIL; on 2 cores each gets one. ``bench._client_worker`` then times
``client.images.generate(...)`` against raw ``httpx`` posting the same JSON to
the same server over a keep-alive connection, in interleaved batches, sync and
async; and, in-process without HTTP, the cost of building and validating the
request model (``ImageGenerationRequest(...).to_dict()``) vs a dict by hand,
and of typing the response (``TaskResponse.from_dict``) vs taking ``data``.
"""

from __future__ import annotations

import compileall
import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from ._util import PYTHON, ROOT, Config, Row, Section, child_env, log, median, spread

NUMBER = 4
TITLE = "Client overhead per request (loopback, fixed-answer server)"
GOAL = 1.10


def copy_generated_package(tmp: Path, package: str = "kling_client") -> Path:
    """A private, byte-compiled copy of generated/<package>; returns the folder to put on PYTHONPATH."""
    dest = tmp / "site"
    if (dest / package).is_dir():
        return dest
    for attempt in range(10):  # a concurrent `generate` swaps the folder away for a moment
        try:
            shutil.copytree(
                ROOT / "generated" / package, dest / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
            break
        except (OSError, shutil.Error):
            shutil.rmtree(dest / package, ignore_errors=True)
            if attempt == 9:
                raise
            time.sleep(1)
    compileall.compile_dir(dest / package, quiet=1)
    return dest


@contextlib.contextmanager
def fake_server(tmp: Path) -> Iterator[str]:
    """Start the fixed-answer server in a child process; yields its base URL."""
    log_path = tmp / "fake-server.log"
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen(
            [PYTHON, "-m", "bench._echo_server"],
            cwd=ROOT,
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=log_file,
            start_new_session=True,
        )
        try:
            assert proc.stdout is not None
            deadline = time.monotonic() + 30
            url = ""
            while time.monotonic() < deadline:
                line = proc.stdout.readline().decode()
                if not line:
                    break
                if "listening on" in line:
                    url = line.strip().rsplit(" ", 1)[-1].rstrip("/")
                    break
            if not url:
                raise RuntimeError(f"fake server did not start: {log_path.read_text(errors='replace')[-2000:]}")
            yield url
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()


def _worker(site: Path, mode: str, rounds: int, batch: int, url: str = "") -> dict[str, list[float]]:
    cmd = [PYTHON, "-m", "bench._client_worker", mode, "--rounds", str(rounds), "--batch", str(batch)]
    if url:
        cmd += ["--url", url]
    env = child_env(pythonpath=[site])
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"client worker ({mode}) failed:\n{done.stderr[-3000:]}")
    data = json.loads(done.stdout)
    result: dict[str, list[float]] = data["us_per_call"]
    return result


def run(cfg: Config, tmp: Path) -> Section:
    section = Section(NUMBER, TITLE)
    site = copy_generated_package(tmp)
    rounds, batch = cfg.reps(20, 8), 250
    with fake_server(tmp) as url:
        for mode, label, baseline in (
            ("sync", "images.generate, sync Client", "raw httpx.Client.post + json()"),
            ("async", "images.generate, AsyncClient", "raw httpx.AsyncClient.post + json()"),
        ):
            log(f"4: {mode}: {rounds} interleaved rounds of {batch} requests per variant")
            times = _worker(site, mode, rounds, batch, url)
            ours, raw = median(times["ours"]), median(times["raw"])
            paired = median([o / r for o, r in zip(times["ours"], times["raw"], strict=True)])
            section.rows.append(
                Row(
                    label,
                    "time per request",
                    ours,
                    "µs",
                    baseline,
                    raw,
                    goal=f"≤ {GOAL:.2f}×",
                    ok=ours / raw <= GOAL,
                    runs=rounds * batch,
                    note=f"overhead {ours - raw:+.0f} µs/request; median of paired batch ratios {paired:.3f}×; "
                    f"spread ours {spread(times['ours'])}, raw {spread(times['raw'])} µs",
                )
            )
            if "runtime" in times:
                runtime = median(times["runtime"])
                section.rows.append(
                    Row(
                        "client.request(...) with a dict body (runtime only: no models)",
                        "time per request",
                        runtime,
                        "µs",
                        baseline,
                        raw,
                        runs=rounds * batch,
                        note=f"overhead {runtime - raw:+.0f} µs/request: request preparation, retry loop, "
                        f"error mapping; the models account for the other {ours - runtime:+.0f} µs",
                    )
                )
    sync_overhead = section.rows[0].median - section.rows[0].baseline_median  # type: ignore[operator]
    explained = 0.0
    for mode, label, baseline, what in (
        ("validation", "ImageGenerationRequest(...).to_dict() (no HTTP)", "the same dict built by hand", "validation"),
        ("response", "TaskResponse.from_dict + require_field (no HTTP)", "check `code`, take `data` by hand", "typing"),
    ):
        log(f"4: {mode} in-process: {rounds} interleaved rounds of {batch * 20} calls")
        times = _worker(site, mode, rounds, batch * 20)
        ours, by_hand = median(times["ours"]), median(times["by_hand"])
        explained += ours - by_hand
        section.rows.append(
            Row(
                label,
                "time per request",
                ours,
                "µs",
                baseline,
                by_hand,
                runs=rounds * batch * 20,
                note=f"{what} cost {ours - by_hand:.1f} µs/request",
            )
        )
    section.notes.append(
        f"Of the sync client's overhead ({sync_overhead:+.0f} µs/request), building/validating the request model "
        f"and typing the response take {explained:.0f} µs in a tight in-process loop; in the request loop the "
        "same work costs more (the runtime-only row shows what is left for the models there): between two HTTP "
        "round trips the model code probably runs with cold CPU caches."
    )
    section.notes.append(
        "The generated client is a byte-compiled copy of `generated/kling_client` as it stood when the run started; "
        "the server (`bench/_echo_server.py`) answers every API call with a fixed pre-encoded body."
    )
    return section
