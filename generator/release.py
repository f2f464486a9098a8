"""Release planning: the generated client's version and changelog, from the diff against the last build.

Stage: beside build (it runs before it, and hands it the version). Input: the
previous build's augmented spec text, version and changelog (read by the write
stage from the output folder) and the new augmented spec (data and text).
Output: a ``Release``: the new semver version and CHANGELOG text. ERR-level
changes bump the major version, new features the minor, anything else the
patch; an unchanged spec keeps the version and runs no diff.
"""

from __future__ import annotations

from typing import Any

import attrs

from .diff import changelog_entry, diff_documents, next_version
from .load.yaml_tree import parse_yaml
from .vocab.findings import SpecError

INITIAL_VERSION = "0.1.0"
CHANGELOG_TITLE = "# Changelog\n\nEntries are written by the generator from the breaking-change diff of the spec.\n"


@attrs.frozen(kw_only=True)
class Release:
    version: str
    changelog: str


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
) -> Release:
    """``document_yaml`` is the new augmented spec as written; equal text means nothing changed."""
    if (
        previous_version is not None
        and previous_yaml is not None
        and (_without_comment_header(previous_yaml) == _without_comment_header(document_yaml))
    ):
        return Release(version=previous_version, changelog=_unchanged(previous_changelog))
    old = _parse(previous_yaml) if previous_yaml is not None else None
    if old is None or previous_version is None:
        entry = f"## {INITIAL_VERSION}\n\n- Initial client generated from the spec.\n"
        return Release(version=INITIAL_VERSION, changelog=f"{CHANGELOG_TITLE}\n{entry}")
    changes = diff_documents(old, document)
    version = next_version(previous_version, changes)
    if version == previous_version:
        return Release(version=version, changelog=_unchanged(previous_changelog))
    body = _strip_title(previous_changelog or "")
    entry = changelog_entry(version, changes).rstrip("\n") + "\n"
    return Release(version=version, changelog=f"{CHANGELOG_TITLE}\n{entry}\n{body}".rstrip("\n") + "\n")


def _unchanged(previous_changelog: str | None) -> str:
    return f"{CHANGELOG_TITLE}\n{_strip_title(previous_changelog or '')}".rstrip("\n") + "\n"


def _strip_title(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.startswith("<!--")]
    text = "\n".join(lines)
    if text.startswith(CHANGELOG_TITLE.rstrip("\n")):
        text = text[len(CHANGELOG_TITLE.rstrip("\n")) :]
    return text.strip("\n") + "\n" if text.strip() else ""
