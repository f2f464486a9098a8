"""Stage 3 (extract): rules on real phrases, typing, conflicts, traversal, ordering, and the seed spec."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from generator.augment.extract import ExtractionResult, extract_constraints
from generator.vocab.findings import Location
from generator.vocab.sourcemap import SourceMap

SEED = Path(__file__).resolve().parents[2] / "spec" / "kling-image-generation.md"
BODY = "/paths/~1kling~1v1~1images~1generations/post/requestBody/content/application~1json/schema"
THING = "/components/schemas/Thing"


def run(field: dict[str, Any], **siblings: dict[str, Any]) -> ExtractionResult:
    properties = {"field": field, **siblings}
    document = {"components": {"schemas": {"Thing": {"type": "object", "properties": properties}}}}
    return extract_constraints(document, SourceMap())


def keywords(result: ExtractionResult, pointer: str = THING + "/properties/field") -> dict[str, object]:
    return {e.keyword: e.value for e in result.extractions if e.pointer == pointer}


def codes(result: ExtractionResult) -> list[str]:
    return [f.code for f in result.findings]


# ------------------------------------------------------------------ seed spec


def load_seed() -> Any:
    block = re.search(r"```yaml\n(.*?)```", SEED.read_text(encoding="utf-8"), re.S)
    assert block is not None
    return YAML(typ="safe").load(block.group(1))


def test_seed_spec_extraction_is_exactly_the_known_set() -> None:
    result = extract_constraints(load_seed(), SourceMap())
    got = {(e.pointer, e.keyword, repr(e.value)) for e in result.extractions}
    prop = BODY + "/properties/"
    expected = {
        (prop + "model_name", "enum", repr(["kling-v1", "kling-v1-5", "kling-v2", "kling-v2-new", "kling-v2-1"])),
        (prop + "prompt", "maxLength", "2500"),
        (prop + "negative_prompt", "maxLength", "2500"),
        (prop + "image_reference", "enum", repr(["subject", "face"])),
        (prop + "image_fidelity", "minimum", "0"),
        (prop + "image_fidelity", "maximum", "1"),
        (prop + "human_fidelity", "minimum", "0"),
        (prop + "human_fidelity", "maximum", "1"),
        (prop + "resolution", "enum", repr(["1k", "2k"])),
        (prop + "n", "minimum", "1"),
        (prop + "n", "maximum", "9"),
        (prop + "aspect_ratio", "enum", repr(["16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3", "21:9"])),
        (BODY, "x-dependencies", repr("IF model_name=='kling-v1-5' AND image THEN image_reference;")),
    }
    assert got == expected
    assert not [f for f in result.findings if f.level != "note"]


def test_seed_evidence_is_quoted_verbatim_with_rule_ids() -> None:
    result = extract_constraints(load_seed(), SourceMap())
    by_key = {(e.pointer.rsplit("/", 1)[-1], e.keyword): e for e in result.extractions}
    assert by_key["prompt", "maxLength"].evidence == "Positive text prompts cannot exceed 2500 characters."
    assert by_key["prompt", "maxLength"].rule == "en.max.cannot-exceed"
    assert by_key["n", "minimum"].rule == "en.range.interval"
    assert by_key["n", "minimum"].evidence == "Value range: [1, 9]"
    dependency = by_key["schema", "x-dependencies"]
    assert (
        dependency.evidence == "When using kling-v1-5 and the image parameter is not empty, this parameter is required."
    )
    assert dependency.rule == "en.dependency.when-required"
    raw = load_seed()
    for extraction in result.extractions:
        assert extraction.evidence in _all_descriptions(raw)


def _all_descriptions(node: Any) -> str:
    stack: list[Any] = [node]
    found: list[str] = []
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.extend(v for k, v in item.items() if k == "description" and isinstance(v, str))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return "\n".join(found)


# ------------------------------------------------------------------ lengths and ranges


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Positive text prompts cannot exceed 2500 characters.", {"maxLength": 2500}),
        ("正向文本提示词，不能超过2500个字符", {"maxLength": 2500}),
        ("名称，长度不能超过64个字符", {"maxLength": 64}),
        ("A string of up to 64 characters.", {"maxLength": 64}),
        ("Max length 100.", {"maxLength": 100}),
        ("Display name, 1-64 characters.", {"minLength": 1, "maxLength": 64}),
        ("用户名，长度为4-20个字符", {"minLength": 4, "maxLength": 20}),
        ("Must be 100 characters or fewer.", {"maxLength": 100}),
        ("备注，200字以内", {"maxLength": 200}),
        ("Less than 64 characters.", {"maxLength": 63}),
        ("The maximum length is 256,000 characters.", {"maxLength": 256000}),
    ],
)
def test_string_lengths(text: str, expected: dict[str, object]) -> None:
    assert keywords(run({"type": "string", "description": text})) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Value range: [0,1]", {"minimum": 0, "maximum": 1}),
        ("取值范围：[0,1]", {"minimum": 0, "maximum": 1}),
        ("Value range: (0, 10]", {"minimum": 0, "exclusiveMinimum": True, "maximum": 10}),
        ("取值范围：（0,1.0]", {"minimum": 0, "exclusiveMinimum": True, "maximum": 1.0}),
        ("Range [0, 2)", {"minimum": 0, "maximum": 2, "exclusiveMaximum": True}),
        ("Strength, 0~1", {"minimum": 0, "maximum": 1}),
        ("范围 1～9", {"minimum": 1, "maximum": 9}),
        ("Must be between 1 and 10.", {"minimum": 1, "maximum": 10}),
        ("Value range: 1-9", {"minimum": 1, "maximum": 9}),
        ("Minimum: 0, Maximum: 1", {"minimum": 0, "maximum": 1}),
        ("大于0", {"minimum": 0, "exclusiveMinimum": True}),
        ("Must be greater than 0.", {"minimum": 0, "exclusiveMinimum": True}),
        ("No more than 10.", {"maximum": 10}),
        ("不小于1", {"minimum": 1}),
        ("大于等于0且小于等于1", {"minimum": 0, "maximum": 1}),
        ("Number between -2.0 and 2.0.", {"minimum": -2.0, "maximum": 2.0}),
        ("Value range: [-10, 10]", {"minimum": -10, "maximum": 10}),
    ],
)
def test_numeric_ranges(text: str, expected: dict[str, object]) -> None:
    assert keywords(run({"type": "number", "description": text})) == expected


def test_range_rule_ids_name_the_language_and_form() -> None:
    english = run({"type": "number", "description": "Value range: [0,1]"}).extractions
    chinese = run({"type": "number", "description": "取值范围：[0,1]"}).extractions
    assert {e.rule for e in english} == {"en.range.interval"}
    assert {e.rule for e in chinese} == {"zh.range.interval"}


@pytest.mark.parametrize(
    "text",
    [
        "the larger the value, the stronger the reference strength",
        "maximum number of results to return",
        "kling-v1-5",
        "HTTP 200-299",
        "Start date, for example 2024-01-01.",
        "Model version 1.5",
        "Index, 1-4",
        "Supports up to 4K resolution.",
        "The image file size cannot exceed 10MB.",
        "The image must be at least 256x256 pixels.",
        "图片分辨率不小于300*300px",
        "视频时长不能超过10秒",
        "When the value is greater than 0.5, the output is more creative.",
        "Higher values like 0.8 make output more random.",
        "图片宽高比需在1:2.5~2.5:1之间",
        "HTTP status codes between 200 and 299 indicate success.",
        "Returns at most 3 results per page when paging is enabled.",
        "1~2~3~4",
    ],
)
def test_near_misses_give_no_bound(text: str) -> None:
    for kind in ("string", "integer", "number", "array"):
        assert keywords(run({"type": kind, "description": text, "items": {"type": "string"}})) == {}, kind


def test_counts_on_arrays_and_integers() -> None:
    assert keywords(run({"type": "array", "items": {}, "description": "Reference images, up to 4 images"})) == {
        "maxItems": 4
    }
    assert keywords(run({"type": "array", "items": {}, "description": "至少1个，最多10个"})) == {
        "minItems": 1,
        "maxItems": 10,
    }
    assert keywords(run({"type": "integer", "description": "生成图片的数量。取值范围为1~4张"})) == {
        "minimum": 1,
        "maximum": 4,
    }


def test_range_on_string_is_reported_not_applied() -> None:
    result = run({"type": "string", "description": "Value range: [1, 9]"})
    assert keywords(result) == {}
    assert codes(result) == ["range-on-string"]
    assert result.findings[0].level == "warning"
    assert result.findings[0].pointer == THING + "/properties/field"


def test_length_on_number_is_reported_not_applied() -> None:
    result = run({"type": "integer", "description": "Cannot exceed 2500 characters."})
    assert keywords(result) == {}
    assert codes(result) == ["length-on-number"]


def test_conditional_and_per_element_bounds_are_notes() -> None:
    conditional = run(
        {"type": "string", "description": "When using kling-v1, the prompt cannot exceed 500 characters."}
    )
    each = run({"type": "array", "items": {}, "description": "每个元素长度不超过20字符"})
    truncated = run({"type": "string", "description": "长度不超过800个字符，超过部分会自动截断。"})
    for result in (conditional, each, truncated):
        assert keywords(result) == {}
        assert [(f.level, f.code) for f in result.findings] == [("note", "ambiguous-constraint")]


# ------------------------------------------------------------------ enums and defaults


def test_enum_glosses_are_stripped() -> None:
    text = "Enumeration Values: subject (character feature reference), face (person's facial appearance reference)"
    assert keywords(run({"type": "string", "description": text})) == {"enum": ["subject", "face"]}
    chinese = "枚举值：std（标准模式）、pro（专家模式）"
    assert keywords(run({"type": "string", "description": chinese})) == {"enum": ["std", "pro"]}


def test_enum_values_with_colons_and_wrapped_lines() -> None:
    ratios = run({"type": "string", "description": "Enumerated values: 16:9, 9:16, 1:1"})
    assert keywords(ratios) == {"enum": ["16:9", "9:16", "1:1"]}
    wrapped = run({"type": "string", "description": "Enumeration Values: kling-v1, kling-v1-5,\nkling-v2"})
    assert keywords(wrapped) == {"enum": ["kling-v1", "kling-v1-5", "kling-v2"]}


def test_enum_bullet_list_under_a_header() -> None:
    text = "Output format.\nEnumerated values:\n- `png`: lossless\n- `jpeg`: smaller files\n\nOther text."
    result = run({"type": "string", "description": text})
    assert keywords(result) == {"enum": ["png", "jpeg"]}
    assert result.extractions[0].rule == "en.enum.list"


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("integer", "Enum: 1, 2, 4", [1, 2, 4]),
        ("number", "Possible values: 0.5, 1, 1.5", [0.5, 1, 1.5]),
        ("string", "枚举值：5，10", ["5", "10"]),
        ("boolean", "可选值：true", [True]),
        ("string", "One of: `url`, `b64_json`", ["url", "b64_json"]),
        ("string", 'Enum: "16:9" "1:1" "21:9"', ["16:9", "1:1", "21:9"]),
    ],
)
def test_enum_values_are_typed(kind: str, text: str, expected: list[object]) -> None:
    extracted = keywords(run({"type": kind, "description": text}))["enum"]
    assert extracted == expected
    assert [type(v) for v in extracted] == [type(v) for v in expected]


def test_a_list_of_both_booleans_restricts_nothing_and_is_not_written() -> None:
    assert "enum" not in keywords(run({"type": "boolean", "description": "可选值：true、false"}))
    assert "enum" not in keywords(run({"type": "boolean", "description": "是否加水印\n- true：添加\n- false：不添加"}))


def test_enum_on_array_goes_to_items() -> None:
    result = run({"type": "array", "items": {"type": "string"}, "description": "Allowed values: a, b"})
    assert keywords(result, THING + "/properties/field/items") == {"enum": ["a", "b"]}


def test_enum_that_does_not_fit_the_type_is_a_finding() -> None:
    result = run({"type": "integer", "description": "Enum: low, high"})
    assert keywords(result) == {}
    assert codes(result) == ["enum-type-mismatch"]


@pytest.mark.parametrize(
    "text",
    [
        "Supported values include png, jpeg, etc.",
        "枚举值：standard、hd等",
        "Must be one of `256x256` or `1024x1024` for `dall-e-2`.",
    ],
)
def test_open_or_conditional_enum_lists_are_notes(text: str) -> None:
    result = run({"type": "string", "description": text})
    assert keywords(result) == {}
    assert codes(result) == ["ambiguous-constraint"]


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("integer", "Default: 1", 1),
        ("string", "Aspect ratio; defaults to 16:9.", "16:9"),
        ("string", "Default value: kling-v1", "kling-v1"),
        ("integer", "默认值为1", 1),
        ("string", "清晰度，默认 1k", "1k"),
        ("number", "默认0.8，范围 (0, 1.0]", 0.8),
        ("boolean", "是否流式返回，默认false", False),
        ("string", "The size. Defaults to `1024x1024`.", "1024x1024"),
    ],
)
def test_defaults_are_typed(kind: str, text: str, expected: object) -> None:
    default = keywords(run({"type": kind, "description": text}))["default"]
    assert default == expected
    assert type(default) is type(expected)


@pytest.mark.parametrize(
    "text",
    [
        "Use the default model.",
        "Defaults to the latest model.",
        "默认不开启",
        "Default: null",
        "defaults to 1 for dall-e-2",
    ],
)
def test_unclear_defaults_give_nothing(text: str) -> None:
    assert "default" not in keywords(run({"type": "string", "description": text}))


def test_default_outside_the_enum_is_not_applied() -> None:
    result = run({"type": "string", "description": "Enum: a, b. Default: c"})
    assert keywords(result) == {"enum": ["a", "b"]}
    assert codes(result) == ["ambiguous-constraint"]


# ------------------------------------------------------------------ conflicts


def test_explicit_schema_wins_with_a_warning_when_different() -> None:
    result = run({"type": "string", "maxLength": 100, "description": "Cannot exceed 2500 characters."})
    assert keywords(result) == {}
    assert [(f.level, f.code) for f in result.findings] == [("warning", "prose-conflicts-schema")]


def test_explicit_schema_equal_to_prose_is_silent() -> None:
    result = run(
        {"type": "string", "enum": ["b", "a"], "maxLength": 5, "description": "Enum: a, b. At most 5 characters."}
    )
    assert result.extractions == ()
    assert result.findings == ()


def test_explicit_exclusive_flag_is_part_of_the_bound() -> None:
    result = run({"type": "number", "minimum": 0, "description": "Must be greater than 0."})
    assert keywords(result) == {}
    assert codes(result) == ["prose-conflicts-schema"]


def test_contradicting_prose_gives_no_extraction() -> None:
    result = run({"type": "string", "description": "Cannot exceed 100 characters. Maximum length: 200 characters."})
    assert keywords(result) == {}
    assert codes(result) == ["prose-contradiction"]


def test_minimum_above_maximum_is_a_contradiction() -> None:
    result = run({"type": "integer", "description": "At least 10. At most 5."})
    assert keywords(result) == {}
    assert codes(result) == ["prose-contradiction"]


# ------------------------------------------------------------------ dependencies


def _dependencies(result: ExtractionResult) -> list[object]:
    return [e.value for e in result.extractions if e.keyword == "x-dependencies"]


def test_chinese_conditional_requirement() -> None:
    result = run(
        {"type": "string", "description": "当使用kling-v1-5且image参数不为空时，此参数必填"},
        model_name={"type": "string", "enum": ["kling-v1", "kling-v1-5"]},
        image={"type": "string"},
    )
    assert _dependencies(result) == ["IF model_name=='kling-v1-5' AND image THEN field;"]
    assert result.extractions[0].pointer == THING
    assert result.extractions[0].rule == "zh.dependency.when-required"


def test_bare_value_resolves_through_an_extracted_sibling_enum() -> None:
    result = run(
        {"type": "string", "description": "Required when using pro."},
        mode={"type": "string", "description": "Enum: std, pro"},
    )
    assert _dependencies(result) == ["IF mode=='pro' THEN field;"]


def test_unresolvable_or_ambiguous_value_is_a_note() -> None:
    unknown = run(
        {"type": "string", "description": "When using kling-v9, this parameter is required."},
        model_name={"type": "string", "enum": ["kling-v1"]},
    )
    twice = run(
        {"type": "string", "description": "When using pro, this parameter is required."},
        mode={"type": "string", "enum": ["std", "pro"]},
        tier={"type": "string", "enum": ["free", "pro"]},
    )
    for result in (unknown, twice):
        assert _dependencies(result) == []
        assert [(f.level, f.code, f.pointer) for f in result.findings] == [("note", "ambiguous-constraint", THING)]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Required when `mode` is `pro`.", "IF mode=='pro' THEN field;"),
        ("Required when `mode` is not `std`.", "IF mode!='std' THEN field;"),
        ("This parameter is required if `image` is provided.", "IF image THEN field;"),
        ("When the image parameter is empty, this parameter is required.", "IF NOT image THEN field;"),
        ("Either `field` or `image` must be provided.", "Or(field, image);"),
        ("`field` and `image` are mutually exclusive.", "ZeroOrOne(field, image);"),
        ("Cannot be used together with `image`.", "ZeroOrOne(field, image);"),
        ("不能与image同时使用", "ZeroOrOne(field, image);"),
        ("field和image二选一", "Or(field, image);"),
    ],
)
def test_dependency_phrases(text: str, rule: str) -> None:
    result = run(
        {"type": "string", "description": text},
        mode={"type": "string", "enum": ["std", "pro"]},
        image={"type": "string"},
    )
    assert _dependencies(result) == [rule]


def test_object_description_group_rule_and_no_rule_from_effect_sentences() -> None:
    document = {
        "components": {
            "schemas": {
                "Req": {
                    "type": "object",
                    "description": "Either image or image_url must be provided.",
                    "properties": {
                        "image": {"type": "string", "description": "Only effective when the mode parameter is pro."},
                        "image_url": {"type": "string"},
                    },
                }
            }
        }
    }
    result = extract_constraints(document, SourceMap())
    assert [(e.pointer, e.value) for e in result.extractions] == [("/components/schemas/Req", "Or(image, image_url);")]


# ------------------------------------------------------------------ traversal, locations, ordering


def _traversal_document() -> dict[str, Any]:
    deep = {"type": "string", "description": "Cannot exceed 5 characters."}
    return {
        "paths": {
            "/x": {
                "parameters": [{"name": "p", "in": "query", "description": "at most 3", "schema": {"type": "integer"}}],
                "get": {
                    "parameters": [{"$ref": "#/components/parameters/Limit"}, "junk", None],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"tags": {"type": "array", "items": dict(deep)}},
                                    "additionalProperties": {"type": "integer", "description": "Value range: [1, 9]"},
                                }
                            }
                        }
                    },
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {"schema": {"allOf": [{"type": "number", "description": "大于0"}]}}
                            }
                        }
                    },
                },
            }
        },
        "components": {
            "parameters": {
                "Limit": {"name": "limit", "in": "query", "description": "Max 100.", "schema": {"type": "integer"}}
            },
            "schemas": {
                "Ref": {"$ref": "#/components/schemas/Other", "description": "Cannot exceed 9 characters."},
                "Junk": [1, 2],
                "Outer": {"type": "object", "properties": {"a": {"type": "object", "properties": {"b": deep}}}},
            },
        },
    }


def test_traversal_reaches_every_kind_of_schema_and_skips_refs() -> None:
    result = extract_constraints(_traversal_document(), SourceMap())
    got = {(e.pointer, e.keyword, e.value) for e in result.extractions}
    body = "/paths/~1x/get/requestBody/content/application~1json/schema"
    assert got == {
        ("/paths/~1x/parameters/0/schema", "maximum", 3),
        ("/components/parameters/Limit/schema", "maximum", 100),
        (body + "/properties/tags/items", "maxLength", 5),
        ("/components/schemas/Outer/properties/a/properties/b", "maxLength", 5),
        (body + "/additionalProperties", "minimum", 1),
        (body + "/additionalProperties", "maximum", 9),
        ("/paths/~1x/get/responses/200/content/application~1json/schema/allOf/0", "minimum", 0),
        ("/paths/~1x/get/responses/200/content/application~1json/schema/allOf/0", "exclusiveMinimum", True),
    }


def test_shared_schema_object_is_visited_once() -> None:
    # The same dict at two places (a YAML alias) is read once, where it is first met: components come first.
    shared = {"type": "string", "description": "Cannot exceed 5 characters."}
    document = {
        "paths": {"/x": {"get": {"parameters": [{"name": "q", "in": "query", "schema": shared}]}}},
        "components": {"schemas": {"A": shared}},
    }
    result = extract_constraints(document, SourceMap())
    assert [e.pointer for e in result.extractions] == ["/components/schemas/A"]


def test_deep_and_cyclic_documents_do_not_crash() -> None:
    node: dict[str, Any] = {"type": "string", "description": "Cannot exceed 5 characters."}
    for _ in range(3000):
        node = {"type": "object", "properties": {"p": node}, "items": "junk", "allOf": [None, 1]}
    cyclic: dict[str, Any] = {"type": "object", "properties": {}}
    cyclic["properties"]["self"] = cyclic
    document = {"components": {"schemas": {"Deep": node, "Cyclic": cyclic}}}
    result = extract_constraints(document, SourceMap())
    assert [(e.keyword, e.value) for e in result.extractions] == [("maxLength", 5)]
    junks: tuple[object, ...] = (
        None,
        1,
        "x",
        [],
        {"paths": []},
        {"components": 3},
        {"paths": {"/a": {"get": {"parameters": 1}}}},
    )
    for junk in junks:
        assert extract_constraints(junk, SourceMap()) == ExtractionResult(extractions=(), findings=())


def test_locations_come_from_the_description_pointer() -> None:
    pointer = THING + "/properties/field/description"
    source_map = SourceMap({pointer: Location(file="spec.yaml", line=42), THING: Location(file="spec.yaml", line=7)})
    document = {"components": {"schemas": {"Thing": {"type": "object", "properties": {"field": {
        "type": "string", "description": "Value range: [1, 9]. Cannot exceed 5 characters."}}}}}}  # fmt: skip
    result = extract_constraints(document, source_map)
    assert [str(e.location) for e in result.extractions] == ["spec.yaml:42"]
    assert [str(f.location) for f in result.findings] == ["spec.yaml:42"]


def test_output_order_is_deterministic_and_sorted() -> None:
    first = extract_constraints(_traversal_document(), SourceMap())
    second = extract_constraints(_traversal_document(), SourceMap())
    assert first == second
    keys = [(e.pointer, e.keyword, str(e.value)) for e in first.extractions]
    assert keys == sorted(keys)


def test_zero_width_and_full_width_text_is_normalised_but_quoted_verbatim() -> None:
    text = "\ufeff取值范围\u200b：［0，1］"
    result = run({"type": "number", "description": text})
    assert keywords(result) == {"minimum": 0, "maximum": 1}
    assert result.extractions[0].evidence == text.strip("\ufeff")


# ------------------------------------------------------------------ precision fixes found on the fresh held-out set


def test_full_width_colons_inside_ratios_keep_the_ratio_whole() -> None:
    assert keywords(run({"type": "string", "description": "视频比例，枚举值：16：9，9：16，1：1"})) == {
        "enum": ["16:9", "9:16", "1:1"]
    }


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("string", "If 'dense', the vector dimension must be specified."),  # a requirement, not the value "specified"
        ("string", "图像质量。此参数仅支持`dall-e-3`."),  # which model the parameter works with
        ("array", "Improve accuracy with up to 200 (for Universal-2) or 1000 (for Universal-3 Pro) words"),
        (
            "string",
            "生成图像的长宽比。默认值：“match_input_image”，支持1:1，16:9，1:2。",
        ),  # the list leaves out its default
    ],
)
def test_near_misses_found_on_the_fresh_set_give_nothing(kind: str, text: str) -> None:
    schema: dict[str, object] = {"type": kind, "description": text}
    if kind == "array":
        schema["items"] = {"type": "string"}
    found = keywords(run(schema))
    assert not {"enum", "maxItems", "minItems"} & set(found), found


def test_a_rule_over_a_property_the_grammar_cannot_name_is_a_note_not_a_rule() -> None:
    # A sibling named "IN" (a rule keyword): "IF IN THEN field;" would make the operation's rules unreadable.
    result = run({"type": "string", "description": "Required when IN is set."}, IN={"type": "string"})
    assert not [e for e in result.extractions if e.keyword == "x-dependencies"]
    assert any("rule grammar cannot name" in f.message for f in result.findings)
