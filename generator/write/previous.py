"""Stage 7, write (read side): what an earlier ``generate`` left in the output folder.

Input: the output folder. Output: the texts the release planner compares
against (previous augmented spec, version, changelog, Python sources), or
``None`` (empty) for each that is missing or unreadable.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from .tree import newest_backup


@attrs.frozen(kw_only=True)
class PreviousOutput:
    augmented_yaml: str | None
    version: str | None
    changelog: str | None
    python_sources: dict[str, str] = attrs.field(factory=dict)  # relative path -> text, for the API surface


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None


def read_previous(out_dir: Path) -> PreviousOutput:
    """What ``out_dir`` holds; when a killed run left only its backup, what the backup holds, since the
    swap puts that backup back before writing (so version and changelog move on from it)."""
    if not out_dir.exists():
        out_dir = newest_backup(out_dir) or out_dir
    version = None
    for line in (_read(out_dir / "pyproject.toml") or "").splitlines():
        if line.startswith("version = "):
            version = line.split("=", 1)[1].strip().strip('"')
            break
    sources: dict[str, str] = {}
    if out_dir.is_dir():
        for path in sorted(out_dir.rglob("*.py")):
            text = _read(path)
            if text is not None and "__pycache__" not in path.parts:
                sources[path.relative_to(out_dir).as_posix()] = text
    return PreviousOutput(
        augmented_yaml=_read(out_dir / "openapi.augmented.yaml"),
        version=version,
        changelog=_read(out_dir / "CHANGELOG.md"),
        python_sources=sources,
    )
