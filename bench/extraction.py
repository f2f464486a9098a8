"""Benchmark 6: throughput of ``generator.extract.extract_constraints``.

In-process, on two documents:

* the phrase corpus (``tests/augment/phrases/corpus.yaml``: real vendor wording, English
  and Chinese), each phrase in its own object schema with its siblings, as the
  corpus test builds it, the whole corpus repeated to get a few thousand
  descriptions;
* the labelled real descriptions (``tests/extraction/labels``, both halves), each in
  an object schema of its own type and format;
* the 1,000-operation synthetic spec of ``bench.synth``.

The baseline is a floor, not a competitor: walking the same document and
running one compiled regex search over each description, i.e. what touching
every description costs at the very least.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from ._util import ROOT, Config, Row, Section, interleave, log, median
from .synth import count_descriptions, synth_spec

NUMBER = 6
TITLE = "Extraction throughput (`extract_constraints`, in-process)"
CORPUS = ROOT / "tests" / "augment" / "phrases" / "corpus.yaml"
LABELS = ROOT / "tests" / "extraction" / "labels"
_FLOOR = re.compile(r"\d+(?:\.\d+)?")

FALLBACK_PHRASES: list[dict[str, Any]] = [
    {"text": "Positive text prompts cannot exceed 2500 characters.", "type": "string"},
    {"text": "Number of images generated\nValue range: [1, 9]", "type": "integer"},
    {"text": "Model Name Enumeration Values: kling-v1, kling-v1-5, kling-v2", "type": "string"},
    {"text": "Reference strength\nValue range: [0,1], the larger the value, the stronger.", "type": "number"},
    {"text": "图片数量，取值范围：1-8，默认1", "type": "integer"},
    {"text": "Callback address for task status notifications.", "type": "string"},
]


def load_phrases() -> tuple[list[dict[str, Any]], str]:
    if CORPUS.is_file():
        from ruamel.yaml import YAML

        entries = YAML(typ="safe").load(CORPUS.read_text(encoding="utf-8"))
        if isinstance(entries, list) and entries:
            return [e for e in entries if isinstance(e, dict) and "text" in e], str(CORPUS.relative_to(ROOT))
    return FALLBACK_PHRASES, "built-in phrases (corpus not found)"


def load_labelled() -> list[dict[str, Any]]:
    """Every labelled real description, as a phrase: its text, type and format."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    phrases: list[dict[str, Any]] = []
    for path in sorted(LABELS.glob("*/*.yaml")):
        for item in yaml.load(path.read_text(encoding="utf-8")).get("items", []):
            entry: dict[str, Any] = {"text": item["text"], "name": item.get("name") or "field"}
            if isinstance(item.get("type"), str):
                entry["type"] = item["type"]
            if item.get("type") == "array":
                entry["items"] = {"type": "string"}
            phrases.append(entry)
    return phrases


def corpus_document(phrases: list[dict[str, Any]], copies: int) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for c in range(copies):
        for i, entry in enumerate(phrases):
            name = entry.get("name", "field")
            field: dict[str, Any] = {"type": entry.get("type", "string"), "description": entry["text"]}
            if "items" in entry:
                field["items"] = dict(entry["items"])
            properties: dict[str, Any] = {name: field}
            for sibling, schema in (entry.get("siblings") or {}).items():
                properties[sibling] = dict(schema)
            schemas[f"Thing{c}_{i}"] = {"type": "object", "properties": properties}
    return {
        "openapi": "3.0.1",
        "info": {"title": "corpus", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def floor_pass(node: Any) -> int:
    """Walk the document and search every description once: the least any extractor does."""
    hits = 0
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            text = item.get("description")
            if isinstance(text, str) and _FLOOR.search(text):
                hits += 1
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return hits


def run(cfg: Config, tmp: Path) -> Section:
    from generator.augment.extract import extract_constraints
    from generator.vocab.sourcemap import SourceMap

    section = Section(NUMBER, TITLE)
    phrases, source = load_phrases()
    labelled = load_labelled()
    documents = {
        f"phrase corpus ({source}, {len(phrases)} phrases × 8)": corpus_document(phrases, 8),
        f"labelled real descriptions ({len(labelled)} × 4)": corpus_document(labelled, 4),
        "synthetic spec, 1,000 operations": synth_spec(1000),
    }
    rounds = cfg.reps(7, 3)
    for label, document in documents.items():
        count = count_descriptions(document)
        extractions = len(extract_constraints(document, SourceMap()).extractions)  # warm-up, and a sanity figure
        log(f"6: {label}: {count} descriptions, {rounds} interleaved rounds")

        def timed(fn: Any, doc: dict[str, Any] = document) -> float:
            start = time.perf_counter()
            fn(doc)
            return time.perf_counter() - start

        times = interleave(
            {
                "extract": lambda: timed(lambda d: extract_constraints(d, SourceMap())),
                "floor": lambda: timed(floor_pass),
            },
            rounds,
        )
        t, floor = median(times["extract"]), median(times["floor"])
        section.rows.append(
            Row(
                f"extract_constraints, {label}",
                "descriptions per second",
                count / t,
                "/s",
                "floor: walk + 1 regex search per description",
                count / floor,
                runs=rounds,
                note=f"{count:,} descriptions, {extractions:,} extractions; {t / count * 1e6:.0f} µs per description",
            )
        )
    section.rows.append(_gates_row(corpus_document(labelled, 4), rounds, len(labelled)))
    return section


def _gates_row(document: dict[str, Any], rounds: int, phrases: int) -> Row:
    """The extractor's one speed seam, ``_core._Gates``: the same document with every finder run on every text."""
    from generator.augment.extract import _core, extract_constraints
    from generator.vocab.sourcemap import SourceMap

    shipped = _core._Gates.__dict__["of"]  # the classmethod itself, to put back as it was

    def open_gates(cls: type[_core._Gates], text: Any) -> _core._Gates:
        return cls(bounds=True, enums=True, defaults=True, dependencies=True)

    def timed(gates: Any) -> float:
        _core._Gates.of = gates  # type: ignore[method-assign]
        try:
            start = time.perf_counter()
            extract_constraints(document, SourceMap())
            return time.perf_counter() - start
        finally:
            _core._Gates.of = shipped  # type: ignore[method-assign]

    times = interleave({"gated": lambda: timed(shipped), "open": lambda: timed(classmethod(open_gates))}, rounds)
    count = count_descriptions(document)
    return Row(
        f"extract_constraints, labelled real descriptions ({phrases} × 4), finders gated by their cue words",
        "descriptions per second",
        count / median(times["gated"]),
        "/s",
        "every finder on every description (gates open)",
        count / median(times["open"]),
        runs=rounds,
        note="the gates skip only finders that cannot find anything (tests/augment/test_extract_gates.py)",
    )
