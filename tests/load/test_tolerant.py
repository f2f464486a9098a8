"""Stage 1, load: reading real exports tolerantly; every repair is a warning at the repaired key.

Each case is the defect as it appears in the corpus (tests/corpus): Apifox's ``type: bearer`` and
``x-apifox`` security requirements, responses without a description, ``title`` on an operation, 3.1
keywords in 3.0 documents, defaults that do not fit their schema, percent-encoded ``$ref``s, JSON Schema
``$defs`` embedded in a spec, ``$ref`` inside vendor extensions, several OpenAPI blocks on one page, and
JSON whose escapes must not shift the line map.
"""

from __future__ import annotations

import json
from typing import Any

from generator.load import load_texts, merge_documents, parse_document
from generator.load.merge import MergedSpec
from generator.validate import check_references, validate_document
from generator.vocab.findings import Finding


def _merged(text: str, name: str = "page.yaml") -> MergedSpec:
    return merge_documents(load_texts([(name, text.encode())]).documents)


def _codes(findings: tuple[Finding, ...] | list[Finding]) -> list[str]:
    return [f.code for f in findings]


HEAD = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\n"


def test_apifox_security_and_response_defects_are_repaired_at_their_lines() -> None:
    merged = _merged(
        HEAD + "security:\n  - bearer: []\n    x-apifox:\n      schemeGroups: []\n"  # 3-6
        "paths:\n  /x:\n    post:\n      title: Make one\n"  # 7-10
        "      responses:\n        '200': {}\n"  # 11-12
        "components:\n  securitySchemes:\n    bearer:\n      type: bearer\n"  # 13-16
    )
    doc = merged.document
    assert doc["security"] == [{"bearer": []}]
    assert doc["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    op = doc["paths"]["/x"]["post"]
    assert op["summary"] == "Make one" and "title" not in op
    assert op["responses"]["200"] == {"description": ""}
    lines = sorted((f.location.line if f.location else 0) for f in merged.findings)
    assert lines == [5, 10, 12, 16] and set(_codes(merged.findings)) == {"spec-repaired"}
    assert validate_document(doc, merged.source_map) == []


def test_31_keywords_in_a_30_document_become_30() -> None:
    merged = _merged(
        HEAD + "paths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: 'null'}\n"
        "    B: {type: [integer, 'null']}\n"
        "    C: {type: string, const: fixed}\n"
        "    D: {type: string, examples: [x, y]}\n"
    )
    schemas = merged.document["components"]["schemas"]
    assert schemas["A"] == {"nullable": True}
    assert schemas["B"] == {"type": "integer", "nullable": True}
    assert schemas["C"] == {"type": "string", "enum": ["fixed"]}
    assert schemas["D"] == {"type": "string", "example": "x"}
    assert len(merged.findings) == 4
    assert validate_document(merged.document, merged.source_map) == []


def test_the_same_keywords_stay_as_they_are_in_31() -> None:
    merged = _merged(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    B: {type: [integer, 'null']}\n    C: {const: fixed}\n"
    )
    assert merged.document["components"]["schemas"] == {"B": {"type": ["integer", "null"]}, "C": {"const": "fixed"}}
    assert merged.findings == ()


def test_a_default_that_does_not_fit_is_dropped_with_a_warning() -> None:
    merged = _merged(
        HEAD + "paths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: integer, default: false}\n"
        "    B: {type: string, minLength: 7, default: medium}\n"
        "    C: {type: string, default: ok}\n"
    )
    schemas = merged.document["components"]["schemas"]
    assert "default" not in schemas["A"] and "default" not in schemas["B"] and schemas["C"]["default"] == "ok"
    assert _codes(merged.findings) == ["default-mismatch", "default-mismatch"]
    assert [f.location.line for f in merged.findings if f.location] == [6, 7]


def test_percent_encoded_refs_and_refs_in_extensions() -> None:
    merged = _merged(
        HEAD + "paths:\n  /x:\n    get:\n      x-code-samples:\n        - code: {$ref: './snippets/x.ts'}\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n              schema: {$ref: '#/components/schemas/%C2%AB%E4%BB%BB%E5%8A%A1%C2%BB'}\n"
        "components:\n  schemas:\n    «任务»: {type: object}\n"
    )
    check_references(merged.document, merged.source_map)  # neither ref is refused


def test_embedded_defs_refs_resolve_against_their_schema() -> None:
    merged = _merged(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Outer:\n      type: object\n      properties:\n        inner: {$ref: '#/$defs/Inner'}\n"
        "      $defs:\n        Inner: {type: string}\n"
    )
    inner = merged.document["components"]["schemas"]["Outer"]["properties"]["inner"]
    assert inner == {"$ref": "#/components/schemas/Outer/$defs/Inner"}
    (finding,) = merged.findings
    assert finding.location is not None and finding.location.line == 9
    check_references(merged.document, merged.source_map)


def test_several_openapi_blocks_on_one_page_are_one_document() -> None:
    block = "```yaml\nopenapi: 3.0.1\ninfo: {{title: t, version: '1'}}\npaths:\n  {path}:\n    get:\n" \
            "      responses:\n        '200': {{description: ok}}\n```\n"  # fmt: skip
    page = "# Two endpoints\n\n## OpenAPI Specification\n\n" + block.format(path="/a") + "\n" + block.format(path="/b")
    doc = parse_document(page.encode(), "page.md")
    assert sorted(doc.data["paths"]) == ["/a", "/b"]
    located = doc.source_map.locate("/paths/~1b")
    assert located is not None and page.splitlines()[located.line - 1].strip() == "/b:"


def test_json_line_map_is_exact_despite_escapes() -> None:
    data: dict[str, Any] = {
        "openapi": "3.0.1",
        "info": {"title": 'a \u00e9 \\/ "quoted"', "version": "1"},
        "paths": {"/p\u00e9": {"get": {"responses": {"200": {"description": "x\\ny"}}}}},
    }
    text = json.dumps(data, indent=2, ensure_ascii=True).replace("/p", "\\/p")
    doc = parse_document(text.encode(), "api.json")
    assert doc.data["paths"] == data["paths"]
    lines = text.splitlines()
    for pointer, needle in (("/paths/~1p\u00e9/get", '"get"'), ("/info/version", '"version"')):
        located = doc.source_map.locate(pointer)
        assert located is not None and needle in lines[located.line - 1], pointer


def test_yaml_that_libyaml_refuses_but_yaml_1_2_allows_still_loads() -> None:
    # Typesense's spec: libyaml stops at "both_sides:3" inside a flow sequence; YAML 1.2 reads a plain scalar.
    text = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Mode:\n"
        "      type: string\n      enum: [right_to_left, both_sides:3]\n"
    )
    doc = parse_document(text.encode(), "api.yaml")
    assert doc.data["components"]["schemas"]["Mode"]["enum"] == ["right_to_left", "both_sides:3"]
    located = doc.source_map.locate("/components/schemas/Mode/enum")
    assert located is not None and located.line == 8
