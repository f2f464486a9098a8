# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Request validation driven by rules the generator derived from the spec.

Every generated request model carries a tuple of ``Rule`` and ``Dependency``
records (keyword, value and the spec sentence each came from) and calls
``validate_payload`` on its wire form. The first violation raises
``RequestValidationError`` naming the field, the rule, the offending value and
the evidence, so a caller learns before spending credits what the API would
reject. Response models never call this: servers may add values and fields.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, Final, Literal

import attrs

from ._errors import RequestValidationError

DependencyKind = Literal["if", "or", "only_one", "all_or_none", "zero_or_one"]
ConditionOp = Literal["set", "unset", "==", "!="]

_TYPE_NAMES: Final = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "array": "an array",
    "object": "an object",
}


@attrs.frozen(kw_only=True)
class Rule:
    """One schema keyword on one wire field; ``items`` applies it to each array element."""

    field: str
    keyword: str
    value: Any
    evidence: str = ""
    items: bool = False


@attrs.frozen(kw_only=True)
class Condition:
    field: str
    op: ConditionOp
    value: str | None = None


@attrs.frozen(kw_only=True)
class Dependency:
    """A compiled ``x-dependencies`` rule (IDL subset), with its source text and evidence."""

    rule: str
    kind: DependencyKind
    fields: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()
    evidence: str = ""


def is_set(payload: Mapping[str, Any], field: str) -> bool:
    """IDL's notion of a parameter being given: present, not null, not an empty string."""
    value = payload.get(field)
    return value is not None and value != ""


def _holds(payload: Mapping[str, Any], cond: Condition) -> bool:
    if cond.op == "set":
        return is_set(payload, cond.field)
    if cond.op == "unset":
        return not is_set(payload, cond.field)
    value = payload.get(cond.field)
    raw = getattr(value, "value", value)
    equal = is_set(payload, cond.field) and str(raw) == cond.value
    return equal if cond.op == "==" else not equal


def dependency_violated(payload: Mapping[str, Any], dep: Dependency) -> bool:
    given = sum(1 for f in dep.fields if is_set(payload, f))
    if dep.kind == "if":
        return all(_holds(payload, c) for c in dep.conditions) and given < len(dep.fields)
    if dep.kind == "or":
        return given == 0
    if dep.kind == "only_one":
        return given != 1
    if dep.kind == "all_or_none":
        return given not in (0, len(dep.fields))
    return given > 1  # zero_or_one


def _fail(model: str, rule: Rule, value: Any, detail: str) -> RequestValidationError:
    evidence = f' (spec: "{rule.evidence}")' if rule.evidence else ""
    return RequestValidationError(
        field=rule.field,
        rule=rule.keyword,
        value=value,
        evidence=rule.evidence,
        message=f"{model}.{rule.field}: {detail}; got {_show(value)}{evidence}",
    )


def _show(value: Any) -> str:
    text = repr(getattr(value, "value", value))
    return text if len(text) <= 80 else text[:77] + "..."


def _type_ok(value: Any, expected: str) -> bool:
    if expected == "string":
        return isinstance(value, str)
    if expected == "integer":
        # OpenAPI 3.0 (JSON Schema draft 4): 2.0 is a number, not an integer, and the API rejects it.
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "number":
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and not (isinstance(value, float) and math.isnan(value))
        )
    if expected == "boolean":
        return isinstance(value, bool)
    if expected == "array":
        return isinstance(value, list | tuple)
    if expected == "object":
        return isinstance(value, Mapping)
    return True


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def check_value(model: str, rule: Rule, value: Any) -> None:
    """Raise if ``value`` breaks ``rule`` (which is never ``required``, checked by the caller)."""
    kw, limit = rule.keyword, rule.value
    if kw == "type":
        if not _type_ok(value, limit):
            raise _fail(model, rule, value, f"must be {_TYPE_NAMES.get(limit, limit)}")
        return
    raw = getattr(value, "value", value)
    if kw == "enum":
        if not any((raw == allowed and type(raw) is type(allowed)) or _num_eq(raw, allowed) for allowed in limit):
            raise _fail(model, rule, value, "must be one of " + ", ".join(repr(v) for v in limit))
    elif kw == "maxLength" and isinstance(raw, str) and len(raw) > limit:
        raise _fail(model, rule, value, f"must be at most {limit} characters (has {len(raw)})")
    elif kw == "minLength" and isinstance(raw, str) and len(raw) < limit:
        raise _fail(model, rule, value, f"must be at least {limit} characters (has {len(raw)})")
    elif kw == "pattern" and isinstance(raw, str) and _compiled(limit).search(raw) is None:
        raise _fail(model, rule, value, f"must match the pattern {limit!r}")
    elif kw in ("maxItems", "minItems") and isinstance(raw, list | tuple):
        if (kw == "maxItems" and len(raw) > limit) or (kw == "minItems" and len(raw) < limit):
            bound = "at most" if kw == "maxItems" else "at least"
            raise _fail(model, rule, value, f"must have {bound} {limit} items (has {len(raw)})")
    elif _is_number(raw):
        _check_bound(model, rule, value, raw)


def _num_eq(a: Any, b: Any) -> bool:
    return _is_number(a) and _is_number(b) and a == b


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_bound(model: str, rule: Rule, value: Any, raw: float) -> None:
    kw, limit = rule.keyword, rule.value
    if kw == "minimum" and raw < limit:
        raise _fail(model, rule, value, f"must be >= {limit}")
    if kw == "maximum" and raw > limit:
        raise _fail(model, rule, value, f"must be <= {limit}")
    if kw == "exclusiveMinimum" and raw <= limit:
        raise _fail(model, rule, value, f"must be > {limit}")
    if kw == "exclusiveMaximum" and raw >= limit:
        raise _fail(model, rule, value, f"must be < {limit}")
    if kw == "multipleOf" and limit and not math.isclose(raw / limit, round(raw / limit)):
        raise _fail(model, rule, value, f"must be a multiple of {limit}")


def validate_payload(
    model: str,
    payload: Mapping[str, Any],
    rules: Sequence[Rule],
    dependencies: Sequence[Dependency] = (),
) -> None:
    """Check a request model's wire form; raises on the first violation (required fields first,
    then field by field in spec order, then the dependency rules)."""
    for rule in rules:
        if rule.keyword == "required" and rule.field not in payload:
            raise _fail(model, rule, None, "is required")
    nullable = {rule.field for rule in rules if rule.keyword == "nullable" and rule.value}
    for rule in rules:
        if rule.keyword in ("required", "nullable") or rule.field not in payload:
            continue
        value = payload[rule.field]
        if value is None:
            if rule.field in nullable:
                continue
            raise _fail(model, rule, value, "must not be null")
        if rule.items:
            if isinstance(value, list | tuple):
                for item in value:
                    check_value(model, rule, item)
            continue
        check_value(model, rule, value)
    for dep in dependencies:
        if dependency_violated(payload, dep):
            missing = [f for f in dep.fields if not is_set(payload, f)]
            evidence = f' (spec: "{dep.evidence}")' if dep.evidence else ""
            raise RequestValidationError(
                field=(missing or list(dep.fields))[0],
                rule="x-dependencies",
                value=None,
                evidence=dep.evidence,
                message=f"{model}: dependency rule {dep.rule} is not met{evidence}",
            )
