"""Property-based cross-check of the generated request model against an independent reference.

The reference verdict for a payload is: ``OAS30Validator`` accepts it against
the augmented request schema AND every ``x-dependencies`` rule holds (judged
by a small evaluator written here over ``generator.idl``'s parsed rules). The
generated ``ImageGenerationRequest.from_dict`` must accept exactly the payloads
the reference accepts, and reject the others with ``RequestValidationError``,
never any other exception.

Payloads: VALID ones drawn with ``hypothesis_jsonschema.from_schema`` from the
schema (converted from OpenAPI 3.0 to JSON Schema draft 7), and INVALID-leaning
ones made by mutating those (drop a required field, values around every
bound, strings around every length limit, near-miss enum values, wrong types,
dependency rules broken and kept). The mutation list is derived from the
schema, so new constraints are covered without editing this file. Payloads
stay within JSON (no NaN/infinity: the wire format cannot carry them).
"""

from __future__ import annotations

import copy
import math
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture import utils as cu
from hypothesis_jsonschema import from_schema
from openapi_schema_validator import OAS30Validator

from generator.vocab.idl import Conditional, DependencyRule, Group, parse_rule

DRAFT7 = "http://json-schema.org/draft-07/schema#"
ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))

from kling_client import RequestValidationError  # noqa: E402
from kling_client.models import ImageGenerationRequest  # noqa: E402

CREATE_PATH = "/kling/v1/images/generations"
VALID_EXAMPLES = 300
MUTATED_EXAMPLES = 500
PER_MUTATION_MIN = 15
SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
# Keys that describe rather than constrain; dropped when converting to JSON Schema.
_ANNOTATIONS = {
    "description",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "discriminator",
    "title",
}


# -- the reference ------------------------------------------------------------------------------


def _inline(node: Any, doc: Mapping[str, Any], depth: int = 0) -> Any:
    assert depth < 32, "$ref nesting too deep"
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            target: Any = doc
            for part in ref[2:].split("/"):
                target = target[part]
            return _inline(target, doc, depth + 1)
        return {k: _inline(v, doc, depth + 1) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, doc, depth + 1) for v in node]
    return node


def _load_request_schema() -> dict[str, Any]:
    from generator.pipeline import augment_paths

    doc = augment_paths([ROOT / "spec"]).document
    op = doc["paths"][CREATE_PATH]["post"]
    schema = _inline(op["requestBody"]["content"]["application/json"]["schema"], doc)
    assert isinstance(schema, dict) and schema.get("properties"), "no request body schema"
    return schema


def to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema -> JSON Schema draft 7 (nullable, boolean exclusive bounds, x- keys)."""
    if isinstance(node, list):
        return [to_json_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("x-") or key in _ANNOTATIONS or key == "nullable":
            continue
        if key == "properties":
            out[key] = {name: to_json_schema(prop) for name, prop in value.items()}
        elif key in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
            out[key] = to_json_schema(value)
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            bound = "minimum" if key == "exclusiveMinimum" else "maximum"
            if value and bound in node:
                out[key] = node[bound]
        else:
            out[key] = copy.deepcopy(value)
    for key in ("exclusiveMinimum", "exclusiveMaximum"):
        bound = "minimum" if key == "exclusiveMinimum" else "maximum"
        if node.get(key) is True:
            out.pop(bound, None)
    if node.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    return out


def is_set(payload: Mapping[str, Any], field: str) -> bool:
    value = payload.get(field)
    return value is not None and value != ""


def rule_holds(payload: Mapping[str, Any], rule: DependencyRule) -> bool:
    """The IDL semantics, written independently of the generated runtime."""
    if isinstance(rule, Group):
        given_count = sum(is_set(payload, f) for f in rule.fields)
        return {
            "Or": given_count >= 1,
            "OnlyOne": given_count == 1,
            "AllOrNone": given_count in (0, len(rule.fields)),
            "ZeroOrOne": given_count <= 1,
        }[rule.kind]
    triggered = True
    for pred in rule.when:
        if pred.op == "set":
            ok = is_set(payload, pred.field)
        elif pred.op == "unset":
            ok = not is_set(payload, pred.field)
        else:
            equal = is_set(payload, pred.field) and payload[pred.field] == pred.literal
            ok = equal if pred.op == "eq" else not equal
        triggered = triggered and ok
    return not triggered or all(is_set(payload, f) for f in rule.then)


class Reference:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.validator = OAS30Validator(schema)
        self.rules = [parse_rule(text) for text in schema.get("x-dependencies") or []]

    def accepts(self, payload: Mapping[str, Any]) -> bool:
        return self.validator.is_valid(payload) and all(rule_holds(payload, r) for r in self.rules)


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def request_schema() -> dict[str, Any]:
    return _load_request_schema()


@pytest.fixture(scope="module")
def reference(request_schema: dict[str, Any]) -> Reference:
    return Reference(request_schema)


@pytest.fixture(scope="module")
def json_schema(request_schema: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = to_json_schema(request_schema)
    converted["$schema"] = DRAFT7
    return converted


def _verdict(payload: dict[str, Any]) -> tuple[bool, RequestValidationError | None]:
    try:
        model = ImageGenerationRequest.from_dict(copy.deepcopy(payload))
    except RequestValidationError as err:
        return False, err
    assert model.to_dict() == payload, "an accepted payload must go on the wire unchanged"
    return True, None


def _check(payload: dict[str, Any], reference: Reference, tally: dict[str, int]) -> None:
    expected = reference.accepts(payload)
    accepted, err = _verdict(payload)
    tally["valid" if expected else "invalid"] += 1
    assert accepted == expected, (
        f"reference {'accepts' if expected else 'rejects'} but the model "
        f"{'accepts' if accepted else 'rejects'} {payload!r}" + (f": {err}" if err else "")
    )
    if err is not None:
        known = set(reference.schema.get("properties") or {})
        assert err.field in known, f"error names {err.field!r}, not a request field"
        assert err.rule, "error names no rule"


def _report(capsys: pytest.CaptureFixture[str], name: str, tally: dict[str, int]) -> None:
    with capsys.disabled():
        print(
            f"\n[{name}] checked {tally['valid'] + tally['invalid']} payloads: "
            f"{tally['valid']} valid, {tally['invalid']} invalid (by the reference)"
        )


# -- mutations ----------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any], st.DataObject], None]
_FOREIGN_VALUES: dict[str, list[Any]] = {
    "string": [0, 1.5, True, None, [], {}, ["x"]],
    "integer": ["1", 1.5, 0.5, True, False, None, [], {}],
    "number": ["0.5", "1", True, None, [], {"v": 1}],
    "boolean": [0, 1, "true", None],
    "array": ["x", 1, {}, None],
    "object": ["x", 1, [], None],
}


def _field_values(prop_schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    return from_schema({**to_json_schema(prop_schema), "$schema": DRAFT7})


def _objects_supported() -> bool:
    """hypothesis-jsonschema 0.23.1 drives ``cu.many(...).more()``, which Hypothesis >= 6.1xx removed."""
    return hasattr(cu.many, "more")


def valid_payloads(json_schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Schema-valid request objects, drawn with ``from_schema``.

    With the pinned hypothesis-jsonschema 0.23.1 and Hypothesis 6.170, ``from_schema`` crashes on
    object schemas (AttributeError: 'many' object has no attribute 'more'), so the object is
    composed here from ``from_schema`` strategies of each property (required ones always
    present, optional ones sometimes, plus unknown extra keys, which the schema allows).
    """
    if _objects_supported():
        return cast("st.SearchStrategy[dict[str, Any]]", from_schema(json_schema))
    props: dict[str, Any] = json_schema.get("properties") or {}
    required = [n for n in json_schema.get("required") or [] if n in props]
    values = {name: from_schema({**prop, "$schema": DRAFT7}) for name, prop in props.items()}
    known = st.fixed_dictionaries(
        {n: values[n] for n in required},
        optional={n: v for n, v in values.items() if n not in required},
    )
    if json_schema.get("additionalProperties") is False:
        return known
    extra = st.dictionaries(
        st.text(max_size=10).filter(lambda k: k not in props),
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
        max_size=2,
    )
    return st.builds(lambda a, b: {**b, **a}, known, extra)


def _mutations(schema: dict[str, Any]) -> list[tuple[str, Mutation]]:
    props: dict[str, dict[str, Any]] = schema.get("properties") or {}
    muts: list[tuple[str, Mutation]] = []

    for name in schema.get("required") or []:

        def drop(p: dict[str, Any], d: st.DataObject, name: str = name) -> None:
            p.pop(name, None)

        muts.append((f"drop {name}", drop))

    for name, prop in props.items():
        kind = prop.get("type")
        for kw in ("minimum", "maximum"):
            if kw in prop:
                bound = prop[kw]
                step = 1 if kind == "integer" else 1e-9

                def around(
                    p: dict[str, Any],
                    d: st.DataObject,
                    name: str = name,
                    bound: Any = bound,
                    step: float = step,
                    integer: bool = kind == "integer",
                ) -> None:
                    if integer:
                        p[name] = bound + d.draw(st.sampled_from([1, -1, 0, 2, -2, 100, -100]))
                    else:
                        p[name] = d.draw(
                            st.one_of(
                                st.sampled_from([bound + step, bound - step, bound, bound + 1, bound - 1, bound + 0.5]),
                                st.floats(bound - 2, bound + 2, allow_nan=False, allow_infinity=False),
                            )
                        )

                muts.append((f"{name} around {kw}", around))
        for kw in ("maxLength", "minLength"):
            if kw in prop:
                limit = int(prop[kw])

                def length(p: dict[str, Any], d: st.DataObject, name: str = name, limit: int = limit) -> None:
                    size = d.draw(st.integers(max(0, limit - 2), limit + 2))
                    filler = d.draw(st.sampled_from(["x", "é", "字", " "]))
                    p[name] = filler * size

                muts.append((f"{name} around {kw}", length))
        if isinstance(prop.get("enum"), list):
            allowed = [v for v in prop["enum"] if isinstance(v, str)]
            misses = sorted({m for v in allowed for m in (v + "x", v.upper(), " " + v, v[:-1], v.title())} | {""})

            def enum_miss(
                p: dict[str, Any],
                d: st.DataObject,
                name: str = name,
                misses: list[str] = misses,
                allowed: list[str] = allowed,
            ) -> None:
                p[name] = d.draw(st.one_of(st.sampled_from(misses), st.sampled_from(allowed), st.text(max_size=8)))

            muts.append((f"{name} outside enum", enum_miss))
        if isinstance(kind, str) and kind in _FOREIGN_VALUES:

            def wrong_type(p: dict[str, Any], d: st.DataObject, name: str = name, kind: str = kind) -> None:
                p[name] = d.draw(st.sampled_from(_FOREIGN_VALUES[kind]))

            muts.append((f"{name} wrong type", wrong_type))

    for text in schema.get("x-dependencies") or []:
        rule = parse_rule(text)
        for keep in (False, True):

            def dependency(p: dict[str, Any], d: st.DataObject, rule: DependencyRule = rule, keep: bool = keep) -> None:
                _steer_dependency(p, d, rule, props, keep)

            muts.append((f"{'keep' if keep else 'break'} {text}", dependency))

    def extra_property(p: dict[str, Any], d: st.DataObject) -> None:
        key = d.draw(st.text(min_size=1, max_size=12).filter(lambda k: k not in props))
        p[key] = d.draw(st.one_of(st.none(), st.integers(), st.text(max_size=5)))

    muts.append(("unknown extra property", extra_property))
    return muts


def _set_value(p: dict[str, Any], d: st.DataObject, field: str, props: dict[str, dict[str, Any]]) -> None:
    p[field] = d.draw(_field_values(props.get(field, {})).filter(lambda v: v is not None and v != ""))


def _steer_dependency(
    p: dict[str, Any], d: st.DataObject, rule: DependencyRule, props: dict[str, dict[str, Any]], keep: bool
) -> None:
    """Make ``rule`` apply to the payload, then break it (``keep=False``) or satisfy it."""
    if isinstance(rule, Conditional):
        for pred in rule.when:
            if pred.op == "set":
                _set_value(p, d, pred.field, props)
            elif pred.op == "unset":
                p.pop(pred.field, None)
            elif pred.op == "eq":
                p[pred.field] = pred.literal
            else:
                allowed = [v for v in props.get(pred.field, {}).get("enum") or [] if v != pred.literal]
                if allowed:
                    p[pred.field] = d.draw(st.sampled_from(allowed))
                else:
                    p.pop(pred.field, None)
        for field in rule.then:
            if keep:
                _set_value(p, d, field, props)
            elif d.draw(st.booleans()):
                p.pop(field, None)
            else:
                p[field] = d.draw(st.sampled_from(["", None]))
        return
    fields = list(rule.fields)
    if keep:
        wanted = {"Or": 1, "OnlyOne": 1, "AllOrNone": len(fields), "ZeroOrOne": 1}[rule.kind]
    else:
        wanted = {"Or": 0, "OnlyOne": 2 if len(fields) > 1 else 0, "AllOrNone": 1, "ZeroOrOne": 2}[rule.kind]
    for i, field in enumerate(fields):
        if i < wanted:
            _set_value(p, d, field, props)
        else:
            p.pop(field, None)


# -- the properties -----------------------------------------------------------------------------


def test_valid_payloads_agree_with_reference(
    json_schema: dict[str, Any], reference: Reference, capsys: pytest.CaptureFixture[str]
) -> None:
    tally = {"valid": 0, "invalid": 0}
    strategy = valid_payloads(json_schema)

    @settings(SETTINGS, max_examples=VALID_EXAMPLES)
    @given(payload=strategy)
    def run(payload: dict[str, Any]) -> None:
        _check(payload, reference, tally)

    run()
    _report(capsys, "from_schema", tally)
    assert tally["valid"] + tally["invalid"] >= VALID_EXAMPLES
    assert tally["valid"] >= VALID_EXAMPLES // 2, "the generator of valid payloads rarely produced valid ones"


def test_mutated_payloads_agree_with_reference(
    request_schema: dict[str, Any],
    json_schema: dict[str, Any],
    reference: Reference,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every mutation gets its own Hypothesis run (so none is starved), sometimes followed by a second one."""
    tally = {"valid": 0, "invalid": 0}
    mutations = _mutations(request_schema)
    base = valid_payloads(json_schema)
    per_mutation = max(PER_MUTATION_MIN, -(-MUTATED_EXAMPLES // len(mutations)))

    def runner(first: Mutation) -> Callable[[], None]:
        @settings(SETTINGS, max_examples=per_mutation)
        @given(data=st.data())
        def run(data: st.DataObject) -> None:
            payload = data.draw(base)
            first(payload, data)
            if data.draw(st.booleans()):
                _, second = data.draw(st.sampled_from(mutations))
                second(payload, data)
            _check(payload, reference, tally)

        return run

    for label, first in mutations:
        try:
            runner(first)()
        except AssertionError as exc:
            raise AssertionError(f"mutation {label!r}: {exc}") from exc

    _report(capsys, "mutations", tally)
    assert tally["valid"] + tally["invalid"] >= MUTATED_EXAMPLES
    assert tally["invalid"] >= MUTATED_EXAMPLES // 3, "the mutations rarely produced invalid payloads"


def test_constructor_agrees_with_reference(
    json_schema: dict[str, Any],
    request_schema: dict[str, Any],
    reference: Reference,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Keyword construction validates like ``from_dict`` (all required keys given, so no TypeError)."""
    tally = {"valid": 0, "invalid": 0}
    props = set(request_schema["properties"])
    mutations = [m for m in _mutations(request_schema) if not m[0].startswith(("drop ", "unknown "))]
    base = valid_payloads(json_schema)

    @settings(SETTINGS, max_examples=150)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        payload = {k: v for k, v in data.draw(base).items() if k in props}
        if data.draw(st.booleans()):
            _, mutate = data.draw(st.sampled_from(mutations))
            mutate(payload, data)
        expected = reference.accepts(payload)
        tally["valid" if expected else "invalid"] += 1
        try:
            model = ImageGenerationRequest(**copy.deepcopy(payload))
        except RequestValidationError as err:
            assert not expected, f"constructor rejected a valid payload {payload!r}: {err}"
        else:
            assert expected, f"constructor accepted an invalid payload {payload!r}"
            assert model.to_dict() == payload

    run()
    _report(capsys, "constructor", tally)


def test_integral_float_for_integer_field_agrees_with_reference(
    request_schema: dict[str, Any], reference: Reference
) -> None:
    integer_fields = [n for n, p in request_schema["properties"].items() if p.get("type") == "integer"]
    assert integer_fields
    base = _minimal_valid(request_schema)
    assert reference.accepts(base)
    for name in integer_fields:
        prop = request_schema["properties"][name]
        value = float(prop.get("minimum", prop.get("maximum", 1)))
        payload = {**base, name: value}
        assert math.isfinite(value)
        accepted, _ = _verdict(payload)
        assert accepted == reference.accepts(payload), f"{name}={value!r}"


def _minimal_valid(schema: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in schema.get("required") or []:
        prop = schema["properties"][name]
        if prop.get("enum"):
            out[name] = prop["enum"][0]
        elif prop.get("type") == "integer":
            out[name] = int(prop.get("minimum", 1))
        elif prop.get("type") == "number":
            out[name] = prop.get("minimum", 0)
        else:
            out[name] = "x" * max(1, int(prop.get("minLength", 1)))
    return out
