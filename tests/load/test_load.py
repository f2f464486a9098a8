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


def test_duplicate_operation_is_an_error(tmp_path: Path) -> None:
    copy = tmp_path / "copy.md"
    copy.write_bytes(SEED.read_bytes())
    with pytest.raises(SpecError, match="POST /kling/v1/images/generations is defined twice"):
        merge_documents(load_sources([SEED, copy]).documents)


def test_conflicting_components_and_servers(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(
        "openapi: 3.0.1\ninfo: {title: a, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    X: {type: string}\n"
    )
    b.write_text(
        "openapi: 3.0.1\ninfo: {title: b, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    X: {type: integer}\n"
    )
    with pytest.raises(SpecError, match="component schemas/X conflicts") as info:
        merge_documents(load_sources([a, b]).documents)
    assert info.value.location is not None and info.value.location.file.endswith("b.yaml")
    b.write_text("openapi: 3.0.1\ninfo: {title: b, version: '1'}\npaths: {}\nservers: [{url: 'https://other'}]\n")
    a.write_text("openapi: 3.0.1\ninfo: {title: a, version: '1'}\npaths: {}\nservers: [{url: 'https://one'}]\n")
    with pytest.raises(SpecError, match="conflicting 'servers'"):
        merge_documents(load_sources([a, b]).documents)


def test_structural_validation_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("openapi: 3.0.1\ninfo:\n  title: a\npaths:\n  /x:\n    get:\n      responses: {}\n")
    merged = merge_documents(load_sources([path]).documents)
    with pytest.raises(SpecError, match="version") as info:
        validate_document(merged.document, merged.source_map)
    assert info.value.location is not None and info.value.location.line == 2
    path.write_text("openapi: 3.0.1\ninfo:\n  title: a\n  version: '1'\npaths:\n  /x:\n    get:\n      responses: 5\n")
    merged = merge_documents(load_sources([path]).documents)
    with pytest.raises(SpecError) as info:
        validate_document(merged.document, merged.source_map)
    assert info.value.location is not None and info.value.location.file.endswith("bad.yaml")


def test_openapi_31_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "v31.yaml"
    path.write_text("openapi: 3.1.0\ninfo: {title: a, version: '1'}\npaths: {}\n")
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
