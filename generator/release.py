"""Version and changelog of the generated client, from the diff against the previous build.

Stage 5a: build model. Input: the previously generated augmented spec, version
and changelog (read by the CLI from the output folder) and the new augmented
spec. Output: the new semver version and CHANGELOG text. ERR-level changes bump
the major version, new features the minor, anything else the patch.
"""

from __future__ import annotations

from typing import Any

import attrs

from .findings import SpecError
from .yaml_tree import parse_yaml

INITIAL_VERSION = "0.1.0"
CHANGELOG_TITLE = "# Changelog\n\nEntries are written by the generator from the breaking-change diff of the spec.\n"


@attrs.frozen(kw_only=True)
class Previous:
    document_text: str | None  # the previous openapi.augmented.yaml, parsed only if it differs
    version: str | None
    changelog: str | None

    def document(self) -> dict[str, Any] | None:
        if self.document_text is None:
            return None
        try:
            value, _ = parse_yaml(self.document_text, file="openapi.augmented.yaml")
        except SpecError:
            return None
        return value if isinstance(value, dict) else None


@attrs.frozen(kw_only=True)
class Release:
    version: str
    changelog: str


def _body(text: str) -> str:
    return text.split("\n", 1)[1] if "\n" in text else ""


def plan_release(previous: Previous, document: dict[str, Any], document_text: str) -> Release:
    """``document_text`` is the new augmented YAML; equal text means nothing changed, so no diff runs."""
    from .diff import changelog_entry, diff_documents, next_version

    if previous.version is not None and previous.document_text is not None and (
        _body(previous.document_text) == _body(document_text)
    ):
        return Release(version=previous.version, changelog=_unchanged(previous))
    old = previous.document()
    if old is None or previous.version is None:
        entry = f"## {INITIAL_VERSION}\n\n- Initial client generated from the spec.\n"
        return Release(version=INITIAL_VERSION, changelog=f"{CHANGELOG_TITLE}\n{entry}")
    changes = diff_documents(old, document)
    version = next_version(previous.version, changes)
    body = _strip_title(previous.changelog or "")
    if version == previous.version:
        return Release(version=version, changelog=_unchanged(previous))
    entry = changelog_entry(version, changes).rstrip("\n") + "\n"
    return Release(version=version, changelog=f"{CHANGELOG_TITLE}\n{entry}\n{body}".rstrip("\n") + "\n")


def _unchanged(previous: Previous) -> str:
    return f"{CHANGELOG_TITLE}\n{_strip_title(previous.changelog or '')}".rstrip("\n") + "\n"


def _strip_title(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.startswith("<!--")]
    text = "\n".join(lines)
    if text.startswith(CHANGELOG_TITLE.rstrip("\n")):
        text = text[len(CHANGELOG_TITLE.rstrip("\n")) :]
    return text.strip("\n") + "\n" if text.strip() else ""
