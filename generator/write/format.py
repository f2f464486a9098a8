"""Stage 7, write: format the rendered files with the pinned ruff, in scratch space.

Input: ``{relative path: text}``. Output: the same files as ruff leaves them
(imports sorted, unused ones dropped, formatted). Formatting happens in a
private folder on tmpfs when there is one: ruff rewrites every file, and the
work tree's disk is slow.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

from ..vocab.findings import SpecError
from .disk import materialize, read_tree

RUFF_OPTIONS = ("--isolated", "--line-length", "120", "--target-version", "py311", "--no-cache")


def format_tree(root: Path) -> None:
    """One ruff run for the whole tree (isort-style import fixes, then the formatter)."""
    ruff = find_ruff_bin()
    env = {**os.environ, "RUFF_NO_CACHE": "true"}
    common = list(RUFF_OPTIONS)
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


def _format_in(files: Mapping[str, str], root: Path) -> None:
    materialize(files, root)
    format_tree(root)


def _scratch_base() -> str | None:
    """tmpfs when the machine has one (Linux: /dev/shm), else the system's temporary folder."""
    shm = Path("/dev/shm")  # noqa: S108 -- only a parent for mkdtemp, which makes a private 0700 folder
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def formatted_files(files: Mapping[str, str]) -> dict[str, str]:
    """Format in a scratch folder and read back: what ``write_tree`` would leave on disk."""
    with tempfile.TemporaryDirectory(prefix="kling-format-", dir=_scratch_base()) as scratch:
        root = Path(scratch)
        _format_in(files, root)
        return read_tree(root)
