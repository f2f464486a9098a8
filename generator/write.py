"""Materialise rendered files: format with the pinned ruff, then swap into place atomically.

Stage 5c: write. Input: a mapping of relative path -> text and a target folder.
Output: the folder replaced as a whole (render to a temporary sibling, format,
rename), so a failed or killed run leaves the previous tree intact, and two
concurrent runs serialise on a lock file. With ``load`` this is the only module
that touches the disk.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

from .findings import SpecError


def safe_relative(path: str) -> PurePosixPath:
    """Refuse any output path that could leave the output folder."""
    rel = PurePosixPath(path)
    if (
        rel.is_absolute()
        or not rel.parts
        or any(p in ("..", "", ".") for p in rel.parts)
        or "\\" in path
        or "\0" in path
    ):
        raise SpecError(f"refusing to write outside the output folder: {path!r}")
    return rel


def materialize(files: Mapping[str, str], root: Path) -> None:
    made: set[Path] = set()
    for name in sorted(files):
        target = root.joinpath(*safe_relative(name).parts)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(files[name])


def format_tree(root: Path) -> None:
    """One ruff run for the whole tree (isort-style import fixes, then the formatter)."""
    ruff = find_ruff_bin()
    env = {**os.environ, "RUFF_NO_CACHE": "true"}
    common = ["--isolated", "--line-length", "120", "--target-version", "py311", "--no-cache"]
    fix = subprocess.run(
        [ruff, "check", *common, "--fix-only", "--select", "I,F401,F541,UP", "--exit-zero", "."],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    fmt = subprocess.run([ruff, "format", *common, "."], cwd=root, capture_output=True, text=True, env=env, check=False)
    for result in (fix, fmt):
        if result.returncode != 0:
            raise SpecError(f"formatting the generated code failed (ruff): {result.stderr.strip()[:2000]}")


def render_to(files: Mapping[str, str], root: Path) -> None:
    materialize(files, root)
    format_tree(root)


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _recover(out_dir: Path) -> None:
    """A run killed between its two renames leaves only the backup: put the newest one back."""
    if out_dir.exists():
        return
    backups = sorted(out_dir.parent.glob(f".{out_dir.name}.old-*"), key=lambda p: (p.stat().st_mtime, p.name))
    if backups:
        backups[-1].rename(out_dir)


STALE_AFTER_SECONDS = 30.0


def _younger_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime < seconds
    except OSError:
        return True


def _sweep(out_dir: Path, own_staging: Path) -> None:
    """Remove what killed runs left: backups (we hold the swap lock, so none is in use) and staging
    folders whose owner is gone (its lock on the sidecar file is released when it dies)."""
    for backup in out_dir.parent.glob(f".{out_dir.name}.old-*"):
        shutil.rmtree(backup, ignore_errors=True)
    for entry in out_dir.parent.glob(f".{out_dir.name}.tmp-*"):
        staging = entry.with_suffix("") if entry.suffix == ".lock" else entry
        if staging == own_staging or _younger_than(entry, STALE_AFTER_SECONDS):
            continue  # a run that has only just started may not have locked its sidecar yet
        sidecar = Path(f"{staging}.lock")
        try:
            with open(sidecar, "a+") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(staging, ignore_errors=True)
                sidecar.unlink(missing_ok=True)
        except OSError:  # BlockingIOError: another run is still rendering into it
            continue


def write_tree(files: Mapping[str, str], out_dir: Path) -> None:
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    sidecar = Path(f"{staging}.lock")
    with open(sidecar, "a+") as claim:
        fcntl.flock(claim, fcntl.LOCK_EX)  # tells other runs this staging folder is alive
        try:
            # Format in memory-backed scratch space, then write each final file to disk once: ruff rewrites
            # every file twice, and on a busy disk writes are what a large spec spends its time on.
            materialize(formatted_files(files), staging)
            with _locked(out_dir):
                _recover(out_dir)
                _sweep(out_dir, staging)
                backup = None
                if out_dir.exists():
                    backup = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
                    backup.rmdir()
                    out_dir.rename(backup)
                staging.rename(out_dir)
                if backup is not None:
                    shutil.rmtree(backup, ignore_errors=True)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
            sidecar.unlink(missing_ok=True)


def read_tree(root: Path) -> dict[str, str]:
    """Every file below ``root`` (for drift checks), skipping caches."""
    found: dict[str, str] = {}
    if not root.is_dir():
        return found
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(
            p in ("__pycache__", ".mypy_cache", ".ruff_cache") or p.endswith(".egg-info") for p in rel.parts
        ):
            found[rel.as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    return found


def _scratch_base() -> str | None:
    """tmpfs when the machine has one (Linux: /dev/shm), else the system's temporary folder."""
    shm = Path("/dev/shm")  # noqa: S108 -- only a parent for mkdtemp, which makes a private 0700 folder
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def formatted_files(files: Mapping[str, str]) -> dict[str, str]:
    """Format in a scratch folder and read back: what ``write_tree`` would leave on disk."""
    with tempfile.TemporaryDirectory(prefix="kling-format-", dir=_scratch_base()) as scratch:
        root = Path(scratch)
        render_to(files, root)
        return read_tree(root)
