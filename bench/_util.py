"""Shared helpers: measured subprocesses, statistics, result rows, machine details."""

from __future__ import annotations

import contextlib
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
PYTHON = sys.executable
BIN_DIR = Path(PYTHON).parent


# -- configuration --------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    quick: bool = False
    verbose: bool = True

    def reps(self, full: int, quick: int) -> int:
        return quick if self.quick else full


def log(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


# -- results ---------------------------------------------------------------------


@dataclass
class Row:
    """One figure of the results table."""

    bench: str
    figure: str
    median: float | None
    unit: str
    baseline: str = ""
    baseline_median: float | None = None
    goal: str = ""
    ok: bool | None = None
    runs: int = 0
    note: str = ""
    ratio_override: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.ratio_override is not None:
            return self.ratio_override
        if self.median is None or not self.baseline_median:
            return None
        return self.median / self.baseline_median


@dataclass
class Section:
    """What one benchmark produced: table rows plus free-form notes."""

    number: int
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None


def fmt(value: float | None, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "µs":
        return f"{value:.1f} µs" if value < 1000 else f"{value:,.0f} µs"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "/s":
        return f"{value:,.0f} /s"
    if unit:
        return f"{value:.3g} {unit}"
    return f"{value:.3g}"


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: Sequence[float]) -> str:
    """min–max, for a note on how noisy a figure was."""
    if not values:
        return ""
    lo, hi = min(values), max(values)
    return f"{lo:.0f}–{hi:.0f}" if lo >= 100 else f"{lo:.3g}–{hi:.3g}"


def loglog_slope(x0: float, y0: float, x1: float, y1: float) -> float:
    return math.log(y1 / y0) / math.log(x1 / x0)


# -- measured subprocesses -----------------------------------------------------------


@dataclass(frozen=True)
class RunResult:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the child and its waited-for children
    maxrss_mib: float  # peak resident set of the child (or its largest waited-for descendant)
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False


def child_env(extra: Mapping[str, str] | None = None, *, pythonpath: Sequence[Path] = ()) -> dict[str, str]:
    """A reproducible environment: the venv's bin first on PATH, no stray PYTHON* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PATH"] = f"{BIN_DIR}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # never leave __pycache__ in generated output folders
    env["PYTHONHASHSEED"] = "0"
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
    if extra:
        env.update(extra)
    return env


def run_measured(
    cmd: Sequence[str],
    *,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> RunResult:
    """Run ``cmd`` to completion; wall time, CPU time and peak RSS come from ``wait4``.

    ``os.wait4`` gives the resource usage of exactly this child (including the
    children it waited for, e.g. ruff), so no ``RUSAGE_CHILDREN`` deltas are needed.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env=dict(env) if env is not None else child_env(),
            stdout=out,
            stderr=err,
            start_new_session=True,  # so a timeout can end the child and whatever it started (ruff)
        )
        timed_out = threading.Event()
        timer: threading.Timer | None = None
        if timeout is not None:

            def _kill() -> None:
                timed_out.set()
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)

            timer = threading.Timer(timeout, _kill)
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer is not None:
                timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return RunResult(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            maxrss_mib=usage.ru_maxrss / 1024,
            returncode=proc.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
            timed_out=timed_out.is_set(),
        )


def interleave(variants: Mapping[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Run each variant once per round, alternating the order, and collect the figures."""
    names = list(variants)
    results: dict[str, list[float]] = {name: [] for name in names}
    for i in range(rounds):
        for name in names if i % 2 == 0 else reversed(names):
            results[name].append(variants[name]())
    return results


def tail(text: str, lines: int = 8) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


# -- machine details ------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git_head() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.stdout.strip() or "unknown"


def machine_details() -> list[tuple[str, str]]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return [
        ("CPU", _cpu_model()),
        ("cores", f"{os.cpu_count()} logical ({len(os.sched_getaffinity(0))} usable)"),
        ("memory", _memory()),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("httpx", _version("httpx")),
        ("openapi-python-client", _version("openapi-python-client")),
        ("ruff", _version("ruff")),
        ("attrs", _version("attrs")),
        ("load average at start", " ".join(f"{x:.2f}" for x in load)),
        ("commit", _git_head()),
    ]
