# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Request validation driven by rules the generator derived from the spec.

Every generated request model carries ``Rule`` and ``Dependency`` records
(keyword, value, and the spec sentence each came from) and calls
``validate_payload`` on its wire form. Every violation is collected, then one
``RequestValidationError`` lists them all, each naming the field, the rule,
the offending value and the evidence, so a caller learns before spending
credits everything the API would reject. Response models never call this:
servers may add values and fields.

Dependency conditions compare typed values (``multi_shot == True`` is a
boolean test, ``model_name IN ('a', 'b')`` a set), and each dependency carries
the sentence it is reported with.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, Final, Literal

import attrs

from ._errors import RequestValidationError, Violation

__all__ = ["Condition", "Dependency", "Rule", "dependency_violated", "is_set", "validate_payload"]

DependencyKind = Literal["if", "or", "only_one", "all_or_none", "zero_or_one"]
ConditionOp = Literal["set", "unset", "==", "!=", "in"]

_TYPE_NAMES: Final = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "array": "an array",
    "object": "an object",
    "null": "null",
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
    """``field`` is set / unset, equals (or not) ``value``, or is one of the ``value`` tuple (``in``)."""

    field: str
    op: ConditionOp
    value: Any = None


@attrs.frozen(kw_only=True)
class Dependency:
    """A compiled ``x-dependencies`` rule, the sentence it reads as, and the spec sentence it came from."""

    rule: str
    kind: DependencyKind
    fields: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()
    evidence: str = ""
    sentence: str = ""


def is_set(payload: Mapping[str, Any], field: str) -> bool:
    """A parameter counts as given when it is present, not null and not an empty string."""
    value = payload.get(field)
    return value is not None and value != ""


def _same(a: Any, b: Any) -> bool:
    """JSON equality: ``True`` is not ``1``, ``1`` equals ``1.0``."""
    a = getattr(a, "value", a)
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)


def _holds(payload: Mapping[str, Any], cond: Condition) -> bool:
    if cond.op == "set":
        return is_set(payload, cond.field)
    if cond.op == "unset":
        return not is_set(payload, cond.field)
    given = is_set(payload, cond.field)
    value = payload.get(cond.field)
    if cond.op == "in":
        return given and any(_same(value, option) for option in cond.value)
    equal = given and _same(value, cond.value)
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


def _type_ok(value: Any, expected: str) -> bool:
    if expected == "string":
        return isinstance(value, str)
    if expected == "integer":
        # JSON Schema integers: 2.0 is a number, not an integer, and the API rejects it.
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
    if expected == "null":
        return value is None
    return True


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _problem(rule: Rule, value: Any) -> str | None:
    """What is wrong with ``value`` under ``rule``, or None when it holds."""
    kw, limit = rule.keyword, rule.value
    if kw == "type":
        types = limit if isinstance(limit, list | tuple) else (limit,)
        if not any(_type_ok(value, t) for t in types):
            return "must be " + " or ".join(str(_TYPE_NAMES.get(t, t)) for t in types)
        return None
    raw = getattr(value, "value", value)
    if kw == "enum":
        if not any(_same(raw, allowed) for allowed in limit):
            return "must be one of " + ", ".join(repr(v) for v in limit)
    elif kw == "maxLength" and isinstance(raw, str) and len(raw) > limit:
        return f"must be at most {limit} characters (has {len(raw)})"
    elif kw == "minLength" and isinstance(raw, str) and len(raw) < limit:
        return f"must be at least {limit} characters (has {len(raw)})"
    elif kw == "pattern" and isinstance(raw, str) and _compiled(limit).search(raw) is None:
        return f"must match the pattern {limit!r}"
    elif kw in ("maxItems", "minItems") and isinstance(raw, list | tuple):
        if (kw == "maxItems" and len(raw) > limit) or (kw == "minItems" and len(raw) < limit):
            bound = "at most" if kw == "maxItems" else "at least"
            return f"must have {bound} {limit} items (has {len(raw)})"
    elif _is_number(raw):
        return _bound_problem(kw, limit, raw)
    return None


def _bound_problem(kw: str, limit: Any, raw: float) -> str | None:
    if kw == "minimum" and raw < limit:
        return f"must be >= {limit}"
    if kw == "maximum" and raw > limit:
        return f"must be <= {limit}"
    if kw == "exclusiveMinimum" and raw <= limit:
        return f"must be > {limit}"
    if kw == "exclusiveMaximum" and raw >= limit:
        return f"must be < {limit}"
    if kw == "multipleOf" and limit and not math.isclose(raw / limit, round(raw / limit)):
        return f"must be a multiple of {limit}"
    return None


def violations(
    payload: Mapping[str, Any], rules: Sequence[Rule], dependencies: Sequence[Dependency] = ()
) -> list[Violation]:
    """Every rule ``payload`` breaks, in spec order: required fields, then field by field, then dependencies."""
    found: list[Violation] = []
    for rule in rules:
        if rule.keyword == "required" and rule.field not in payload:
            found.append(Violation(field=rule.field, rule="required", value=None, evidence=rule.evidence,
                                   detail="is required"))  # fmt: skip
    nullable = {rule.field for rule in rules if rule.keyword == "nullable" and rule.value}
    null_reported: set[str] = set()
    for rule in rules:
        if rule.keyword in ("required", "nullable") or rule.field not in payload:
            continue
        value = payload[rule.field]
        if value is None:
            if rule.field not in nullable and rule.field not in null_reported:
                null_reported.add(rule.field)
                found.append(Violation(field=rule.field, rule="nullable", value=None, evidence=rule.evidence,
                                       detail="must not be null"))  # fmt: skip
            continue
        items = value if rule.items and isinstance(value, list | tuple) else (() if rule.items else (value,))
        for item in items:
            problem = _problem(rule, item)
            if problem is not None:
                detail = f"items {problem}" if rule.items else problem
                found.append(Violation(field=rule.field, rule=rule.keyword, value=item, evidence=rule.evidence,
                                       detail=detail))  # fmt: skip
                break
    for dep in dependencies:
        if dependency_violated(payload, dep):
            missing = [f for f in dep.fields if not is_set(payload, f)]
            found.append(
                Violation(
                    field=(missing or list(dep.fields))[0],
                    rule="x-dependencies",
                    value=None,
                    evidence=dep.evidence,
                    detail=dep.sentence or f"dependency rule {dep.rule} is not met",
                )
            )
    return found


def validate_payload(
    model: str,
    payload: Mapping[str, Any],
    rules: Sequence[Rule],
    dependencies: Sequence[Dependency] = (),
) -> None:
    """Raise one ``RequestValidationError`` listing every rule ``payload`` breaks."""
    found = violations(payload, rules, dependencies)
    if found:
        raise RequestValidationError.of(model, tuple(found))
