"""Edge values of every bound the augmented spec states, checked on the generated request model.

The cases are derived from the augmented request schema at collection time,
not hard-coded: for each maxLength/minLength/minimum/maximum (and exclusive)
constraint a payload with the edge value is accepted and one step past it is
rejected (1 character, 1 for integers, 1e-9 for numbers), with the error naming
the field and the rule and carrying the spec sentence from ``x-evidence``; for
each enum every listed value is accepted and near misses are rejected. Both
``from_dict`` and the keyword constructor are checked. The last tests pin the
facts the seed spec is known to state, so an extractor regression that loses
them cannot pass unnoticed.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator

from generator.vocab.idl import Conditional, Group, parse_rule

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))

from kling_client import RequestValidationError  # noqa: E402
from kling_client.models import ImageGenerationRequest  # noqa: E402

CREATE_PATH = "/kling/v1/images/generations"
EPSILON = 1e-9
BOUND_OF = {"exclusiveMinimum": "minimum", "exclusiveMaximum": "maximum"}


def _load_schema() -> dict[str, Any]:
    from generator.pipeline import augment_paths

    doc = augment_paths([ROOT / "spec"]).document
    schema = doc["paths"][CREATE_PATH]["post"]["requestBody"]["content"]["application/json"]["schema"]
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    props = schema["properties"]
    for name, prop in list(props.items()):
        while "$ref" in prop:
            prop = doc["components"]["schemas"][prop["$ref"].rsplit("/", 1)[-1]]
        props[name] = prop
    assert isinstance(schema, dict)
    return schema


SCHEMA = _load_schema()
PROPS: dict[str, dict[str, Any]] = SCHEMA["properties"]
RULES = [parse_rule(t) for t in SCHEMA.get("x-dependencies") or []]


def _evidence(field: str, keyword: str) -> str:
    found = PROPS[field].get("x-evidence") or {}
    return str(found.get(keyword) or found.get(BOUND_OF.get(keyword, keyword)) or "")


def _sample(field: str) -> Any:
    """Some valid value for a field (used for the base payload and to satisfy dependencies)."""
    prop = PROPS[field]
    if prop.get("enum"):
        return prop["enum"][0]
    kind = prop.get("type")
    if kind in ("integer", "number"):
        low = prop.get("minimum")
        high = prop.get("maximum")
        if low is None:
            return 1 if high is None or high >= 1 else high
        step = 1 if kind == "integer" else 0.5
        value = low + step if prop.get("exclusiveMinimum") is True else low
        return value if high is None or value <= high else high
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    size = max(1, int(prop.get("minLength", 1)))
    return "x" * min(size, int(prop.get("maxLength", size)))


def _is_set(payload: Mapping[str, Any], field: str) -> bool:
    return payload.get(field) not in (None, "")


def _complete(payload: dict[str, Any], pinned: str) -> dict[str, Any]:
    """Satisfy the dependency rules without touching the field under test."""
    for rule in RULES:
        if isinstance(rule, Conditional):
            triggered = all(
                _is_set(payload, p.field)
                if p.op == "set"
                else not _is_set(payload, p.field)
                if p.op == "unset"
                else (payload.get(p.field) == p.literal) == (p.op == "eq")
                for p in rule.when
            )
            if triggered:
                for field in rule.then:
                    if field != pinned and not _is_set(payload, field):
                        payload[field] = _sample(field)
        elif isinstance(rule, Group) and rule.kind in ("Or", "OnlyOne", "AllOrNone"):
            given = [f for f in rule.fields if _is_set(payload, f)]
            if rule.kind == "AllOrNone" and given:
                for field in rule.fields:
                    payload.setdefault(field, _sample(field))
            elif not given:
                payload[next(f for f in rule.fields if f != pinned)] = _sample(rule.fields[0])
    return payload


BASE: dict[str, Any] = _complete({name: _sample(name) for name in SCHEMA.get("required") or []}, pinned="")


def _with(field: str, value: Any) -> dict[str, Any]:
    return _complete({**BASE, field: value}, pinned=field)


def _build(payload: dict[str, Any], via: str) -> ImageGenerationRequest:
    if via == "from_dict":
        return ImageGenerationRequest.from_dict(dict(payload))
    return ImageGenerationRequest(**payload)


# -- cases derived from the schema ------------------------------------------------------------------


def _bound_cases() -> list[Any]:
    """(field, keyword, edge value, one step past)."""
    cases = []
    for field, prop in PROPS.items():
        kind = prop.get("type")
        step: float = 1 if kind == "integer" else EPSILON
        for kw in ("maxLength", "minLength"):
            if kw in prop:
                limit = int(prop[kw])
                past = limit + 1 if kw == "maxLength" else limit - 1
                if past >= 0:
                    cases.append(pytest.param(field, kw, "x" * limit, "x" * past, id=f"{field}-{kw}-{limit}"))
        for kw, sign in (("minimum", -1), ("maximum", 1)):
            if kw not in prop:
                continue
            bound = prop[kw]
            exclusive_kw = "exclusive" + kw[0].upper() + kw[1:]
            if prop.get(exclusive_kw) is True:
                # Edge: the nearest allowed value; past it: the bound itself.
                cases.append(
                    pytest.param(field, exclusive_kw, bound - sign * step, bound, id=f"{field}-{exclusive_kw}-{bound}")
                )
            else:
                cases.append(pytest.param(field, kw, bound, bound + sign * step, id=f"{field}-{kw}-{bound}"))
        for kw, sign in (("exclusiveMinimum", -1), ("exclusiveMaximum", 1)):
            value = prop.get(kw)
            if isinstance(value, int | float) and not isinstance(value, bool):  # 3.1 style
                cases.append(pytest.param(field, kw, value - sign * step, value, id=f"{field}-{kw}-{value}"))
    return cases


BOUND_CASES = _bound_cases()
ENUM_CASES = [
    pytest.param(field, value, id=f"{field}={value}")
    for field, prop in PROPS.items()
    for value in prop.get("enum") or []
    if value is not None
]


def _near_misses(field: str, value: str) -> list[str]:
    allowed = set(PROPS[field]["enum"])
    return [m for m in dict.fromkeys((value + "x", value.upper())) if m not in allowed]


NEAR_MISS_CASES = [
    pytest.param(field, miss, id=f"{field}={miss}")
    for field, prop in PROPS.items()
    for value in prop.get("enum") or []
    if isinstance(value, str)
    for miss in _near_misses(field, value)
]


def test_cases_were_derived() -> None:
    assert BOUND_CASES, "the augmented schema states no bounds at all"
    assert ENUM_CASES and NEAR_MISS_CASES
    assert OAS30Validator(SCHEMA).is_valid(BASE), f"base payload {BASE} is not valid"
    ImageGenerationRequest.from_dict(BASE)


def _assert_rejected(payload: dict[str, Any], via: str, field: str, keyword: str) -> RequestValidationError:
    assert not OAS30Validator(SCHEMA).is_valid(payload), f"the schema itself accepts {payload}"
    with pytest.raises(RequestValidationError) as info:
        _build(payload, via)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.field == field, f"error names field {err.field!r}: {err}"
    assert err.rule == keyword, f"error names rule {err.rule!r}: {err}"
    sentence = _evidence(field, keyword)
    if sentence:
        assert err.evidence == sentence, f"evidence {err.evidence!r} is not the spec's {sentence!r}"
        assert sentence in str(err)
    else:
        assert err.evidence, "a rejection without evidence"
    return err


@pytest.mark.parametrize("via", ["from_dict", "constructor"])
@pytest.mark.parametrize(("field", "keyword", "edge", "past"), BOUND_CASES)
def test_edge_accepted_and_one_step_past_rejected(field: str, keyword: str, edge: Any, past: Any, via: str) -> None:
    payload = _with(field, edge)
    assert OAS30Validator(SCHEMA).is_valid(payload)
    model = _build(payload, via)
    assert model.to_dict()[field] == edge
    err = _assert_rejected(_with(field, past), via, field, keyword)
    assert err.value == past or getattr(err.value, "value", None) == past


@pytest.mark.parametrize("via", ["from_dict", "constructor"])
@pytest.mark.parametrize(("field", "value"), ENUM_CASES)
def test_every_enum_value_is_accepted(field: str, value: Any, via: str) -> None:
    model = _build(_with(field, value), via)
    assert model.to_dict()[field] == value


@pytest.mark.parametrize("via", ["from_dict", "constructor"])
@pytest.mark.parametrize(("field", "miss"), NEAR_MISS_CASES)
def test_enum_near_miss_is_rejected(field: str, miss: str, via: str) -> None:
    _assert_rejected(_with(field, miss), via, field, "enum")


@pytest.mark.parametrize(("field", "value"), ENUM_CASES)
def test_enum_members_are_accepted_as_well_as_strings(field: str, value: Any) -> None:
    model = ImageGenerationRequest.from_dict(_with(field, value))
    member = getattr(model, field)
    assert getattr(member, "value", member) == value
    again = ImageGenerationRequest(**{**_with(field, value), field: member})
    assert again.to_dict()[field] == value


# -- the seed's known facts ------------------------------------------------------------------------


def test_seed_facts_are_in_the_augmented_schema() -> None:
    assert PROPS["prompt"]["maxLength"] == 2500
    assert "2500" in _evidence("prompt", "maxLength")
    assert (PROPS["n"]["minimum"], PROPS["n"]["maximum"]) == (1, 9)
    for field in ("image_fidelity", "human_fidelity"):
        assert (PROPS[field]["minimum"], PROPS[field]["maximum"]) == (0, 1), field
        assert "[0,1]" in _evidence(field, "maximum")
    assert set(SCHEMA["required"]) >= {"model_name", "prompt", "n"}
    assert "IF model_name=='kling-v1-5' AND image THEN image_reference;" in SCHEMA["x-dependencies"]


@pytest.mark.parametrize(
    ("field", "ok", "bad", "keyword"),
    [
        ("prompt", "p" * 2500, "p" * 2501, "maxLength"),
        ("n", 1, 0, "minimum"),
        ("n", 9, 10, "maximum"),
        ("image_fidelity", 0, -EPSILON, "minimum"),
        ("image_fidelity", 1, 1 + EPSILON, "maximum"),
        ("image_fidelity", 0.5, 1.5, "maximum"),
        ("human_fidelity", 0.0, -0.01, "minimum"),
        ("human_fidelity", 1.0, 1.01, "maximum"),
    ],
)
def test_seed_facts_hold_in_generated_model(field: str, ok: Any, bad: Any, keyword: str) -> None:
    base = {"model_name": "kling-v1", "prompt": "a seaside", "n": 1}
    assert ImageGenerationRequest.from_dict({**base, field: ok}).to_dict()[field] == ok
    with pytest.raises(RequestValidationError) as info:
        ImageGenerationRequest.from_dict({**base, field: bad})
    assert (info.value.field, info.value.rule) == (field, keyword)
    assert info.value.evidence == _evidence(field, keyword)


def test_seed_dependency_holds_in_generated_model() -> None:
    base = {"model_name": "kling-v1-5", "prompt": "a seaside", "n": 1, "image": "https://example.com/a.png"}
    with pytest.raises(RequestValidationError) as info:
        ImageGenerationRequest.from_dict(base)
    assert (info.value.field, info.value.rule) == ("image_reference", "x-dependencies")
    assert "kling-v1-5" in info.value.evidence
    ImageGenerationRequest.from_dict({**base, "image_reference": "subject"})
    ImageGenerationRequest.from_dict({**base, "model_name": "kling-v1"})
    ImageGenerationRequest.from_dict({**base, "image": ""})
