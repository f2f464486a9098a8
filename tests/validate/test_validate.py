"""Stage 2, validate: structural errors and references, at the offending line."""

from __future__ import annotations

import pytest

from generator.load import MergedSpec, load_texts, merge_documents
from generator.validate import check_patterns, check_references, validate_document
from generator.vocab.findings import SpecError
from generator.vocab.sourcemap import SourceMap


def _merged(text: str) -> MergedSpec:
    return merge_documents(load_texts([("v.yaml", text.encode())]).documents)


def test_a_structural_error_is_a_finding_at_its_line() -> None:
    merged = _merged("openapi: 3.0.1\npaths: {}\ninfo:\n  title: t\n")
    (finding,) = validate_document(merged.document, merged.source_map)
    assert finding.level == "error" and finding.code == "invalid-openapi" and "version" in finding.message
    assert finding.location is not None and finding.location.line == 3


def test_a_one_of_failure_is_reported_at_the_deepest_key() -> None:
    merged = _merged(
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n"
        "        '200':\n          description: ok\n          content:\n            application/json:\n"
        "              schema:\n                type: object\n                properties:\n"
        "                  a: {type: strnig}\n"
    )
    (finding,) = validate_document(merged.document, merged.source_map)
    assert "/properties/a/type" in finding.message and "strnig" in finding.message
    assert finding.location is not None and finding.location.line == 14


def test_each_version_gets_its_own_validator() -> None:
    text = "info: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: [string, 'null']}\n"
    assert validate_document(*_parts(_merged("openapi: 3.1.0\n" + text))) == []
    # The same type list in 3.0 is repaired while loading (type string, nullable), with a warning.
    merged = _merged("openapi: 3.0.3\n" + text)
    assert merged.document["components"]["schemas"]["A"] == {"type": "string", "nullable": True}
    assert validate_document(*_parts(merged)) == []
    assert [f.code for f in merged.findings] == ["spec-repaired"]


def _parts(merged: MergedSpec) -> tuple[dict[str, object], SourceMap]:
    return merged.document, merged.source_map


def test_a_pattern_that_cannot_compile_is_refused_at_its_line() -> None:
    merged = _merged(
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: string, pattern: '(('}\n"
    )
    with pytest.raises(SpecError, match="not a valid regex") as info:
        check_patterns(merged.document, merged.source_map)
    assert info.value.location is not None and info.value.location.line == 6


def test_a_valid_document_passes() -> None:
    merged = _merged("openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n")
    assert validate_document(merged.document, merged.source_map) == []
    check_references(merged.document, merged.source_map)


def test_an_external_reference_is_refused_at_its_line() -> None:
    merged = _merged(
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {$ref: 'https://example.com/a.yaml'}\n"
    )
    with pytest.raises(SpecError, match="only local references") as info:
        check_references(merged.document, merged.source_map)
    assert info.value.location is not None and info.value.location.line == 6
