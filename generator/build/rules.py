"""Stage 5, build: the validation rules the generated client enforces, from schema keywords.

Input: a schema (dict) of the augmented document, and the document its
``$ref``s resolve in. Output: ``RuleSpec``/``DependencySpec`` records in
wire-name terms, each carrying its evidence sentence, ready for templates to
print as data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..vocab import keys
from ..vocab.findings import SpecError
from ..vocab.idl import DependencyRule, Group, parse_rule
from ..vocab.openapi import resolve_schema
from ..vocab.sourcemap import SourceMap, join_pointer

RULE_KEYWORDS = (
    "enum",
    "maxLength",
    "minLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "maxItems",
    "minItems",
)
EVIDENCE_KEY = keys.EVIDENCE


@attrs.frozen(kw_only=True)
class RuleSpec:
    field: str
    keyword: str
    value: Any
    evidence: str
    items: bool = False


@attrs.frozen(kw_only=True)
class ConditionSpec:
    field: str
    op: str
    value: str | None


@attrs.frozen(kw_only=True)
class DependencySpec:
    rule: str
    kind: str
    fields: tuple[str, ...]
    conditions: tuple[ConditionSpec, ...]
    evidence: str


def _evidence(schema: Mapping[str, Any], keyword: str) -> str:
    found = schema.get(EVIDENCE_KEY, {})
    if isinstance(found, dict) and isinstance(found.get(keyword), str):
        return str(found[keyword])
    return f"schema keyword {keyword}"


def _keyword_rules(field: str, schema: Mapping[str, Any], *, items: bool) -> list[RuleSpec]:
    rules: list[RuleSpec] = []
    type_name = schema.get("type")
    if isinstance(type_name, str):
        rules.append(RuleSpec(field=field, keyword="type", value=type_name, evidence=f"type: {type_name}", items=items))
    for keyword in RULE_KEYWORDS:
        if keyword not in schema:
            continue
        value = schema[keyword]
        if keyword in ("exclusiveMinimum", "exclusiveMaximum"):
            # OpenAPI 3.0 spells exclusive bounds as booleans beside minimum/maximum.
            bound = schema.get("minimum" if keyword == "exclusiveMinimum" else "maximum")
            if value is not True or bound is None:
                continue
            value = bound
        elif keyword in ("minimum", "maximum") and schema.get("exclusive" + keyword.capitalize()) is True:
            continue
        if keyword == "enum" and not isinstance(value, list):
            continue
        rules.append(
            RuleSpec(field=field, keyword=keyword, value=value, evidence=_evidence(schema, keyword), items=items)
        )
    return rules


def property_rules(field: str, schema: Any, document: Mapping[str, Any]) -> list[RuleSpec]:
    resolved = resolve_schema(document, schema)
    rules = []
    if resolved.get("nullable") is True:
        rules.append(RuleSpec(field=field, keyword="nullable", value=True, evidence="nullable: true"))
    rules.extend(_keyword_rules(field, resolved, items=False))
    if resolved.get("type") == "array":
        rules.extend(_keyword_rules(field, resolve_schema(document, resolved.get("items")), items=True))
    return rules


def object_rules(schema: Mapping[str, Any], document: Mapping[str, Any]) -> list[RuleSpec]:
    properties = schema.get("properties") or {}
    required = [r for r in schema.get("required") or [] if isinstance(r, str)]
    rules = [
        RuleSpec(field=name, keyword="required", value=True, evidence=f"{name!s} is listed in required")
        for name in required
    ]
    if isinstance(properties, dict):
        for name, prop in properties.items():
            rules.extend(property_rules(name, prop, document))
    return rules


_GROUP_KINDS = {"Or": "or", "OnlyOne": "only_one", "AllOrNone": "all_or_none", "ZeroOrOne": "zero_or_one"}
_OPS = {"set": "set", "not": "unset", "unset": "unset", "eq": "==", "ne": "!=", "==": "==", "!=": "!="}


def object_dependencies(
    schema: Mapping[str, Any], *, pointer: str = "", source_map: SourceMap | None = None
) -> list[DependencySpec]:
    texts = schema.get("x-dependencies") or []
    evidence_map = (schema.get(EVIDENCE_KEY) or {}).get("x-dependencies") or {}
    specs = []
    for index, text in enumerate(texts if isinstance(texts, list) else []):
        try:
            rule = parse_rule(str(text))
        except ValueError as exc:
            where = source_map.locate(join_pointer(pointer, "x-dependencies", index)) if source_map else None
            raise SpecError(f"x-dependencies rule {text!r} is not valid: {exc}", where) from None
        evidence = evidence_map.get(text, "x-dependencies rule") if isinstance(evidence_map, dict) else ""
        specs.append(compile_dependency(rule, str(text), str(evidence)))
    return specs


def compile_dependency(rule: DependencyRule, text: str, evidence: str) -> DependencySpec:
    """Flatten an ``idl`` rule into plain data the runtime evaluates without a parser."""
    if isinstance(rule, Group):
        return DependencySpec(
            rule=text, kind=_GROUP_KINDS[rule.kind], fields=tuple(rule.fields), conditions=(), evidence=evidence
        )
    conditions = tuple(ConditionSpec(field=p.field, op=_OPS[p.op], value=p.literal) for p in rule.when)
    return DependencySpec(rule=text, kind="if", fields=tuple(rule.then), conditions=conditions, evidence=evidence)


def coerce_example(value: Any, rules: tuple[RuleSpec, ...]) -> Any:
    """A numeric string where the schema wants a number (the seed's ``"0.5"``) becomes that number."""
    wanted = next((r.value for r in rules if r.keyword == "type" and not r.items), None)
    if isinstance(value, str) and wanted in ("number", "integer"):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if wanted == "integer" and number.is_integer() else number
    return value


def example_passes(value: Any, rules: tuple[RuleSpec, ...]) -> bool:
    """Whether an example value satisfies the (non-dependency) rules of its field."""
    return all(rule.items or rule.keyword in ("required", "nullable") or _rule_holds(rule, value) for rule in rules)


def _rule_holds(rule: RuleSpec, value: Any) -> bool:
    kw, limit = rule.keyword, rule.value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if kw == "type":
        types = {
            "string": isinstance(value, str),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "number": number,
            "boolean": isinstance(value, bool),
            "array": isinstance(value, list),
            "object": isinstance(value, dict),
        }
        return bool(types.get(limit, True))
    if kw == "enum":
        return bool(value in limit)
    if isinstance(value, str) and kw in ("maxLength", "minLength"):
        return bool(len(value) <= limit if kw == "maxLength" else len(value) >= limit)
    if number and kw in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return bool(
            {
                "minimum": value >= limit,
                "maximum": value <= limit,
                "exclusiveMinimum": value > limit,
                "exclusiveMaximum": value < limit,
            }[kw]
        )
    return True
