"""Stage 2, validate: structural errors and references, at the offending line."""

from __future__ import annotations

import pytest

from generator.load import MergedSpec, load_texts, merge_documents
from generator.validate import check_references, validate_document
from generator.vocab.findings import SpecError


def _merged(text: str) -> MergedSpec:
    return merge_documents(load_texts([("v.yaml", text.encode())]).documents)


def test_a_structural_error_names_its_line() -> None:
    merged = _merged("openapi: 3.0.1\npaths: {}\ninfo:\n  title: t\n")
    with pytest.raises(SpecError, match="version") as info:
        validate_document(merged.document, merged.source_map)
    assert info.value.location is not None and info.value.location.line == 3


def test_a_valid_document_passes() -> None:
    merged = _merged("openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n")
    validate_document(merged.document, merged.source_map)
    check_references(merged.document, merged.source_map)


def test_an_external_reference_is_refused_at_its_line() -> None:
    merged = _merged(
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {$ref: 'https://example.com/a.yaml'}\n"
    )
    with pytest.raises(SpecError, match="only local references") as info:
        check_references(merged.document, merged.source_map)
    assert info.value.location is not None and info.value.location.line == 6
