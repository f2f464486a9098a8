"""Stage 3 (extract) against the real-world phrase corpus in tests/phrases/corpus.yaml.

Each phrase is wrapped in a one-schema OpenAPI document; the extracted
(phrase, keyword, value) triples are compared with the hand-written labels to
get micro precision and recall. Precision must be perfect (a false constraint
rejects valid requests); recall is reported and must stay at or above 0.9.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from generator.augment.extract import extract_constraints
from generator.vocab.sourcemap import SourceMap

CORPUS = Path(__file__).parent / "phrases" / "corpus.yaml"
OBJECT = "/components/schemas/Thing"
_CJK = re.compile(r"[\u4e00-\u9fff]")

Triple = tuple[int, str, object]


@functools.cache
def load_corpus() -> list[dict[str, Any]]:
    entries = YAML(typ="safe").load(CORPUS.read_text(encoding="utf-8"))
    assert isinstance(entries, list)
    return entries


def build_document(entry: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    name = entry.get("name", "field")
    field: dict[str, Any] = {"type": entry["type"], "description": entry["text"]}
    if "items" in entry:
        field["items"] = dict(entry["items"])
    properties: dict[str, Any] = {name: field}
    for sibling, schema in (entry.get("siblings") or {}).items():
        properties[sibling] = dict(schema)
    document = {
        "openapi": "3.0.1",
        "info": {"title": "corpus", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Thing": {"type": "object", "properties": properties}}},
    }
    return document, f"{OBJECT}/properties/{name}"


def canonical(value: object) -> object:
    """Hashable and type-aware: enum order is irrelevant, 1 == 1.0, but True is not 1 and "5" is not 5."""
    if isinstance(value, list):
        return ("list", frozenset(canonical(v) for v in value))
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("number", float(value))
    return ("text", str(value))


def expected_triples(index: int, entry: Mapping[str, Any]) -> set[Triple]:
    triples: set[Triple] = set()
    for keyword, value in (entry.get("expect") or {}).items():
        if keyword == "x-dependencies":
            triples.update((index, keyword, ("text", rule)) for rule in value)
        else:
            triples.add((index, keyword, canonical(value)))
    return triples


def extracted_triples(index: int, entry: Mapping[str, Any]) -> set[Triple]:
    document, pointer = build_document(entry)
    result = extract_constraints(document, SourceMap())
    triples: set[Triple] = set()
    for extraction in result.extractions:
        if extraction.pointer in (pointer, OBJECT) or extraction.pointer.startswith(pointer + "/"):
            keyword = extraction.keyword
            if extraction.pointer.startswith(pointer + "/items"):
                keyword = "items/" + keyword
            triples.add((index, keyword, canonical(extraction.value)))
        else:  # a sibling's own schema never gets anything in this corpus
            triples.add((index, f"{extraction.pointer}:{extraction.keyword}", canonical(extraction.value)))
    return triples


def score() -> tuple[set[Triple], set[Triple], list[dict[str, Any]]]:
    corpus = load_corpus()
    expected: set[Triple] = set()
    got: set[Triple] = set()
    for index, entry in enumerate(corpus):
        expected |= expected_triples(index, entry)
        got |= extracted_triples(index, entry)
    return expected, got, corpus


def test_corpus_is_big_and_varied_enough() -> None:
    corpus = load_corpus()
    assert len(corpus) >= 170
    assert sum(1 for e in corpus if _CJK.search(e["text"])) >= 50
    assert sum(1 for e in corpus if not e["expect"]) >= 45
    assert sum(1 for e in corpus if "\n" in e["text"]) >= 10
    for entry in corpus:
        assert set(entry) <= {"text", "type", "expect", "name", "items", "siblings", "source"}, entry


def test_precision_and_recall() -> None:
    expected, got, corpus = score()
    tp, fp, fn = len(expected & got), len(got - expected), len(expected - got)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"phrase corpus: precision={precision:.3f} recall={recall:.3f} (tp={tp} fp={fp} fn={fn}) n={len(corpus)}")
    for index, keyword, value in sorted(got - expected, key=str):
        print(f"  false positive #{index}: {keyword}={value} in {corpus[index]['text']!r}")
    for index, keyword, value in sorted(expected - got, key=str):
        print(f"  missed #{index}: {keyword}={value} in {corpus[index]['text']!r}")
    assert math.isclose(precision, 1.0), f"false constraints: {sorted(got - expected, key=str)}"
    assert recall >= 0.9


@pytest.mark.parametrize("index", [i for i, e in enumerate(load_corpus()) if not e["expect"]])
def test_no_constraint_phrases_yield_nothing(index: int) -> None:
    entry = load_corpus()[index]
    assert extracted_triples(index, entry) == set(), entry["text"]
