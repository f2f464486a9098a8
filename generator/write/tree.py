"""Stage 7, write: swap the new tree into place atomically; read a tree back.

Input: a mapping of relative path -> final (formatted, stamped) text and a
target folder. Output: the folder replaced as a whole (written to a temporary
sibling, then renamed), so a failed or killed run leaves the previous tree
intact, and two concurrent runs serialise on a lock file.
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from .disk import materialize


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


STAMP_TABLE = "[tool.kling-codegen]"


def out_problem(out_dir: Path) -> str | None:
    """Why ``out_dir`` cannot be replaced by a generated tree, or None. The swap replaces the folder as a
    whole, so it must be new, empty, or one this generator wrote (its pyproject.toml has the stamp)."""
    if out_dir.is_symlink():
        return "is a symbolic link; give the folder it points to"
    if not out_dir.exists():
        if out_dir.parent.exists() and not out_dir.parent.is_dir():
            return f"cannot be created: {out_dir.parent} is a file"
        return None
    if not out_dir.is_dir():
        return "is a file, not a folder"
    absolute = out_dir.absolute()
    if absolute.parent == absolute or absolute == Path.home().absolute() or absolute == Path.cwd().absolute():
        return "is the root, home or current folder, which generating would replace as a whole"
    try:
        entries = [p.name for p in out_dir.iterdir()]
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if not entries:
        return None
    pyproject = out_dir / "pyproject.toml"
    try:
        stamped = pyproject.is_file() and STAMP_TABLE in pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        stamped = False
    if not stamped:
        return (
            "is a folder this generator did not write (no [tool.kling-codegen] stamp in its pyproject.toml), "
            "and generating replaces the folder as a whole; choose a new or empty folder"
        )
    return None


def write_tree(files: Mapping[str, str], out_dir: Path) -> None:
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    sidecar = Path(f"{staging}.lock")
    with open(sidecar, "a+") as claim:
        fcntl.flock(claim, fcntl.LOCK_EX)  # tells other runs this staging folder is alive
        try:
            materialize(files, staging)
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
