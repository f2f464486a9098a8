"""Stage 3: extract. Conditions of a rule: "multi_shot is true", "`mode` 为 `pro`", "neither a nor b is set".

Input: a condition clause with code quotes and glosses dropped, the property's own name, and the
object's fields with their known values. Output: ``idl.Predicate`` tuples typed to the sibling's
schema ("true" on a boolean is ``True``), or a string saying why the clause names no condition.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from ...vocab import idl
from ._decide import UNFIT, same_value, type_literal


@attrs.frozen(kw_only=True)
class Field:
    """A sibling field as conditions see it: its type, and its allowed values (stated or extracted), typed."""

    values: tuple[object, ...] | None = None
    type: str | None = None


Fields = Mapping[str, Field]


FIELD = r"(?<![A-Za-z0-9_.\-])[A-Za-z0-9_.\-]{1,64}"
VALUE = r"[A-Za-z0-9_.:+\-/@#*=]{1,64}"
_SPLIT_AND = re.compile(r"(?i),?\s{1,2}and\s{1,2}|并且|且|同时")

# (shape, pattern) in order: emptiness before inequality before equality, because "is not empty" also reads "is not X".
_PREDICATES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("use", re.compile(r"(?i)(?:using|use|you use|selecting|使用|选择|选用)\s{0,2}(?P<v>" + VALUE + r")")),
    ("use", re.compile(r"(?i)(?P<v>" + VALUE + r")\s{1,2}is\s{1,2}(?:used|selected)")),
    ("set", re.compile(r"(?i)(?P<f>" + FIELD + r")\s{1,2}(?:is|are)\s{1,2}(?:not\s{1,2}empty|set|provided|specified|"
                       r"passed|present|given|not\s{1,2}null)")),
    ("set", re.compile(r"(?P<f>" + FIELD + r")\s{0,2}(?:不为空|非空|有值|已设置|已传入|不为null)")),
    ("set", re.compile(r"(?i)(?:传入了?|设置了|提供了?|指定了?|(?:you\s{1,2})?(?:provide|pass|set|specify))\s{0,2}(?P<f>" + FIELD + r")")),
    ("unset", re.compile(r"(?i)(?P<f>" + FIELD + r")\s{1,2}(?:is|are)\s{1,2}(?:empty|null|omitted|absent|not\s{1,2}"
                         r"(?:set|provided|specified|passed|given))")),
    ("unset", re.compile(r"(?P<f>" + FIELD + r")\s{0,2}(?:为空|未设置|未传入|不传)")),
    ("unset", re.compile(r"(?:未传入?|不传|未提供|未设置|未指定|没有(?:提供|传入?))\s{0,2}(?:[\u4e00-\u9fff]{1,4}\s{0,2})?(?P<f>" + FIELD + r")")),
    ("ne", re.compile(r"(?i)(?P<f>" + FIELD + r")\s{1,2}(?:is\s{1,2}not|!=|does\s{1,2}not\s{1,2}equal)\s{1,2}(?P<v>" + VALUE + r")")),
    ("ne", re.compile(r"(?P<f>" + FIELD + r")\s{0,2}(?:不为|不是|!=|不等于)\s{0,2}(?P<v>" + VALUE + r")")),
    ("in", re.compile(r"(?i)(?P<f>" + FIELD + r")\s{1,2}(?:is|equals|is\s{1,2}set\s{1,2}to)\s{1,2}(?:either\s{1,2})?"
                      r"(?P<vs>" + VALUE + r"(?:\s{0,2},\s{0,2}" + VALUE + r"){0,8}\s{0,2},?\s{1,2}or\s{1,2}" + VALUE + r")")),
    ("in", re.compile(r"(?P<f>" + FIELD + r")\s{0,2}(?:为|是|等于)\s{0,2}(?P<vs>" + VALUE + r"(?:\s{0,2}(?:,|或)\s{0,2}" + VALUE + r"){1,8})")),
    ("eq", re.compile(r"(?i)(?P<f>" + FIELD + r")\s{1,2}(?:is|==|=|equals|is\s{1,2}set\s{1,2}to)\s{1,2}(?P<v>" + VALUE + r")")),
    ("eq", re.compile(r"(?P<f>" + FIELD + r")\s{0,2}(?:为|是|=|==|等于)\s{0,2}(?P<v>" + VALUE + r")")),
)  # fmt: skip

_NEITHER = re.compile(
    r"(?i)neither\s{1,2}(?P<a>" + FIELD + r")\s{1,2}nor\s{1,2}(?P<b>" + FIELD + r")\s{1,2}(?:is|are)\s{1,2}"
    r"(?:provided|set|specified|given|passed|present)"
)


def read_conditions(condition: str, own_name: str | None, fields: Fields) -> tuple[idl.Predicate, ...] | str:
    neither = _NEITHER.fullmatch(re.sub(r"(?i)\b(?:the|parameter|field|param)\b", " ", condition).strip())
    if neither is not None:  # "Required if neither models nor preset is provided"
        names = (neither.group("a"), neither.group("b"))
        if not all(n in fields and n != own_name for n in names):
            return f"{names!r} are not fields of this object"
        return tuple(idl.Predicate(field=n, op="unset") for n in names)
    found: list[idl.Predicate] = []
    for part in _SPLIT_AND.split(condition):
        # "Required if value of `type` is `questions`": the value of a field is the field
        cleaned = re.sub(r"(?i)\bvalue\s{1,2}of\b|\b(?:the|parameter|field|param)\b|参数|字段", " ", part)
        cleaned = re.sub(r"\s{2,}", " ", cleaned).strip(" ,")
        predicate = _predicate(cleaned, own_name, fields)
        if isinstance(predicate, str):
            return predicate
        found.append(predicate)
    return tuple(found) if found else "no condition found"


def _predicate(part: str, own_name: str | None, fields: Fields) -> idl.Predicate | str:
    for shape, pattern in _PREDICATES:
        match = pattern.fullmatch(part)
        if match is None:
            continue
        groups = match.groupdict()
        name, value = groups.get("f"), groups.get("v")
        name = field_named(name, fields) if name is not None else None
        if shape == "use" and value is not None:
            return resolve_value(value, own_name, fields)
        if name is None or name not in fields or name == own_name:
            if shape == "eq" and value is not None:
                return resolve_value(value, own_name, fields)
            own = fields.get(own_name or "")
            if shape == "set" and name is not None and own is not None and own_name is not None:
                literal = typed(own, name) if own.values else None
                if literal is not None:  # "When `REQUIRED` is specified": one of this field's own values
                    return idl.Predicate(field=own_name, op="eq", literal=literal)
            return f"{name!r} is not a field of this object"
        if shape in ("set", "unset"):
            return idl.Predicate(field=name, op="set" if shape == "set" else "unset")
        raw = [v for v in re.split(r"\s{0,2}(?:,|\bor\b|或)\s{0,2}", groups["vs"]) if v] if shape == "in" else [value]
        if shape == "eq" and value is not None and "/" in value and typed(fields[name], value) is None:
            shape, raw = "in", value.split("/")  # "link_type=CUSTOM/EXTERNAL 时必填": either value
        literals: list[idl.Value] = []
        for text in raw:
            literal = _member(fields[name], text) if text is not None else None
            if literal is None:
                return f"{text!r} is not an allowed value of {name!r}"
            literals.append(literal)
        if not literals:
            return f"no value given for {name!r}"
        if shape == "in":
            return idl.Predicate(field=name, op="in", options=tuple(dict.fromkeys(literals)))
        return idl.Predicate(field=name, op="eq" if shape == "eq" else "ne", literal=literals[0])
    return f"cannot read the condition {part!r}"


def field_named(name: str, fields: Fields) -> str:
    """``link_type`` for the field ``linkType``: a protobuf name and its JSON name are one field."""
    if name in fields:
        return name
    folded = [f for f in fields if f.replace("_", "").lower() == name.replace("_", "").lower()]
    return folded[0] if len(folded) == 1 else name


def _member(field: Field, text: str) -> idl.Value | None:
    """``CUSTOM`` for ``LINK_TYPE_CUSTOM``: a protobuf enum's value named without its type prefix."""
    literal = typed(field, text)
    if literal is not None or not field.values or not re.fullmatch(r"[A-Z][A-Z0-9_]*", text):
        return literal
    members = [v for v in field.values if isinstance(v, str) and v.endswith("_" + text)]
    return members[0] if len(members) == 1 else None


def typed(field: Field, text: str) -> idl.Value | None:
    """``true`` for a boolean, ``720`` for an integer: the literal the field can hold, or None."""
    value = type_literal(text, field.type)
    if value is UNFIT or not isinstance(value, str | int | float | bool):
        return None
    if field.values is not None and not any(same_value(value, allowed) for allowed in field.values):
        return None
    return value


def resolve_value(value: str, own_name: str | None, fields: Fields) -> idl.Predicate | str:
    """``using kling-v1-5``: the one other field that has kling-v1-5 among its values."""
    if value in fields:  # "When using `tool_results`, `tools` must be passed": the field itself may be the condition
        return idl.Predicate(field=value)
    owners = [name for name, field in fields.items() if name != own_name and field.values and
              typed(field, value) is not None]  # fmt: skip
    if len(owners) != 1:
        return f"no single field takes the value {value!r}"
    literal = typed(fields[owners[0]], value)
    assert literal is not None
    return idl.Predicate(field=owners[0], op="eq", literal=literal)
