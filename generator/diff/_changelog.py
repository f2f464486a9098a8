"""Semantic-version bump and changelog section for a set of changes.

Stage: diff. Input: a current version and the ``Change`` records between the
released spec and the new one. Output: the next version string, and a
deterministic markdown section (no dates) grouping Breaking / Added / Changed.

Policy: any ERR change is a major bump, also below 1.0 (``0.4.2`` -> ``1.0.0``:
a breaking change is the moment to promise a stable interface); otherwise a
feature (see ``Rule.feature``: something added or a constraint relaxed) is a
minor bump; anything else is a patch; no changes leave the version as it is.
A leading ``v`` is kept; pre-release and build suffixes are dropped on a bump.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ._rules import Change, is_feature, sort_changes

_SEMVER = re.compile(
    r"^(?P<v>v?)(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)"
    r"(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
)


def is_semver(text: str) -> bool:
    return _SEMVER.match(text.strip()) is not None


def bump_kind(changes: Sequence[Change]) -> str:
    """``"major"``, ``"minor"``, ``"patch"`` or ``"none"``."""
    if not changes:
        return "none"
    if any(c.level == "ERR" for c in changes):
        return "major"
    if any(is_feature(c) for c in changes):
        return "minor"
    return "patch"


def next_version(current: str, changes: Sequence[Change]) -> str:
    """The version that should follow ``current`` once ``changes`` are released."""
    match = _SEMVER.match(current.strip())
    if match is None:
        raise ValueError(f"not a semantic version: {current!r}")
    kind = bump_kind(changes)
    if kind == "none":
        return current.strip()
    major, minor, patch = (int(match[part]) for part in ("major", "minor", "patch"))
    if kind == "major":
        major, minor, patch = major + 1, 0, 0
    elif kind == "minor":
        minor, patch = minor + 1, 0
    else:
        patch += 1
    return f"{match['v']}{major}.{minor}.{patch}"


def _line(change: Change) -> str:
    where = f"`{change.operation}`: " if change.operation else ""
    return f"- {where}{change.message} (`{change.id}`)"


def changelog_entry(version: str, changes: Sequence[Change]) -> str:
    """A ``## <version>`` markdown section; ERR changes are Breaking, features Added, the rest Changed."""
    ordered = sort_changes(changes)
    sections = {
        "Breaking": [c for c in ordered if c.level == "ERR"],
        "Added": [c for c in ordered if c.level != "ERR" and is_feature(c)],
        "Changed": [c for c in ordered if c.level != "ERR" and not is_feature(c)],
    }
    lines = [f"## {version}", ""]
    if not ordered:
        lines.extend(["No API changes.", ""])
    for title, members in sections.items():
        if members:
            lines.extend([f"### {title}", "", *(_line(c) for c in members), ""])
    return "\n".join(lines)
