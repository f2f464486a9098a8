"""Stage 7, write: the only file I/O of the output side: safe paths, writing files, reading a tree back.

Input: ``{relative path: text}`` and a root folder. Output: the files on disk,
or the text of every file under a folder (caches skipped).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from ..vocab.findings import SpecError


def safe_relative(path: str) -> PurePosixPath:
    """Refuse any output path that could leave the output folder."""
    rel = PurePosixPath(path)
    if (
        rel.is_absolute()
        or not rel.parts
        or any(p in ("..", "", ".") for p in path.split("/"))
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
