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
    op: str  # set, unset, ==, !=, in
    value: Any  # a typed literal, or a tuple of them for ``in``


@attrs.frozen(kw_only=True)
class DependencySpec:
    rule: str
    kind: str
    fields: tuple[str, ...]
    conditions: tuple[ConditionSpec, ...]
    evidence: str
    sentence: str = ""


def _evidence(schema: Mapping[str, Any], keyword: str) -> str:
    found = schema.get(EVIDENCE_KEY, {})
    if isinstance(found, dict) and isinstance(found.get(keyword), str):
        return str(found[keyword])
    return f"schema keyword {keyword}"


_JSON_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object"})


def schema_types(schema: Mapping[str, Any]) -> tuple[list[str], bool]:
    """The JSON types a schema allows (3.0 ``type`` or 3.1 type list) and whether it allows null."""
    raw = schema.get("type")
    names = [raw] if isinstance(raw, str) else [t for t in raw if isinstance(t, str)] if isinstance(raw, list) else []
    nullable = schema.get("nullable") is True or "null" in names
    return [t for t in names if t in _JSON_TYPES], nullable


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _keyword_rules(field: str, schema: Mapping[str, Any], *, items: bool) -> list[RuleSpec]:
    rules: list[RuleSpec] = []
    types, _ = schema_types(schema)
    if types:
        value: Any = types[0] if len(types) == 1 else tuple(types)
        rules.append(RuleSpec(field=field, keyword="type", value=value, evidence=f"type: {value}", items=items))
    for keyword in RULE_KEYWORDS:
        if keyword not in schema:
            continue
        value = schema[keyword]
        if keyword in ("exclusiveMinimum", "exclusiveMaximum"):
            # OpenAPI 3.0 spells exclusive bounds as booleans beside minimum/maximum; 3.1 as numbers.
            if value is True:
                value = schema.get("minimum" if keyword == "exclusiveMinimum" else "maximum")
            if not _number(value):
                continue
        elif keyword in ("minimum", "maximum") and schema.get("exclusive" + keyword.capitalize()) is True:
            continue
        if keyword == "enum" and not isinstance(value, list):
            continue
        if keyword in ("minimum", "maximum", "multipleOf") and not _number(value):
            continue
        if keyword in ("maxLength", "minLength", "maxItems", "minItems") and (
            not isinstance(value, int) or isinstance(value, bool)
        ):
            continue
        if keyword == "pattern" and not isinstance(value, str):
            continue
        rules.append(
            RuleSpec(field=field, keyword=keyword, value=value, evidence=_evidence(schema, keyword), items=items)
        )
    if "const" in schema and "enum" not in schema:
        rules.append(RuleSpec(field=field, keyword="enum", value=[schema["const"]], evidence="const", items=items))
    return rules


def property_rules(field: str, schema: Any, document: Mapping[str, Any]) -> list[RuleSpec]:
    resolved = flatten(document, schema)
    rules = []
    if schema_types(resolved)[1]:
        rules.append(RuleSpec(field=field, keyword="nullable", value=True, evidence="nullable: true"))
    rules.extend(_keyword_rules(field, resolved, items=False))
    if "array" in schema_types(resolved)[0]:
        rules.extend(_keyword_rules(field, flatten(document, resolved.get("items")), items=True))
    return rules


def flatten(document: Mapping[str, Any], schema: Any) -> dict[str, Any]:
    """``schema`` with its ``$ref`` chain followed and ``allOf`` members merged in (properties, required,
    keywords); what validation and typing read. Bounded: a cycle of allOf ends the merge."""
    merged: dict[str, Any] = {}
    stack = [schema]
    seen: set[int] = set()
    while stack and len(seen) < 64:
        node = resolve_schema(document, stack.pop(0))
        if id(node) in seen:
            continue
        seen.add(id(node))
        for key, value in node.items():
            if key == "allOf" and isinstance(value, list):
                stack.extend(value)
            elif key == "properties" and isinstance(value, dict):
                merged.setdefault("properties", {}).update({k: v for k, v in value.items() if k not in
                                                             merged.get("properties", {})})  # fmt: skip
            elif key == "required" and isinstance(value, list):
                merged.setdefault("required", [])
                merged["required"] += [r for r in value if r not in merged["required"]]
            else:
                merged.setdefault(key, value)
    return merged


def object_rules(schema: Mapping[str, Any], document: Mapping[str, Any]) -> list[RuleSpec]:
    schema = flatten(document, schema)
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
_OPS = {"set": "set", "unset": "unset", "eq": "==", "ne": "!=", "in": "in"}


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
        group = DependencySpec(
            rule=text, kind=_GROUP_KINDS[rule.kind], fields=tuple(rule.fields), conditions=(), evidence=evidence
        )
        return attrs.evolve(group, sentence=dependency_sentence(group))
    conditions = tuple(
        ConditionSpec(field=p.field, op=_OPS[p.op], value=p.options if p.op == "in" else p.literal) for p in rule.when
    )
    spec = DependencySpec(rule=text, kind="if", fields=tuple(rule.then), conditions=conditions, evidence=evidence)
    return attrs.evolve(spec, sentence=dependency_sentence(spec))


def show(value: Any) -> str:
    """A value as the docs show it: strings quoted, integral floats without ``.0``."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def dependency_sentence(dep: DependencySpec) -> str:
    """A dependency rule as a sentence: "image_reference is required when model_name is "kling-v1-5" and image is set"."""
    fields = " and ".join(dep.fields)
    if dep.kind == "if":
        conditions = " and ".join(condition_text(c.field, c.op, c.value) for c in dep.conditions)
        verb = "is" if len(dep.fields) == 1 else "are"
        return f"{fields} {verb} required when {conditions}"
    listed = ", ".join(dep.fields)
    return {
        "or": f"at least one of {listed} is required",
        "only_one": f"exactly one of {listed} must be set",
        "all_or_none": f"{listed} must be set together or not at all",
        "zero_or_one": f"at most one of {listed} may be set",
    }.get(dep.kind, dep.rule)


def condition_text(field: str, op: str, value: Any) -> str:
    if op == "set":
        return f"{field} is set"
    if op == "unset":
        return f"{field} is not set"
    if op == "in":
        return f"{field} is " + " or ".join(show(v) for v in value)
    return f"{field} is {show(value)}" if op == "==" else f"{field} is not {show(value)}"


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
