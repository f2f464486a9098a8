"""Concurrent and interrupted ``generate`` runs never leave a partial output tree.

* Two (and three) runs started at once into the same ``--out`` end with the tree
  a single run writes, byte for byte.
* A run SIGKILLed at many moments (fixed delays, and moments keyed to the
  appearance of its staging folder, i.e. around formatting and the swap) leaves
  either the complete old tree or the complete new tree, and the next run
  produces the complete new tree.
* The state a kill between the two renames of the swap would leave (no ``out``,
  only the backup) is recovered by the next run, which plans its version and
  changelog from the backup.

The specs are copied from ``spec/`` into a scratch folder first, so other work
on ``spec/`` cannot race with these tests. Timeouts are hang guards only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
HANG_GUARD = 120
MEMORY_LIMIT = 1 << 30


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _command(spec: Path, out: Path) -> list[str]:
    return [PYTHON, "-m", "generator", "generate", str(spec), "--out", str(out)]


def _env() -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": "/nonexistent",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def _start(spec: Path, out: Path, cwd: Path) -> subprocess.Popen[str]:
    # A session of its own, so a kill reaches the ruff children too (by this process group's id only).
    return subprocess.Popen(
        _command(spec, out),
        cwd=cwd,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limit_memory,
        start_new_session=True,
    )


def generate(spec: Path, out: Path, cwd: Path) -> None:
    proc = subprocess.run(
        _command(spec, out),
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        preexec_fn=_limit_memory,
        timeout=HANG_GUARD,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def leftovers(parent: Path, name: str = "out") -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}.") and p.name != f".{name}.lock")


def _edited_copy(source: Path, target: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of the spec folder ``source`` whose seed page has each (old, new) text replaced once."""
    shutil.copytree(source, target)
    page = target / "kling-image-generation.md"
    text = page.read_text(encoding="utf-8")
    changed = text
    for old, new in replacements:
        changed = changed.replace(old, new, 1)
    assert changed != text
    page.write_text(changed, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("specs")
    old = base / "old"
    shutil.copytree(ROOT / "spec", old)
    new = _edited_copy(
        old,
        base / "new",
        ("summary: Image generation", "summary: Image generation (changed)"),
        ("Number of images generated", "Number of images generated per request"),
    )
    return {"old": old, "new": new}


@pytest.fixture(scope="module")
def trees(specs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The old tree, and the tree a complete run of the new spec writes over it (version and changelog move on)."""
    base = tmp_path_factory.mktemp("trees")
    old = base / "old" / "out"
    generate(specs["old"], old, base)
    new = base / "new" / "out"
    shutil.copytree(old, new)
    generate(specs["new"], new, base)
    assert digest(old) != digest(new)
    return {"old": old, "new": new}


@pytest.mark.parametrize("runs", [2, 3])
def test_simultaneous_runs_equal_a_single_run(specs: dict[str, Path], tmp_path: Path, runs: int) -> None:
    single = tmp_path / "single" / "out"
    generate(specs["old"], single, tmp_path)
    expected = digest(single)
    shared_parent = tmp_path / "shared"
    shared_parent.mkdir()
    shared = shared_parent / "out"
    for _round in range(2):  # into an empty place, then over an existing tree
        procs = [_start(specs["old"], shared, tmp_path) for _ in range(runs)]
        for proc in procs:
            _, err = proc.communicate(timeout=HANG_GUARD)
            assert proc.returncode == 0, err[-3000:]
            assert "Traceback" not in err
        assert digest(shared) == expected
        assert leftovers(shared_parent) == []


def _kill_group(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=HANG_GUARD)


def _wait_for_staging(parent: Path, proc: subprocess.Popen[str]) -> bool:
    deadline = time.monotonic() + HANG_GUARD
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith(".out.tmp-") for p in parent.iterdir()):
            return True
        time.sleep(0.0005)
    return False


# Fixed delays from start (the generator takes well under a second on the seed), then moments keyed to the
# staging folder's appearance: rendering, ruff, the lock and the two renames all happen after it.
FIXED_DELAYS = [0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.6, 0.8]
AFTER_STAGING = [0.0, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15, 0.2]


@pytest.mark.parametrize(
    ("mode", "delay"),
    [("fixed", d) for d in FIXED_DELAYS] + [("after-staging", d) for d in AFTER_STAGING],
)
def test_sigkill_leaves_old_or_new_tree_and_next_run_recovers(
    specs: dict[str, Path], trees: dict[str, Path], tmp_path: Path, mode: str, delay: float
) -> None:
    parent = tmp_path / "work"
    out = parent / "out"
    shutil.copytree(trees["old"], out)
    old, new = digest(trees["old"]), digest(trees["new"])
    proc = _start(specs["new"], out, tmp_path)
    if mode == "after-staging":
        _wait_for_staging(parent, proc)
    time.sleep(delay)
    finished = proc.poll() is not None
    _kill_group(proc)
    state = digest(out) if out.exists() else None
    assert state is not None, f"no output tree after a kill ({mode} {delay}s): {sorted(os.listdir(parent))}"
    assert state in (old, new), (
        f"partial tree after a kill ({mode} {delay}s, finished={finished}): "
        f"{sorted(set(state.items()) ^ set(new.items()))[:10]}"
    )
    generate(specs["new"], out, tmp_path)
    assert digest(out) == new


def test_kill_between_the_two_renames_is_recovered(
    specs: dict[str, Path], trees: dict[str, Path], tmp_path: Path
) -> None:
    """What a kill between ``out -> backup`` and ``staging -> out`` leaves: only the backup."""
    parent = tmp_path / "work"
    parent.mkdir()
    shutil.copytree(trees["old"], parent / ".out.old-killed1")
    generate(specs["new"], parent / "out", tmp_path)
    assert digest(parent / "out") == digest(trees["new"])
    assert leftovers(parent) == []


def test_next_run_removes_what_killed_runs_left(specs: dict[str, Path], trees: dict[str, Path], tmp_path: Path) -> None:
    parent = tmp_path / "work"
    shutil.copytree(trees["old"], parent / "out")
    stale_staging = parent / ".out.tmp-killed1"
    shutil.copytree(trees["new"], stale_staging)
    (stale_staging / "README.md").unlink()  # a half-written staging tree
    stale_backup = parent / ".out.old-killed2"
    shutil.copytree(trees["old"], stale_backup)
    (stale_backup / "pyproject.toml").unlink()  # a half-deleted backup
    # Killed an hour ago: the sweep leaves entries younger than write.STALE_AFTER_SECONDS to running peers.
    an_hour_ago = time.time() - 3600
    os.utime(stale_staging, (an_hour_ago, an_hour_ago))
    generate(specs["new"], parent / "out", tmp_path)
    assert digest(parent / "out") == digest(trees["new"])
    assert leftovers(parent) == []


def test_the_run_after_such_a_kill_plans_its_release_from_the_backup(
    specs: dict[str, Path], trees: dict[str, Path], tmp_path: Path
) -> None:
    """The version and changelog move on from the backup's, as they would from the tree it replaced."""
    breaking = _edited_copy(
        specs["old"], tmp_path / "breaking", ("cannot exceed 2500 characters", "cannot exceed 2000 characters")
    )
    expected = tmp_path / "expected" / "out"
    shutil.copytree(trees["old"], expected)
    generate(breaking, expected, tmp_path)
    parent = tmp_path / "work"
    parent.mkdir()
    shutil.copytree(trees["old"], parent / ".out.old-killed1")
    generate(breaking, parent / "out", tmp_path)
    assert "maxLength was decreased from 2500 to 2000" in (parent / "out" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert digest(parent / "out") == digest(expected)
    assert leftovers(parent) == []
