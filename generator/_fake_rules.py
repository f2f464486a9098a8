"""A small evaluator of ``x-dependencies`` rules (an IDL subset) for the fake server.

Grammar, one rule per string::

    IF <pred> (AND <pred>)* THEN <field> (AND <field>)*;
    Or(a, b, ...);  OnlyOne(a, b, ...);  AllOrNone(a, b, ...);  ZeroOrOne(a, b, ...);

    pred := field | NOT field | field=='lit' | field!='lit'

A field is "set" when present, not null and not the empty string.
``field!='lit'`` holds unless the field is set and equal to ``lit`` (so it
holds for an absent field), matching the generated client's runtime.
Comparison is on the value's string form, so ``n=='2'`` matches ``2``.

Kept private to the fake server on purpose: it is an independent second
reading of the rules, so a bug in the generator's parser cannot hide itself
by being used on both sides of a test.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

import attrs

__all__ = ["DependencyRule", "RuleSyntaxError", "parse_dependency", "violation"]

GroupKind = Literal["Or", "OnlyOne", "AllOrNone", "ZeroOrOne"]


class RuleSyntaxError(ValueError):
    """The rule text does not follow the grammar in the module docstring."""


@attrs.frozen(kw_only=True)
class Predicate:
    field: str
    op: Literal["set", "unset", "==", "!="]
    literal: str | None = None


@attrs.frozen(kw_only=True)
class DependencyRule:
    text: str
    kind: Literal["IF"] | GroupKind
    fields: tuple[str, ...]
    conditions: tuple[Predicate, ...] = ()


_NAME = r"[A-Za-z_][A-Za-z0-9_.\-]*"
_IF = re.compile(r"^\s*IF\s+(?P<conds>.+?)\s+THEN\s+(?P<then>.+?)\s*;?\s*$", re.DOTALL)
_GROUP = re.compile(r"^\s*(?P<kind>Or|OnlyOne|AllOrNone|ZeroOrOne)\s*\((?P<args>[^)]*)\)\s*;?\s*$")
_PRED = re.compile(
    rf"^(?:(?P<not>NOT)\s+(?P<nfield>{_NAME})"
    rf"|(?P<field>{_NAME})\s*(?P<op>==|!=)\s*(?P<lit>'[^']*'|\"[^\"]*\"|[^\s']+)"
    rf"|(?P<sfield>{_NAME}))$"
)
_FIELD = re.compile(rf"^{_NAME}$")


def _split_and(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\s+AND\s+", text.strip()) if part.strip()]


def parse_dependency(text: str) -> DependencyRule:
    """Parse one rule; raise ``RuleSyntaxError`` on anything outside the grammar."""
    group = _GROUP.match(text)
    if group:
        fields = tuple(arg.strip() for arg in group["args"].split(",") if arg.strip())
        if len(fields) < 2 or not all(_FIELD.match(f) for f in fields):
            raise RuleSyntaxError(f"bad field list in {text!r}")
        kind: GroupKind = group["kind"]  # type: ignore[assignment]  # regex alternation
        return DependencyRule(text=text, kind=kind, fields=fields)
    match = _IF.match(text)
    if not match:
        raise RuleSyntaxError(f"not an IF/Or/OnlyOne/AllOrNone/ZeroOrOne rule: {text!r}")
    conditions: list[Predicate] = []
    for part in _split_and(match["conds"]):
        pred = _PRED.match(part)
        if not pred:
            raise RuleSyntaxError(f"bad predicate {part!r} in {text!r}")
        if pred["not"]:
            conditions.append(Predicate(field=pred["nfield"], op="unset"))
        elif pred["sfield"]:
            conditions.append(Predicate(field=pred["sfield"], op="set"))
        else:
            literal = pred["lit"]
            if literal[:1] in ("'", '"'):
                literal = literal[1:-1]
            op: Literal["==", "!="] = "==" if pred["op"] == "==" else "!="
            conditions.append(Predicate(field=pred["field"], op=op, literal=literal))
    then = tuple(_split_and(match["then"].rstrip(";")))
    if not then or not all(_FIELD.match(f) for f in then):
        raise RuleSyntaxError(f"bad THEN fields in {text!r}")
    return DependencyRule(text=text, kind="IF", fields=then, conditions=tuple(conditions))


def is_set(body: Mapping[str, object], field: str) -> bool:
    value = body.get(field)
    return value is not None and value != ""


def _holds(body: Mapping[str, object], pred: Predicate) -> bool:
    if pred.op == "set":
        return is_set(body, pred.field)
    if pred.op == "unset":
        return not is_set(body, pred.field)
    value = body.get(pred.field)
    # json gives True for true; IDL literals are written lower-case.
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    equal = is_set(body, pred.field) and shown == pred.literal
    return equal if pred.op == "==" else not equal


def violation(body: Mapping[str, object], rule: DependencyRule) -> str | None:
    """Describe how ``body`` breaks ``rule``, or None when it satisfies it."""
    given = [f for f in rule.fields if is_set(body, f)]
    if rule.kind == "IF":
        if all(_holds(body, c) for c in rule.conditions):
            missing = [f for f in rule.fields if f not in given]
            if missing:
                return f"{', '.join(missing)} required by rule {rule.text!r}"
        return None
    count, total = len(given), len(rule.fields)
    broken = {
        "Or": count == 0,
        "OnlyOne": count != 1,
        "AllOrNone": count not in (0, total),
        "ZeroOrOne": count > 1,
    }[rule.kind]
    if broken:
        return f"rule {rule.text!r} not met ({count} of {', '.join(rule.fields)} given)"
    return None
