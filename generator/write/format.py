"""Stage 7, write: format the rendered files with the pinned ruff, in scratch space, and gate them.

Input: ``{relative path: text}``. Output: the same files as ruff leaves them
(imports sorted, unused ones dropped, formatted), or ``GateFailure`` when a
file does not compile or fails ``ruff check`` under the output's own ruff
settings: broken code is never handed on to be swapped in. Formatting
happens in a private folder on tmpfs when there is one: ruff rewrites every
file, and the work tree's disk is slow.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

import attrs
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


@attrs.frozen(kw_only=True)
class GateProblem:
    path: str  # relative to the output folder
    line: int
    message: str


class GateFailure(Exception):
    """Generated files that do not compile or fail ``ruff check``; nothing was written."""

    def __init__(self, problems: list[GateProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the generated code")
        self.problems = problems


def _compile_problems(files: Mapping[str, str]) -> list[GateProblem]:
    problems = []
    for path, text in sorted(files.items()):
        if not path.endswith(".py"):
            continue
        try:
            compile(text, path, "exec", dont_inherit=True)
        except SyntaxError as exc:
            problems.append(GateProblem(path=path, line=exc.lineno or 0, message=f"does not compile: {exc.msg}"))
        except ValueError as exc:  # e.g. a NUL byte
            problems.append(GateProblem(path=path, line=0, message=f"does not compile: {exc}"))
    return problems


def _lint_problems(root: Path) -> list[GateProblem]:
    """``ruff check`` with the settings of the generated pyproject.toml (what a user's CI would run)."""
    result = subprocess.run(
        [find_ruff_bin(), "check", "--no-cache", "--output-format", "json", "--exit-zero", "."],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "RUFF_NO_CACHE": "true"},
        check=False,
    )
    try:
        rows = json.loads(result.stdout or "[]")
    except ValueError:
        raise SpecError(f"checking the generated code failed (ruff): {result.stderr.strip()[:2000]}") from None
    problems = []
    for row in rows:
        where = Path(str(row.get("filename", "")))
        relative = where.relative_to(root).as_posix() if where.is_relative_to(root) else where.name
        line = int((row.get("location") or {}).get("row") or 0)
        problems.append(GateProblem(path=relative, line=line, message=f"ruff {row.get('code')}: {row.get('message')}"))
    return problems


def _format_in(files: Mapping[str, str], root: Path) -> None:
    problems = _compile_problems(files)
    if problems:
        raise GateFailure(problems)
    materialize(files, root)
    format_tree(root)
    problems = _lint_problems(root)
    if problems:
        raise GateFailure(problems)


def _scratch_base() -> str | None:
    """tmpfs when the machine has one (Linux: /dev/shm), else the system's temporary folder."""
    shm = Path("/dev/shm")  # noqa: S108 -- only a parent for mkdtemp, which makes a private 0700 folder
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def formatted_files(files: Mapping[str, str]) -> dict[str, str]:
    """Format and gate in a scratch folder and read back: what ``write_tree`` would leave on disk.

    Raises ``GateFailure`` (paths relative to the output, never the scratch folder's).
    """
    with tempfile.TemporaryDirectory(prefix="kling-format-", dir=_scratch_base()) as scratch:
        root = Path(scratch)
        _format_in(files, root)
        return read_tree(root)
