"""Semantic-version bumps and changelog sections computed from diff changes."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.diff import RULES, Change, bump_kind, changelog_entry, diff_documents, next_version

OP = "POST /kling/v1/images/generations"


def change(rule_id: str, message: str = "", operation: str = OP, pointer: str = "/paths") -> Change:
    """A change of a catalogue rule, with the catalogue's level."""
    return Change(
        id=rule_id,
        level=RULES[rule_id].level,
        operation=operation,
        pointer=pointer,
        message=message or rule_id.replace("-", " "),
    )


BREAKING = change("request-property-max-length-decreased", "request property 'prompt' maxLength was decreased")
ENDPOINT_ADDED = change("endpoint-added", "endpoint added", operation="GET /kling/v1/images/generations/{id}")
OPTIONAL_PROPERTY = change("new-optional-request-property", "added the new optional request property 'seed'")
RESPONSE_ENUM_ADDED = change("response-property-enum-value-added", 'added the enum value "cancelled"')
DEFAULT_CHANGED = change("request-property-default-value-changed", "default of 'n' changed from 1 to 2")
PROPERTY_REMOVED = change("request-property-removed", "removed the request property 'callback_url'")
RELAXED = change("request-property-max-increased", "request property 'n' maximum was increased from 4 to 9")


@pytest.mark.parametrize(
    ("current", "changes", "expected"),
    [
        ("1.2.3", [], "1.2.3"),
        ("1.2.3", [BREAKING], "2.0.0"),
        ("1.2.3", [BREAKING, ENDPOINT_ADDED, DEFAULT_CHANGED], "2.0.0"),
        ("0.4.2", [BREAKING], "1.0.0"),  # documented policy: ERR is a major bump below 1.0 too
        ("v1.2.3", [BREAKING], "v2.0.0"),
        ("2.0.0-rc.1+build.5", [BREAKING], "3.0.0"),
        ("1.2.3", [ENDPOINT_ADDED], "1.3.0"),
        ("1.2.3", [OPTIONAL_PROPERTY, DEFAULT_CHANGED], "1.3.0"),
        ("1.2.3", [RESPONSE_ENUM_ADDED], "1.3.0"),  # a WARN that adds a value is still a feature
        ("1.2.3", [RELAXED], "1.3.0"),  # a relaxed constraint is a feature
        ("0.9.9", [RELAXED], "0.10.0"),
        ("1.2.3", [DEFAULT_CHANGED], "1.2.4"),
        ("1.2.3", [PROPERTY_REMOVED], "1.2.4"),  # WARN without anything new
    ],
)
def test_next_version(current: str, changes: list[Change], expected: str) -> None:
    assert next_version(current, changes) == expected


@pytest.mark.parametrize("bad", ["1.2", "one.two.three", "01.2.3", "1.2.3.4", ""])
def test_next_version_rejects_non_semver(bad: str) -> None:
    with pytest.raises(ValueError, match="not a semantic version"):
        next_version(bad, [BREAKING])


def test_bump_kind() -> None:
    assert bump_kind([]) == "none"
    assert bump_kind([DEFAULT_CHANGED]) == "patch"
    assert bump_kind([DEFAULT_CHANGED, OPTIONAL_PROPERTY]) == "minor"
    assert bump_kind([OPTIONAL_PROPERTY, BREAKING]) == "major"


def test_next_version_from_a_real_diff() -> None:
    case = YAML(typ="safe", pure=True).load(
        (Path(__file__).parent / "cases" / "request_property_added.yaml").read_text(encoding="utf-8")
    )
    changes = diff_documents(case["old"], case["new"])
    assert next_version("1.4.0", changes) == "2.0.0"  # a new required property
    backwards = diff_documents(case["new"], case["old"])  # removing properties: WARN only
    assert {c.level for c in backwards} == {"WARN"}
    assert next_version("1.4.0", backwards) == "1.4.1"


def test_changelog_entry_groups_changes() -> None:
    entry = changelog_entry("2.0.0", [DEFAULT_CHANGED, ENDPOINT_ADDED, BREAKING, PROPERTY_REMOVED, RELAXED])
    assert entry == "\n".join(
        [
            "## 2.0.0",
            "",
            "### Breaking",
            "",
            f"- `{OP}`: request property 'prompt' maxLength was decreased (`request-property-max-length-decreased`)",
            "",
            "### Added",
            "",
            "- `GET /kling/v1/images/generations/{id}`: endpoint added (`endpoint-added`)",
            f"- `{OP}`: request property 'n' maximum was increased from 4 to 9 (`request-property-max-increased`)",
            "",
            "### Changed",
            "",
            f"- `{OP}`: removed the request property 'callback_url' (`request-property-removed`)",
            f"- `{OP}`: default of 'n' changed from 1 to 2 (`request-property-default-value-changed`)",
            "",
        ]
    )


def test_changelog_entry_omits_empty_sections_and_operationless_prefix() -> None:
    component = change("api-security-component-added", "added the security scheme apiKey", operation="")
    entry = changelog_entry("1.3.0", [component])
    assert entry.startswith("## 1.3.0\n")
    assert "### Breaking" not in entry
    assert "### Added" not in entry
    assert "- added the security scheme apiKey (`api-security-component-added`)" in entry.splitlines()


def test_changelog_entry_without_changes() -> None:
    assert changelog_entry("1.2.3", []) == "## 1.2.3\n\nNo API changes.\n"


def test_changelog_entry_is_deterministic_and_dateless() -> None:
    changes = [DEFAULT_CHANGED, ENDPOINT_ADDED, BREAKING, PROPERTY_REMOVED, RELAXED, OPTIONAL_PROPERTY]
    expected = changelog_entry("2.0.0", changes)
    shuffled = list(changes)
    random.Random(7).shuffle(shuffled)
    assert changelog_entry("2.0.0", shuffled) == expected
    assert changelog_entry("2.0.0", changes + changes) == expected  # duplicates collapse
    assert not re.search(r"\d{4}-\d{2}-\d{2}", expected)
