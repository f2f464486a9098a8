"""Schema comparison with request/response direction.

Stage: diff. Input: an old and a new schema (request body, response body or
parameter schema) with their pointers and the operation they belong to.
Output: ``Change`` records appended to the ``DocPair``: type, nullability, enum,
length/size/range bounds (OpenAPI 3.0 boolean and 3.1 numeric exclusivity), multipleOf,
pattern, default, ``x-dependencies`` rules, and properties at any depth
(added, removed, requiredness), recursing through ``items``,
``additionalProperties`` and ``allOf``.

Direction decides severity: a request schema that accepts less breaks clients,
a response schema that may return more breaks them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal, Protocol

import attrs

from ..vocab.sourcemap import join_pointer
from ._docs import DocPair, Node, canonical, mapping, resolve
from ._rules import RULES

Direction = Literal["request", "response"]
_MAX_DEPTH = 64
_CATCH_ALL_PATTERNS = frozenset({".*", "^.*$", ".+", "^.+$", "(.*)", "[\\s\\S]*"})


@attrs.frozen(kw_only=True)
class Scope:
    """Where a schema sits: the direction, the operation, and how to name its root."""

    direction: Direction
    operation: str
    parameter: bool = False
    root_subject: str
    status: str = ""


@attrs.frozen(kw_only=True)
class _Bound:
    value: float
    exclusive: bool

    def show(self) -> str:
        shown = canonical(self.value)
        return f"{shown} (exclusive)" if self.exclusive else shown


def compare_schemas(docs: DocPair, scope: Scope, old: Node, new: Node) -> None:
    """Report every difference between two schemas that matters in ``scope.direction``."""
    _compare(
        docs,
        scope,
        resolve(docs.old, old.value, old.pointer),
        resolve(docs.new, new.value, new.pointer),
        (),
        frozenset(),
    )


def _compare(
    docs: DocPair, scope: Scope, old: Node, new: Node, path: tuple[str, ...], active: frozenset[tuple[str, str]]
) -> None:
    key = (old.pointer, new.pointer)
    if key in active or len(path) > _MAX_DEPTH:
        return
    active = active | {key}
    old_schema, new_schema = _flatten(docs.old, old), _flatten(docs.new, new)

    def emit(suffix: str, pointer: str = new.pointer, sub_path: tuple[str, ...] = path, **values: object) -> None:
        rule_id = _rule_id(scope, sub_path, suffix)
        if rule_id is not None:
            docs.report(
                rule_id, operation=scope.operation, pointer=pointer, subject=_subject(scope, sub_path), **values
            )

    if not _compare_type(scope, old_schema, new_schema, emit):
        return  # a different type makes every other keyword incomparable
    _compare_nullable(old_schema, new_schema, emit)
    _compare_enum(old_schema, new_schema, emit)
    _compare_bounds(old_schema, new_schema, emit)
    _compare_multiple_of(scope, old_schema, new_schema, emit)
    _compare_pattern(scope, old_schema, new_schema, emit)
    _compare_default(old_schema, new_schema, emit)
    _compare_dependencies(old_schema, new_schema, emit)
    _compare_properties(docs, scope, old, new, path, active, emit)
    for keyword in ("items", "additionalProperties"):
        old_sub, new_sub = old_schema.get(keyword), new_schema.get(keyword)
        if isinstance(old_sub, Mapping) and isinstance(new_sub, Mapping):
            _compare(
                docs,
                scope,
                resolve(docs.old, old_sub, join_pointer(old.pointer, keyword)),
                resolve(docs.new, new_sub, join_pointer(new.pointer, keyword)),
                (*path, keyword),
                active,
            )


class _Emit(Protocol):
    """The per-schema reporting callback: a rule suffix, optionally another pointer/property, message values."""

    def __call__(self, suffix: str, pointer: str = ..., sub_path: tuple[str, ...] = ..., **values: object) -> None: ...


def _rule_id(scope: Scope, path: tuple[str, ...], suffix: str) -> str | None:
    """The catalogue id for a schema change, or None when the change does not matter in this direction."""
    area = "request" if scope.direction == "request" else "response"
    root = "request-parameter" if scope.parameter else f"{area}-body"
    candidates = ([f"{root}-{suffix}"] if not path else []) + [f"{area}-property-{suffix}"]
    return next((c for c in candidates if c in RULES), None)


def _subject(scope: Scope, path: tuple[str, ...]) -> str:
    if not path:
        return scope.root_subject
    name = "/".join(path)
    if scope.parameter:
        return f"{scope.root_subject} property '{name}'"
    if scope.direction == "request":
        return f"request property '{name}'"
    return f"response property '{name}' (status {scope.status})"


def _flatten(document: Mapping[str, Any], node: Node) -> dict[str, Any]:
    """The schema's own keywords, with ``allOf`` members merged in (own keywords win)."""
    schema = dict(mapping(node.value))
    members = schema.pop("allOf", None)
    if not isinstance(members, list):
        return schema
    merged: dict[str, Any] = {}
    for index, member in enumerate(members):
        part = _flatten(document, resolve(document, member, join_pointer(node.pointer, "allOf", index)))
        for keyword, value in part.items():
            if keyword == "properties":
                merged.setdefault("properties", {}).update(mapping(value))
            elif keyword in ("required", "x-dependencies") and isinstance(value, list):
                merged.setdefault(keyword, []).extend(value)
            else:
                merged.setdefault(keyword, value)
    for keyword, value in schema.items():
        if keyword == "properties":
            merged.setdefault("properties", {}).update(mapping(value))
        elif keyword in ("required", "x-dependencies") and isinstance(value, list):
            merged.setdefault(keyword, []).extend(value)
        else:
            merged[keyword] = value
    return merged


def _types(schema: Mapping[str, Any]) -> frozenset[str] | None:
    """The allowed JSON types, or None for "any"; ``integer`` is implied by ``number``."""
    raw = schema.get("type")
    if isinstance(raw, str):
        names = {raw}
    elif isinstance(raw, list) and raw:
        names = {str(t) for t in raw}
    else:
        return None
    if "number" in names:
        names.add("integer")
    return frozenset(names)


def _show_type(schema: Mapping[str, Any]) -> str:
    raw = schema.get("type")
    text = "/".join(str(t) for t in raw) if isinstance(raw, list) else str(raw or "any")
    fmt = schema.get("format")
    return f"{text} ({fmt})" if fmt else text


def _compare_type(scope: Scope, old: Mapping[str, Any], new: Mapping[str, Any], emit: _Emit) -> bool:
    """Report a type or format change; False when the types differ (deeper comparison is skipped)."""
    old_types, new_types = _types(old), _types(new)
    old_shown, new_shown = _show_type(old), _show_type(new)
    if old_types != new_types:
        wider = new_types is None or (old_types is not None and old_types <= new_types)
        narrower = old_types is None or (new_types is not None and new_types <= old_types)
        emit(_type_suffix(scope.direction, wider=wider, narrower=narrower), old=old_shown, new=new_shown)
        return False
    old_format, new_format = old.get("format"), new.get("format")
    if old_format != new_format:
        emit(
            _type_suffix(scope.direction, wider=new_format is None, narrower=old_format is None),
            old=old_shown,
            new=new_shown,
        )
    return True


def _type_suffix(direction: Direction, *, wider: bool, narrower: bool) -> str:
    if direction == "request":
        return "type-generalized" if wider else "type-changed"
    if narrower:
        return "type-specialized"
    return "type-generalized" if wider else "type-changed"


def _compare_nullable(old: Mapping[str, Any], new: Mapping[str, Any], emit: _Emit) -> None:
    was, now = old.get("nullable") is True, new.get("nullable") is True
    if was != now:
        emit("became-nullable" if now else "became-not-nullable")


def _compare_enum(old: Mapping[str, Any], new: Mapping[str, Any], emit: _Emit) -> None:
    old_enum, new_enum = old.get("enum"), new.get("enum")
    if not isinstance(old_enum, list) and not isinstance(new_enum, list):
        return
    if not isinstance(old_enum, list):
        emit("became-enum", new=canonical(new_enum))
        return
    if not isinstance(new_enum, list):
        emit("enum-unset", old=canonical(old_enum))
        return
    old_values = {canonical(v): v for v in old_enum}
    new_values = {canonical(v): v for v in new_enum}
    for shown in sorted(old_values.keys() - new_values.keys()):
        emit("enum-value-removed", value=shown)
    for shown in sorted(new_values.keys() - old_values.keys()):
        emit("enum-value-added", value=shown)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _compare_bounds(old: Mapping[str, Any], new: Mapping[str, Any], emit: _Emit) -> None:
    # minLength is 0 when absent (as in oasdiff); the others distinguish "set" from "changed".
    _compare_bound(emit, "max-length", "maxLength", _plain(old, "maxLength"), _plain(new, "maxLength"), upper=True)
    _compare_bound(
        emit, "min-length", "minLength", _plain(old, "minLength", 0), _plain(new, "minLength", 0), upper=False
    )
    _compare_bound(emit, "max-items", "maxItems", _plain(old, "maxItems"), _plain(new, "maxItems"), upper=True)
    _compare_bound(emit, "min-items", "minItems", _plain(old, "minItems"), _plain(new, "minItems"), upper=False)
    _compare_bound(emit, "max", "maximum", _range(old, upper=True), _range(new, upper=True), upper=True)
    _compare_bound(emit, "min", "minimum", _range(old, upper=False), _range(new, upper=False), upper=False)


def _plain(schema: Mapping[str, Any], keyword: str, absent: float | None = None) -> _Bound | None:
    value = _number(schema.get(keyword))
    if value is None:
        value = absent
    return None if value is None else _Bound(value=value, exclusive=False)


def _range(schema: Mapping[str, Any], *, upper: bool) -> _Bound | None:
    """The effective maximum/minimum, from 3.0 (boolean exclusive flag) or 3.1 (numeric exclusive) keywords."""
    inclusive_key, exclusive_key = ("maximum", "exclusiveMaximum") if upper else ("minimum", "exclusiveMinimum")
    inclusive, exclusive = _number(schema.get(inclusive_key)), schema.get(exclusive_key)
    candidates: list[_Bound] = []
    if inclusive is not None:
        candidates.append(_Bound(value=inclusive, exclusive=exclusive is True))
    if (exclusive_value := _number(exclusive)) is not None:
        candidates.append(_Bound(value=exclusive_value, exclusive=True))
    if not candidates:
        return None
    # The tightest bound wins; at equal values an exclusive bound is tighter.
    if upper:
        return min(candidates, key=lambda b: (b.value, not b.exclusive))
    return max(candidates, key=lambda b: (b.value, b.exclusive))


def _compare_bound(
    emit: _Emit, name: str, keyword: str, old: _Bound | None, new: _Bound | None, *, upper: bool
) -> None:
    if old == new:
        return
    if old is None and new is not None:
        prefix = f"exclusive-{name}" if new.exclusive else name
        emit(f"{prefix}-set", keyword=_keyword(keyword, new), new=new.show())
        return
    if new is None and old is not None:
        emit(f"{name}-unset", keyword=keyword, old=old.show())
        return
    assert old is not None and new is not None
    # When only exclusivity flipped, an upper bound that became exclusive went down, a lower one went up.
    flipped_down = new.exclusive if upper else not new.exclusive
    went_down = new.value < old.value if new.value != old.value else flipped_down
    action = "decreased" if went_down else "increased"
    prefix = f"exclusive-{name}" if new.exclusive or old.exclusive else name
    emit(f"{prefix}-{action}", keyword=_keyword(keyword, new if new.exclusive else old), old=old.show(), new=new.show())


def _keyword(keyword: str, bound: _Bound) -> str:
    return f"exclusive {keyword}" if bound.exclusive else keyword


def _compare_multiple_of(scope: Scope, old: Mapping[str, Any], new: Mapping[str, Any], emit: _Emit) -> None:
    """A new step that is a multiple of the old one accepts fewer values; a divisor of it accepts more."""
    old_step, new_step = _number(old.get("multipleOf")), _number(new.get("multipleOf"))
    if old_step == new_step:
        return
    if old_step is None:
        emit("multiple-of-set", new=canonical(new_step))
    elif new_step is None:
        emit("multiple-of-unset", old=canonical(old_step))
    elif _divides(old_step, new_step):  # e.g. 0.5 -> 1: fewer values
        if scope.direction == "request":
            emit("multiple-of-changed", old=canonical(old_step), new=canonical(new_step))
    elif _divides(new_step, old_step) and scope.direction == "request":  # e.g. 1 -> 0.5: more values
        emit("multiple-of-generalized", old=canonical(old_step), new=canonical(new_step))
    else:
        emit("multiple-of-changed", old=canonical(old_step), new=canonical(new_step))


def _divides(step: float, value: float) -> bool:
    if step == 0:
        return False
    quotient = Decimal(str(value)) / Decimal(str(step))
    return quotient == quotient.to_integral_value()


def _compare_pattern(scope: Scope, old: Mapping[str, Any], new: Mapping[str, Any], emit: _Emit) -> None:
    old_pattern, new_pattern = old.get("pattern"), new.get("pattern")
    if old_pattern == new_pattern:
        return
    if old_pattern is None:
        emit("pattern-added", new=canonical(new_pattern))
    elif new_pattern is None:
        emit("pattern-removed", old=canonical(old_pattern))
    elif scope.direction == "request" and new_pattern in _CATCH_ALL_PATTERNS:
        emit("pattern-generalized", old=canonical(old_pattern), new=canonical(new_pattern))
    else:
        emit("pattern-changed", old=canonical(old_pattern), new=canonical(new_pattern))


def _compare_default(old: Mapping[str, Any], new: Mapping[str, Any], emit: _Emit) -> None:
    had, has = "default" in old, "default" in new
    if had and has:
        if canonical(old["default"]) != canonical(new["default"]):
            emit("default-value-changed", old=canonical(old["default"]), new=canonical(new["default"]))
    elif has:
        emit("default-value-added", new=canonical(new["default"]))
    elif had:
        emit("default-value-removed", old=canonical(old["default"]))


def normalize_rule(rule: Any) -> str:
    """An ``x-dependencies`` rule in a form where spacing and the final ``;`` do not matter."""
    if not isinstance(rule, str):
        return canonical(rule)
    return " ".join(rule.split()).rstrip(";").rstrip()


def _compare_dependencies(old: Mapping[str, Any], new: Mapping[str, Any], emit: _Emit) -> None:
    old_rules = {normalize_rule(r): r for r in old.get("x-dependencies") or [] if r is not None}
    new_rules = {normalize_rule(r): r for r in new.get("x-dependencies") or [] if r is not None}
    for rule in sorted(new_rules.keys() - old_rules.keys()):
        emit("dependency-added", value=rule)
    for rule in sorted(old_rules.keys() - new_rules.keys()):
        emit("dependency-removed", value=rule)


def _properties(document: Mapping[str, Any], node: Node) -> dict[str, Node]:
    """Property name -> resolved schema with the pointer where it is written, ``allOf`` included."""
    result: dict[str, Node] = {}
    schema = mapping(node.value)
    for index, member in enumerate(schema.get("allOf") or []):
        result.update(_properties(document, resolve(document, member, join_pointer(node.pointer, "allOf", index))))
    for name, sub in mapping(schema.get("properties")).items():
        result[str(name)] = resolve(document, sub, join_pointer(node.pointer, "properties", str(name)))
    return result


def _hidden(scope: Scope, schema: Any) -> bool:
    """readOnly properties are never sent, writeOnly ones never received."""
    keyword = "readOnly" if scope.direction == "request" else "writeOnly"
    return mapping(schema).get(keyword) is True


def _compare_properties(
    docs: DocPair,
    scope: Scope,
    old: Node,
    new: Node,
    path: tuple[str, ...],
    active: frozenset[tuple[str, str]],
    emit: _Emit,
) -> None:
    old_props, new_props = _properties(docs.old, old), _properties(docs.new, new)
    old_required = {str(n) for n in _flatten(docs.old, old).get("required") or []}
    new_required = {str(n) for n in _flatten(docs.new, new).get("required") or []}
    request = scope.direction == "request"
    for name in sorted(old_props.keys() - new_props.keys()):
        if _hidden(scope, old_props[name].value):
            continue
        was_required = name in old_required
        suffix = "removed" if request else ("required-removed" if was_required else "optional-removed")
        _report_property(docs, scope, suffix, old_props[name].pointer, (*path, name))
    for name in sorted(new_props.keys() - old_props.keys()):
        if _hidden(scope, new_props[name].value):
            continue
        required = name in new_required
        suffix = "required-added" if required else "optional-added"
        _report_property(docs, scope, suffix, new_props[name].pointer, (*path, name))
    for name in sorted(old_props.keys() & new_props.keys()):
        old_prop, new_prop = old_props[name], new_props[name]
        if not (_hidden(scope, old_prop.value) or _hidden(scope, new_prop.value)):
            was, now = name in old_required, name in new_required
            if was != now:
                emit("became-required" if now else "became-optional", pointer=new_prop.pointer, sub_path=(*path, name))
        _compare(docs, scope, old_prop, new_prop, (*path, name), active)


def _report_property(docs: DocPair, scope: Scope, suffix: str, pointer: str, path: tuple[str, ...]) -> None:
    """Property added/removed: these ids do not follow the area-prefix pattern."""
    if scope.direction == "response":
        rule_id = f"response-{suffix.replace('-', '-property-', 1)}"
    elif suffix == "removed":
        rule_id = "request-property-removed"
    else:
        rule_id = f"new-{suffix.split('-')[0]}-request-property"
    docs.report(rule_id, operation=scope.operation, pointer=pointer, subject=_subject(scope, path))
