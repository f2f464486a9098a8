"""Stage 7, write (read side): what an earlier ``generate`` left in the output folder.

Input: the output folder. Output: the texts the release planner compares
against (previous augmented spec, version, changelog), or ``None`` for each
that is missing or unreadable.
"""

from __future__ import annotations

from pathlib import Path

import attrs


@attrs.frozen(kw_only=True)
class PreviousOutput:
    augmented_yaml: str | None
    version: str | None
    changelog: str | None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None


def read_previous(out_dir: Path) -> PreviousOutput:
    version = None
    for line in (_read(out_dir / "pyproject.toml") or "").splitlines():
        if line.startswith("version = "):
            version = line.split("=", 1)[1].strip().strip('"')
            break
    return PreviousOutput(
        augmented_yaml=_read(out_dir / "openapi.augmented.yaml"),
        version=version,
        changelog=_read(out_dir / "CHANGELOG.md"),
    )
