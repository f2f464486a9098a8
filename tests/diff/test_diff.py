"""Spec-evolution cases for the breaking-change diff (tests/diff_cases/*.yaml) and its output formats.

Each case file holds ``old`` and ``new`` OpenAPI documents and ``expect``: the
{id, level} changes (optionally pinned to an ``operation`` and ``pointer``) that
must each appear exactly once. Any ERR change that is not expected fails the
case; ``absent`` lists ids and ``absent_pointers`` pointers that must not be
reported. ``prose: true`` cases differ only in description prose and are
compared after the real augmentation pipeline (``generator.pipeline``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from generator.diff import RULES, Change, diff_documents, render_changes
from generator.load import load_texts
from generator.pipeline import augment_sources
from generator.vocab.sourcemap import resolve_pointer
from tests.kling_testkit import ROOT

CASES_DIR = Path(__file__).parent / "cases"
CASE_PATHS = sorted(CASES_DIR.glob("*.yaml"))
MATCH_FIELDS = ("id", "level", "operation", "pointer")

# Rules the diff must demonstrably cover: each appears in the ``expect`` of at least one case.
REQUIRED_RULES = {
    "endpoint-added",
    "api-path-removed-without-deprecation",
    "api-removed-without-deprecation",
    "new-required-request-parameter",
    "new-optional-request-parameter",
    "request-parameter-removed",
    "request-parameter-became-required",
    "request-parameter-enum-value-removed",
    "request-parameter-type-changed",
    "new-optional-request-property",
    "new-required-request-property",
    "request-property-removed",
    "request-property-became-required",
    "request-property-type-changed",
    "response-property-type-changed",
    "request-property-enum-value-removed",
    "request-property-enum-value-added",
    "response-property-enum-value-added",
    "response-property-enum-value-removed",
    "request-property-max-length-decreased",
    "request-property-max-length-increased",
    "request-property-min-length-increased",
    "request-property-min-length-decreased",
    "request-property-max-decreased",
    "request-property-max-increased",
    "request-property-min-increased",
    "request-property-exclusive-max-decreased",
    "request-property-exclusive-min-increased",
    "request-property-max-items-decreased",
    "request-property-min-items-increased",
    "request-property-pattern-added",
    "request-property-pattern-changed",
    "request-property-default-value-changed",
    "response-required-property-removed",
    "response-optional-property-removed",
    "request-property-dependency-added",
    "request-property-dependency-removed",
    "request-body-became-required",
    "api-security-added",
}


def load_case(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


CASES = {path.stem: load_case(path) for path in CASE_PATHS}


def augment(document: Mapping[str, Any], name: str) -> dict[str, Any]:
    text = json.dumps(copy.deepcopy(dict(document))).encode()
    return augment_sources(load_texts([(f"{name}.json", text)])).document


def documents_of(name: str, case: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    old, new = case["old"], case["new"]
    if case.get("prose"):
        return augment(old, f"{name}.old.yaml"), augment(new, f"{name}.new.yaml")
    return old, new


def matches(change: Change, expected: Mapping[str, Any]) -> bool:
    return all(getattr(change, field) == expected[field] for field in MATCH_FIELDS if field in expected)


def resolves(document: Any, pointer: str) -> bool:
    try:
        resolve_pointer(document, pointer)
    except (KeyError, IndexError, ValueError):
        return False
    return True


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str) -> None:
    case = CASES[name]
    old, new = documents_of(name, case)
    changes = diff_documents(old, new)
    report = render_changes(changes, "text")
    for expected in case["expect"]:
        found = [c for c in changes if matches(c, expected)]
        assert len(found) == 1, f"expected exactly one {dict(expected)}, got:\n{report}"
    unexpected = [c for c in changes if c.level == "ERR" and not any(matches(c, e) for e in case["expect"])]
    assert not unexpected, f"unexpected ERR changes:\n{render_changes(unexpected, 'text')}"
    reported_ids = {c.id for c in changes}
    for rule_id in case.get("absent", []):
        assert rule_id not in reported_ids, f"{rule_id} must not be reported:\n{report}"
    for pointer in case.get("absent_pointers", []):
        assert all(c.pointer != pointer for c in changes), f"nothing expected at {pointer}:\n{report}"
    for change in changes:
        assert resolves(new, change.pointer) or resolves(old, change.pointer), change


def test_there_are_enough_cases_and_prose_cases() -> None:
    assert len(CASES) >= 34
    assert sum(bool(case.get("prose")) for case in CASES.values()) >= 4


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_file_is_well_formed(name: str) -> None:
    case = CASES[name]
    assert set(case) <= {"description", "prose", "old", "new", "expect", "absent", "absent_pointers"}, name
    assert case.get("description"), f"{name}: say what the case is about"
    assert isinstance(case["expect"], list)
    for expected in case["expect"]:
        assert set(expected) <= set(MATCH_FIELDS)
        rule = RULES[expected["id"]]  # a typo in an id fails here, not silently
        assert expected["level"] == rule.level, f"{name}: {expected['id']} is {rule.level} in the catalogue"
    for rule_id in case.get("absent", []):
        assert rule_id in RULES
    if not case["expect"]:
        assert case.get("absent") or case.get("absent_pointers"), f"{name}: an empty case must name what is absent"


def strip_descriptions(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: strip_descriptions(v) for k, v in value.items() if k not in ("description", "summary")}
    if isinstance(value, list):
        return [strip_descriptions(v) for v in value]
    return value


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.get("prose")))
def test_prose_cases_differ_only_in_prose(name: str) -> None:
    case = CASES[name]
    assert case["old"] != case["new"]
    assert strip_descriptions(case["old"]) == strip_descriptions(case["new"])


def test_every_required_rule_is_exercised() -> None:
    exercised = {e["id"] for case in CASES.values() for e in case["expect"]}
    assert not REQUIRED_RULES - exercised, sorted(REQUIRED_RULES - exercised)


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if not c.get("prose")))
def test_a_document_has_no_changes_against_itself(name: str) -> None:
    case = CASES[name]
    assert diff_documents(case["old"], copy.deepcopy(case["old"])) == []
    assert diff_documents(case["new"], copy.deepcopy(case["new"])) == []


def test_inputs_are_not_modified_and_output_is_deterministic() -> None:
    case = CASES["request_length_bounds"]
    before = copy.deepcopy(case)
    first = diff_documents(case["old"], case["new"])
    second = diff_documents(copy.deepcopy(case["old"]), copy.deepcopy(case["new"]))
    assert case == before
    assert first == second
    ranks = [("ERR", "WARN", "INFO").index(c.level) for c in first]
    assert ranks == sorted(ranks)


def test_reversed_case_swaps_direction_of_severity() -> None:
    case = CASES["request_length_bounds"]
    backwards = {(c.id, c.level) for c in diff_documents(case["new"], case["old"])}
    assert ("request-property-max-length-increased", "INFO") in backwards  # 2000 -> 2500
    assert ("request-property-min-length-decreased", "INFO") in backwards  # 8 -> 1
    assert ("request-property-max-length-unset", "INFO") in backwards  # the image limit went away


def _body(schema: dict[str, Any], components: dict[str, Any] | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/x": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": schema}}},
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    if components:
        document["components"] = {"schemas": components}
    return document


def test_cyclic_ref_chain_terminates() -> None:
    cyclic = {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}
    old = _body({"$ref": "#/components/schemas/A"}, cyclic)
    new = _body({"$ref": "#/components/schemas/A"}, {**cyclic, "C": {"type": "string"}})
    assert diff_documents(old, new) == []


def test_dangling_and_external_refs_are_compared_as_written() -> None:
    old = _body({"$ref": "other.yaml#/Thing"})
    new = _body({"$ref": "#/components/schemas/Missing"})
    changes = diff_documents(old, new)
    assert all(c.level != "ERR" for c in changes)


def test_openapi_31_numeric_exclusive_maximum() -> None:
    old = _body({"type": "object", "properties": {"n": {"type": "integer", "exclusiveMaximum": 10}}})
    new = _body({"type": "object", "properties": {"n": {"type": "integer", "exclusiveMaximum": 5}}})
    assert [(c.id, c.level) for c in diff_documents(old, new)] == [("request-property-exclusive-max-decreased", "ERR")]


def test_request_body_root_uses_request_body_ids() -> None:
    old = _body({"type": "string", "maxLength": 10})
    new = _body({"type": "string", "maxLength": 5})
    [change] = diff_documents(old, new)
    assert (change.id, change.level) == ("request-body-max-length-decreased", "ERR")
    assert change.pointer == "/paths/~1x/post/requestBody/content/application~1json/schema"
    assert change.operation == "POST /x"
    assert change.message == "request body maxLength was decreased from 10 to 5"


# --- rendering -------------------------------------------------------------

SAMPLE = [
    Change(
        id="request-property-max-length-decreased",
        level="ERR",
        operation="POST /kling/v1/images/generations",
        pointer="/paths/~1kling~1v1~1images~1generations/post/requestBody/content/application~1json/schema"
        "/properties/prompt",
        message="request property 'prompt' maxLength was decreased from 2500 to 2000",
    ),
    Change(
        id="request-property-removed",
        level="WARN",
        operation="POST /a|b",
        pointer="/paths/~1a|b/post",
        message="removed the request property 'x|y'\nsecond line, 100%",
    ),
    Change(
        id="api-security-component-added",
        level="INFO",
        operation="",
        pointer="/components/securitySchemes/k",
        message="added the security scheme k to components",
    ),
]


def test_render_json_round_trips() -> None:
    records = json.loads(render_changes(SAMPLE, "json"))
    assert records == [
        {"id": c.id, "level": c.level, "operation": c.operation, "pointer": c.pointer, "message": c.message,
         "file": None, "line": None, "old_sentence": None, "new_sentence": None}
        for c in SAMPLE
    ]  # fmt: skip
    assert list(records[0]) == [
        "id", "level", "operation", "pointer", "message", "file", "line", "old_sentence", "new_sentence",
    ]  # fmt: skip
    assert json.loads(render_changes([], "json")) == []


def test_render_github_annotations() -> None:
    lines = render_changes(SAMPLE, "github").splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("::error title=request-property-max-length-decreased::POST /kling/v1/images/")
    assert "maxLength was decreased from 2500 to 2000" in lines[0]
    # data escaping: newline and percent must not end or corrupt the command
    assert lines[1].startswith("::warning title=request-property-removed::")
    assert "%0Asecond line%2C" not in lines[1]  # commas are only escaped in properties
    assert "x|y'%0Asecond line, 100%25" in lines[1]
    assert lines[2].startswith("::notice title=api-security-component-added::added the security scheme k")
    assert render_changes([], "github") == ""


def test_render_markdown_escapes_table_cells() -> None:
    text = render_changes(SAMPLE, "markdown")
    lines = text.splitlines()
    assert lines[0] == "| Level | Rule | Operation | Change | Where |"
    assert lines[3].startswith(
        "| WARN | `request-property-removed` | POST /a\\|b | removed the request property 'x\\|y' second line, 100%"
    )
    assert all(line.count(" | ") == 4 for line in lines[2:5])  # pipes in cells are escaped
    assert lines[-1] == "3 changes: 1 ERR, 1 WARN, 1 INFO"


def test_render_text() -> None:
    text = render_changes(SAMPLE[:1], "text")
    assert text.splitlines()[0] == (
        "ERR  [request-property-max-length-decreased] POST /kling/v1/images/generations: "
        "request property 'prompt' maxLength was decreased from 2500 to 2000"
    )
    assert text.splitlines()[-1] == "1 change: 1 ERR, 0 WARN, 0 INFO"
    assert render_changes([], "text") == "No changes.\n"


def test_render_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render_changes(SAMPLE, "sarif")


def test_catalogue_rows_have_messages_and_known_levels() -> None:
    from generator.diff._rules import template_for

    values = {"subject": "S", "old": "O", "new": "N", "value": "V", "keyword": "K", "status": "200", "name": "X",
              "what": "W"}  # fmt: skip
    assert len(RULES) >= 200
    for rule in RULES.values():
        assert rule.level in ("ERR", "WARN", "INFO")
        assert template_for(rule.id).format(**values).strip(), rule.id  # only known placeholders
    # our own rules are marked, oasdiff's keep oasdiff's ids
    assert not RULES["request-property-dependency-added"].oasdiff
    assert RULES["request-property-max-length-decreased"].oasdiff


def test_a_prose_change_is_annotated_at_its_sentence_and_quoted(tmp_path: Path) -> None:
    """``diff --format github`` attaches to the changed line of the pull request; text quotes the sentence."""
    import shutil

    from generator.pipeline import diff_sides

    new = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", new)
    page = new / "kling-image-generation.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("cannot exceed 2500", "cannot exceed 2400", 1), encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "Positive text prompts cannot exceed" in ln)
    changes, context = diff_sides(str(ROOT / "spec"), str(new))
    (change,) = changes
    github = render_changes(changes, "github", context)
    assert github.startswith("::error file=") and change.id in github
    file_part = github.split("file=", 1)[1].split(",", 1)[0]
    assert file_part.endswith("spec/kling-image-generation.md")
    assert f",line={line},title=request-property-max-length-decreased::" in github
    plain = render_changes(changes, "text", context)
    assert "was “Positive text prompts cannot exceed 2500 characters.”" in plain
    assert "now “Positive text prompts cannot exceed 2400 characters.”" in plain
    assert f"kling-image-generation.md:{line}" in plain
