"""Stage 3 output: the extraction overlay, JSONPath targets, and hand-written corrections."""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonpath_rfc9535
import pytest

from generator.augment.overlay import apply_overlay, pointer_to_jsonpath
from generator.pipeline import augment_paths
from generator.vocab.findings import SpecError
from generator.vocab.sourcemap import resolve_pointer

ROOT = Path(__file__).resolve().parents[2]
BODY = "/paths/~1kling~1v1~1images~1generations/post/requestBody/content/application~1json/schema"


def test_overlay_actions_quote_evidence_and_rule() -> None:
    spec = augment_paths([ROOT / "spec"])
    assert spec.overlay["overlay"] == "1.0.0" and spec.overlay["actions"]
    for action in spec.overlay["actions"]:
        nodes = jsonpath_rfc9535.find(action["target"], spec.merged)
        assert len(nodes) == 1, action["target"]
        assert " by rule " in action["description"] and 'from: "' in action["description"]
        assert "kling-image-generation.md:" in action["description"]
    prompt = next(a for a in spec.overlay["actions"] if a["target"].endswith("['prompt']"))
    assert prompt["update"]["maxLength"] == 2500
    assert "Positive text prompts cannot exceed 2500 characters." in prompt["description"]


def test_every_extraction_lands_in_the_augmented_document() -> None:
    spec = augment_paths([ROOT / "spec"])
    for ex in spec.extractions:
        node = resolve_pointer(spec.document, ex.pointer)
        assert isinstance(node, dict)
        if ex.keyword == "x-dependencies":
            assert ex.value in node["x-dependencies"]
            assert node["x-evidence"]["x-dependencies"][ex.value] == ex.evidence
        else:
            assert node[ex.keyword] == ex.value and node["x-evidence"][ex.keyword] == ex.evidence


@pytest.mark.parametrize("key", ["plain", "a'b", "back\\slash", "line\nbreak", "/slash~tilde", "ünï", "[0]", "$"])
def test_pointer_to_jsonpath_round_trips_awkward_keys(key: str) -> None:
    doc = {"paths": {key: {"items": [{"x": 1}, {"x": 2}]}}}
    pointer = "/paths/" + key.replace("~", "~0").replace("/", "~1") + "/items/1"
    path = pointer_to_jsonpath(doc, pointer)
    (node,) = jsonpath_rfc9535.find(path, doc)
    assert node.value == {"x": 2}


def test_hand_overlay_can_remove_an_extraction(tmp_path: Path) -> None:
    spec_dir = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", spec_dir)
    (spec_dir / "zz-corrections.overlay.yaml").write_text(
        "overlay: 1.0.0\ninfo: {title: corrections, version: '1'}\nactions:\n"
        "  - target: $.paths['/kling/v1/images/generations'].post.requestBody.content['application/json']"
        ".schema.properties.negative_prompt.maxLength\n    remove: true\n"
        "  - target: $.paths['/nope'].get\n    update: {summary: x}\n"
    )
    spec = augment_paths([spec_dir])
    props = resolve_pointer(spec.document, BODY + "/properties")
    assert isinstance(props, dict)
    assert "maxLength" not in props["negative_prompt"] and props["prompt"]["maxLength"] == 2500
    unmatched = [f for f in spec.findings if f.code == "overlay-target-unmatched"]
    assert len(unmatched) == 1 and unmatched[0].location is not None
    assert unmatched[0].location.file.endswith("zz-corrections.overlay.yaml") and unmatched[0].location.line == 6


def test_bad_overlay_is_a_spec_error() -> None:
    with pytest.raises(SpecError, match="JSONPath"):
        apply_overlay({"a": 1}, {"overlay": "1.0.0", "actions": [{"target": "$[", "update": {}}]}, name="x")
    with pytest.raises(SpecError, match="Overlay"):
        apply_overlay({"a": 1}, {"actions": []}, name="x")
