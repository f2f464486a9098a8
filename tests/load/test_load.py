"""Stage 1: loading Apifox pages, YAML and JSON, repairs, merging, and file:line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.load import load_sources, parse_document
from generator.load.merge import merge_documents
from generator.validate import check_references, validate_document
from generator.vocab.findings import SpecError

SEED = Path("spec/kling-image-generation.md")
QUERY = Path("spec/kling-image-query-task.md")


def test_seed_is_kept_byte_for_byte() -> None:
    for name in ("kling-image-generation.md", "kling-image-query-task.md"):
        shared = Path("../shared/seed") / name
        if shared.exists():
            assert (Path("spec") / name).read_bytes() == shared.read_bytes()


def test_markdown_lines_are_page_lines() -> None:
    doc = parse_document(SEED.read_bytes(), "page.md")
    page = SEED.read_text().splitlines()
    pointer = "/paths/~1kling~1v1~1images~1generations/post/requestBody/content/application~1json/schema/properties/n"
    line = doc.source_map.locate(pointer)
    assert line is not None and page[line.line - 1].strip() == '"n":'
    prompt = doc.source_map.locate(pointer.replace("/n", "/prompt"))
    assert prompt is not None and page[prompt.line - 1].strip() == "prompt:"


def _broken_page() -> str:
    text = SEED.read_text()
    return text.replace(
        "description: Positive text prompts cannot exceed 2500 characters.",
        "description: Model name Enumeration value: kling-v1-6",
    )


def test_repair_requotes_plain_colon_and_names_line() -> None:
    text = _broken_page()
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "Enumeration value: kling-v1-6" in ln)
    doc = parse_document(text.encode(), "broken.md")
    assert len(doc.repairs) == 1
    repair = doc.repairs[0]
    assert repair.location is not None and repair.location.line == line and repair.location.file == "broken.md"
    assert repair.level == "warning" and repair.code == "yaml-repaired"
    props = doc.data["paths"]["/kling/v1/images/generations"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]["properties"]
    assert props["prompt"]["description"] == "Model name Enumeration value: kling-v1-6"
    # Line numbers after the repaired line stay true.
    pointer = "/paths/~1kling~1v1~1images~1generations/post/requestBody/content/application~1json/schema/properties/n"
    located = doc.source_map.locate(pointer)
    assert located is not None and text.splitlines()[located.line - 1].strip() == '"n":'


def test_repair_handles_multi_line_plain_scalar() -> None:
    text = "openapi: 3.0.1\ninfo:\n  title: t\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: string\n      description: Value range: 1 to 9\n        and more: text\n"
    doc = parse_document(text.encode(), "a.yaml")
    assert doc.data["components"]["schemas"]["A"]["description"] == "Value range: 1 to 9 and more: text"
    assert [r.location.line for r in doc.repairs if r.location] == [10]


def test_other_yaml_errors_stay_errors_with_line() -> None:
    text = "openapi: 3.0.1\ninfo:\n  title: t\n   version: 1\n"
    with pytest.raises(SpecError) as info:
        parse_document(text.encode(), "bad.yaml")
    assert info.value.location is not None and info.value.location.line in (3, 4)
    assert str(info.value).startswith("bad.yaml:")


def test_markdown_error_line_is_page_line() -> None:
    text = SEED.read_text().replace("      deprecated: false", "      deprecated: [false", 1)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "deprecated: [false" in ln)
    with pytest.raises(SpecError) as info:
        parse_document(text.encode(), "page.md")
    assert info.value.location is not None and abs(info.value.location.line - line) <= 1


def test_json_documents_load_with_lines(tmp_path: Path) -> None:
    doc = {"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {}}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(doc, indent=2))
    loaded = load_sources([path]).documents[0]
    assert loaded.data == doc
    assert loaded.source_map.locate("/info/title") is not None


def test_duplicate_keys_are_errors() -> None:
    with pytest.raises(SpecError, match="duplicate key"):
        parse_document(b"openapi: 3.0.1\nopenapi: 3.0.2\n", "d.yaml")


def test_merge_two_pages_and_validate() -> None:
    sources = load_sources([SEED, QUERY])
    merged = merge_documents(sources.documents)
    assert sorted(merged.document["paths"]) == ["/kling/v1/images/generations", "/kling/v1/images/generations/{id}"]
    validate_document(merged.document, merged.source_map)
    where = merged.source_map.locate("/paths/~1kling~1v1~1images~1generations~1{id}/get")
    assert where is not None and where.file.endswith("kling-image-query-task.md")


def test_the_same_page_twice_is_one_operation(tmp_path: Path) -> None:
    copy = tmp_path / "copy.md"
    copy.write_bytes(SEED.read_bytes())
    merged = merge_documents(load_sources([SEED, copy]).documents)
    assert list(merged.document["paths"]) == ["/kling/v1/images/generations"]
    assert not [f for f in merged.findings if f.code == "defined-twice"]


def test_an_operation_defined_twice_differently_keeps_the_first_and_says_where(tmp_path: Path) -> None:
    copy = tmp_path / "copy.md"
    copy.write_text(SEED.read_text().replace("summary: Image generation", "summary: Other"))
    merged = merge_documents(load_sources([SEED, copy]).documents)
    assert merged.document["paths"]["/kling/v1/images/generations"]["post"]["summary"] == "Image generation"
    (finding,) = [f for f in merged.findings if f.code == "defined-twice"]
    assert finding.level == "error" and "POST /kling/v1/images/generations" in finding.message
    assert finding.location is not None and finding.location.file.endswith("copy.md")


def test_conflicting_components_are_renamed_with_their_refs(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(
        "openapi: 3.0.1\ninfo: {title: a, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    X: {type: string}\n"
    )
    b.write_text(
        "openapi: 3.0.1\ninfo: {title: b, version: '1'}\npaths:\n  /b:\n    get:\n      responses:\n"
        "        '200':\n          description: ok\n          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/X'}\n"
        "components:\n  schemas:\n    X: {type: integer}\n"
    )
    merged = merge_documents(load_sources([a, b]).documents)
    schemas = merged.document["components"]["schemas"]
    assert schemas == {"X": {"type": "string"}, "X_2": {"type": "integer"}}
    ref = merged.document["paths"]["/b"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ref == {"$ref": "#/components/schemas/X_2"}
    (finding,) = [f for f in merged.findings if f.code == "component-renamed"]
    assert finding.location is not None and finding.location.file.endswith("b.yaml") and finding.location.line == 14


def test_servers_equal_by_url_are_one_server(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(
        "openapi: 3.0.1\ninfo: {title: a, version: '1'}\npaths: {}\nservers: [{url: 'https://one', description: A}]\n"
    )
    b.write_text(
        "openapi: 3.0.1\ninfo: {title: b, version: '1'}\npaths: {}\nservers: [{url: 'https://one', description: B}]\n"
    )
    merged = merge_documents(load_sources([a, b]).documents)
    assert merged.document["servers"] == [{"url": "https://one", "description": "A"}]
    assert not merged.findings
    b.write_text("openapi: 3.0.1\ninfo: {title: b, version: '1'}\npaths: {}\nservers: [{url: 'https://other'}]\n")
    merged = merge_documents(load_sources([a, b]).documents)
    assert [s["url"] for s in merged.document["servers"]] == ["https://one", "https://other"]
    assert [f.code for f in merged.findings] == ["servers-differ"]


def test_structural_problems_are_findings_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("openapi: 3.0.1\ninfo:\n  title: a\npaths:\n  /x:\n    get:\n      responses: {}\n")
    merged = merge_documents(load_sources([path]).documents)
    findings = validate_document(merged.document, merged.source_map)
    version = [f for f in findings if "version" in f.message]
    assert version and version[0].level == "error" and version[0].location is not None
    assert version[0].location.line == 2
    path.write_text("openapi: 3.0.1\ninfo:\n  title: a\n  version: '1'\npaths:\n  /x:\n    get:\n      responses: 5\n")
    merged = merge_documents(load_sources([path]).documents)
    (finding,) = validate_document(merged.document, merged.source_map)
    # openapi-spec-validator itself crashes on this one: reported, not fatal.
    assert finding.code == "validator-failed" and finding.level == "warning"
    assert finding.location is not None and finding.location.file.endswith("bad.yaml")


def test_openapi_31_is_read_and_other_versions_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "v31.yaml"
    path.write_text("openapi: 3.1.0\ninfo: {title: a, version: '1'}\npaths: {}\n")
    assert merge_documents(load_sources([path]).documents).document["openapi"] == "3.1.0"
    for version in ("2.0", "4.0.0"):
        path.write_text(f"openapi: '{version}'\ninfo: {{title: a, version: '1'}}\npaths: {{}}\n")
        with pytest.raises(SpecError, match="unsupported OpenAPI version") as info:
            merge_documents(load_sources([path]).documents)
        assert info.value.location is not None and info.value.location.line == 1


@pytest.mark.parametrize(
    "ref", ["file:///etc/passwd", "http://127.0.0.1:9/x.yaml", "other.yaml#/A", "#/components/schemas/Missing"]
)
def test_references_must_be_local_and_resolve(tmp_path: Path, ref: str) -> None:
    path = tmp_path / "refs.yaml"
    path.write_text(
        "openapi: 3.0.1\ninfo: {title: a, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        f"    A:\n      $ref: '{ref}'\n"
    )
    merged = merge_documents(load_sources([path]).documents)
    with pytest.raises(SpecError) as info:
        check_references(merged.document, merged.source_map)
    assert info.value.location is not None and info.value.location.line == 7
