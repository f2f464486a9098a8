"""Stage 3, extract: the speed seam (``_core._Gates``) skips only finders that could not have found anything.

Each finder's gate lists the words it cannot do without. If a gate forgot one, a description with that
word alone would lose its rule; so the extractor is run with the gates as they are and with every gate
open, over every labelled real description and over texts drawn from the finders' own cue words, and
the two must agree on extractions, findings and rule statements.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.augment.extract import ExtractionResult, _core, extract_constraints
from generator.vocab.sourcemap import SourceMap

LABELS = Path(__file__).resolve().parents[1] / "extraction" / "labels"


def _document(entries: list[tuple[str, str | None]]) -> dict[str, Any]:
    schemas = {
        f"Thing{i}": {
            "type": "object",
            "properties": {
                "field": {"type": kind or "string", "description": text},
                "other": {"type": "string", "enum": ["a", "b"]},
                "flag": {"type": "boolean"},
            },
        }
        for i, (text, kind) in enumerate(entries)
    }
    return {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}}


def _seen(result: ExtractionResult) -> tuple[object, ...]:
    return (
        sorted((e.pointer, e.keyword, repr(e.value), e.evidence) for e in result.extractions),
        sorted((f.pointer, f.code, f.message) for f in result.findings),
        sorted(result.statements),
    )


def _both(document: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    gated = _seen(extract_constraints(document, SourceMap()))
    with monkeypatch.context() as patch:
        patch.setattr(_core._Gates, "of", classmethod(lambda cls, text: cls(bounds=True, enums=True,
                                                                               defaults=True, dependencies=True)))  # fmt: skip
        open_ = _seen(extract_constraints(document, SourceMap()))
    return gated, open_


def test_gates_change_nothing_on_the_labelled_real_descriptions(monkeypatch: pytest.MonkeyPatch) -> None:
    yaml = YAML(typ="safe", pure=True)
    entries = [
        (item["text"], item["type"] if isinstance(item["type"], str) else None)
        for path in sorted(LABELS.glob("*/*.yaml"))
        for item in yaml.load(path.read_text(encoding="utf-8"))["items"]
    ]
    assert len(entries) > 2000
    gated, open_ = _both(_document(entries), monkeypatch)
    assert gated == open_


# Fragments every finder keys on, mixed with plain words: a missing cue word in a gate shows as a difference.
_FRAGMENTS = [
    "at least", "least", "best", "worst", "most", "max", "positive", "single", "单张", "最多", "非负", "正整数",
    "default", "Default", "默认", "默认为", "required", "Required when", "must", "either", "exclusive", "exactly",
    "together", "both", "use", "cannot", "can not", "必填", "二选一", "互斥", "同时", "为空", "其一", "至少", "需要",
    "one of", "choose from", "can be", "enum", "values", "options", "supported", "optional", "可用值", "枚举值",
    "可选", "取值", "之一", ": ", "`a`", '"a"', "'a'", "[a, b]", "always", "fixed", "only", "固定", "只能", "必须",
    "仅", "应为", " or ", "或", "支持", "只有", "other", "flag", "is", "true", "a", "b", "5", "10", "-", "~", ",",
    ".", "\n- ", "(", ")", "characters", "items", "张", "个", "the", "field", "value", "when", "if", "当", "时",
    "one", "a single", "one image", "strictest", "the most lenient", "0 最严格", "is the best", "at least one item",
    "Specify at least one of `a`, `b`.", "a single URL", "Must be positive.",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=12).map(" ".join), min_size=1, max_size=8))
def test_gates_change_nothing_on_texts_made_of_cue_words(texts: list[str]) -> None:
    document = _document([(text, kind) for text in texts for kind in ("string", "integer", "array")])
    with pytest.MonkeyPatch.context() as monkeypatch:
        gated, open_ = _both(document, monkeypatch)
    assert gated == open_
