"""Release planning: the generated client's version and changelog, from what changed since the last build.

Stage: beside build and render (it runs after render, on the rendered files,
and hands back the version). Input: the previous build's augmented spec text,
version, changelog and Python sources (read by the write stage from the output
folder), the new augmented spec (data and text) and the new Python sources.
Output: a ``Release``: the new semver version and CHANGELOG text. Two diffs
decide it: the HTTP diff of the specs (``diff``) and the diff of the public
Python API (``surface``): removing or renaming a class, member, method or
argument is a major bump whatever the HTTP diff says, because code that uses
it breaks. ERR-level changes bump the major version, new features the minor,
anything else the patch; nothing changed keeps the version. A previous version
that is not semver is reported and the release starts again at 0.1.0.
"""

from __future__ import annotations

from typing import Any

import attrs

from ..diff import Change, changelog_entry, diff_documents, is_semver, make_change, next_version
from ..load.yaml_tree import parse_yaml
from ..vocab.findings import SpecError
from .surface import Surface, python_api_changes, surface_of

INITIAL_VERSION = "0.1.0"
CHANGELOG_TITLE = "# Changelog\n\nEntries are written by the generator from the breaking-change diff of the spec.\n"


@attrs.frozen(kw_only=True)
class Release:
    version: str
    changelog: str


__all__ = ["INITIAL_VERSION", "Release", "Surface", "plan_release", "surface_of"]


def _without_comment_header(text: str) -> str:
    """The YAML below the leading ``#`` comment lines the renderer puts on top."""
    lines = text.split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines)


def _parse(text: str) -> dict[str, Any] | None:
    try:
        value, _ = parse_yaml(text, file="openapi.augmented.yaml")
    except SpecError:
        return None
    return value if isinstance(value, dict) else None


def plan_release(
    *,
    previous_yaml: str | None,
    previous_version: str | None,
    previous_changelog: str | None,
    document: dict[str, Any],
    document_yaml: str,
    previous_surface: Surface | None = None,
    surface: Surface | None = None,
) -> Release:
    """``document_yaml`` is the new augmented spec as written; ``*surface`` the public Python API before and now."""
    if previous_version is not None and not is_semver(previous_version):
        entry = (f"## {INITIAL_VERSION}\n\n- The previous version {previous_version[:60]!r} is not a semantic "
                 "version; numbering starts again.\n")  # fmt: skip
        return Release(version=INITIAL_VERSION, changelog=f"{CHANGELOG_TITLE}\n{entry}")
    api_changes = _api_changes(previous_surface, surface)
    if (
        previous_version is not None
        and previous_yaml is not None
        and not api_changes
        and (_without_comment_header(previous_yaml) == _without_comment_header(document_yaml))
    ):
        return Release(version=previous_version, changelog=_unchanged(previous_changelog))
    old = _parse(previous_yaml) if previous_yaml is not None else None
    if old is None or previous_version is None:
        entry = f"## {INITIAL_VERSION}\n\n- Initial client generated from the spec.\n"
        return Release(version=INITIAL_VERSION, changelog=f"{CHANGELOG_TITLE}\n{entry}")
    changes = [*diff_documents(old, document), *api_changes]
    version = next_version(previous_version, changes)
    if version == previous_version:
        return Release(version=version, changelog=_unchanged(previous_changelog))
    body = _strip_title(previous_changelog or "")
    entry = changelog_entry(version, changes).rstrip("\n") + "\n"
    return Release(version=version, changelog=f"{CHANGELOG_TITLE}\n{entry}\n{body}".rstrip("\n") + "\n")


def _api_changes(older: Surface | None, newer: Surface | None) -> list[Change]:
    if older is None or newer is None or not older.lines:
        return []
    return [
        make_change(rule, operation="", pointer="", name=name, what=what)
        for rule, name, what in python_api_changes(older, newer)
    ]


def _unchanged(previous_changelog: str | None) -> str:
    return f"{CHANGELOG_TITLE}\n{_strip_title(previous_changelog or '')}".rstrip("\n") + "\n"


def _strip_title(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.startswith("<!--")]
    text = "\n".join(lines)
    if text.startswith(CHANGELOG_TITLE.rstrip("\n")):
        text = text[len(CHANGELOG_TITLE.rstrip("\n")) :]
    return text.strip("\n") + "\n" if text.strip() else ""
