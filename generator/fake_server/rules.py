"""Evaluating ``x-dependencies`` rules (the IDL subset of ``generator.idl``) for the fake server.

Parsing is ``generator.idl.parse_rule``, the project's one grammar. The
evaluation here is a separate, deliberately plain reading of the semantics,
so the fake server checks the generated client's validators rather than
sharing their code:

* a field is *set* when present, not null and not the empty string;
* ``IF p1 AND p2 THEN f1 AND f2;``: when every predicate holds, every ``f`` must be set;
* ``field==lit`` holds when the field is set and equals the typed literal
  (``true`` is a boolean, ``2`` a number, ``'x'`` a string; ``1`` is not
  ``true``); ``field!=lit`` is its negation, so it holds for an absent field;
  ``field IN (a, b)`` holds when the field is set and equals one of them;
* ``Or``: at least one set; ``OnlyOne``: exactly one; ``AllOrNone``: all or
  none; ``ZeroOrOne``: at most one.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..vocab.idl import Conditional, DependencyRule, Predicate, parse_rule

__all__ = ["ParsedDependency", "parse_dependency", "violation"]


@attrs.frozen(kw_only=True)
class ParsedDependency:
    """A rule with the text it came from, for error messages."""

    text: str
    rule: DependencyRule


def parse_dependency(text: str) -> ParsedDependency:
    """Parse one rule; ``ValueError`` on anything outside the grammar."""
    return ParsedDependency(text=text, rule=parse_rule(text))


def is_set(body: Mapping[str, object], field: str) -> bool:
    value = body.get(field)
    return value is not None and value != ""


def _equal(value: object, literal: object) -> bool:
    if isinstance(value, bool) or isinstance(literal, bool):
        return isinstance(value, bool) and isinstance(literal, bool) and value is literal
    return value == literal


def _holds(body: Mapping[str, object], pred: Predicate) -> bool:
    if pred.op == "set":
        return is_set(body, pred.field)
    if pred.op == "unset":
        return not is_set(body, pred.field)
    value = body.get(pred.field)
    if pred.op == "in":
        return is_set(body, pred.field) and any(_equal(value, option) for option in pred.options)
    equal = is_set(body, pred.field) and _equal(value, pred.literal)
    return equal if pred.op == "eq" else not equal


def violation(body: Mapping[str, object], parsed: ParsedDependency) -> str | None:
    """Describe how ``body`` breaks the rule, or None when it satisfies it."""
    rule = parsed.rule
    if isinstance(rule, Conditional):
        if all(_holds(body, p) for p in rule.when):
            missing = [f for f in rule.then if not is_set(body, f)]
            if missing:
                return f"{', '.join(missing)} required by rule {parsed.text!r}"
        return None
    count = sum(1 for f in rule.fields if is_set(body, f))
    broken = {
        "Or": count == 0,
        "OnlyOne": count != 1,
        "AllOrNone": count not in (0, len(rule.fields)),
        "ZeroOrOne": count > 1,
    }[rule.kind]
    if broken:
        return f"rule {parsed.text!r} not met ({count} of {', '.join(rule.fields)} given)"
    return None
