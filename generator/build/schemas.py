"""Stage 5, build: schemas to Python types, and the models and enums that gives.

Input: the augmented document (OpenAPI 3.0 or 3.1), the naming scopes, and
which schemas requests reach. Output: a ``TypeRef`` for any schema, while the
models (objects with properties) and enums it meets are registered once per
schema, named from their component key, their ``title`` or where they sit
(``ImageGenerationRequestAspectRatio``). Handled: ``$ref`` chains (any local
pointer, ``$defs`` included), ``allOf`` (merged), ``oneOf``/``anyOf`` and 3.1
type lists (unions), ``nullable`` and ``null``, ``const``, ``enum`` (string or
integer values, ``x-enum-varnames``), ``prefixItems``, ``additionalProperties``,
the formats ``date-time``, ``date``, ``uuid`` and ``binary``. Anything else
becomes ``Any``: a schema the generator cannot type never stops the build.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..vocab import keys
from ..vocab.openapi import lookup, ref_pointer, resolve
from ..vocab.sourcemap import SourceMap, join_pointer
from . import docstrings
from .naming import MODEL_ATTRIBUTES, NameScope, natural_name
from .rules import DependencySpec, RuleSpec, flatten, object_dependencies, object_rules, schema_types
from .views import EnumView, FieldView, ImageView, ModelView, TypeRef

ANY = TypeRef(kind="any")
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_FORMATS = {"date-time": "datetime", "date": "date", "uuid": "uuid"}
_RATIO = re.compile(r"^(\d+):(\d+)$")
ENUM_RESERVED = frozenset({"UNKNOWN", "name", "value", "mro"})


def _is_object(schema: Mapping[str, Any]) -> bool:
    types, _ = schema_types(schema)
    return bool(schema.get("properties")) and (not types or "object" in types)


class SchemaTyper:
    """Types schemas and registers the models and enums it meets (one per schema pointer)."""

    def __init__(
        self,
        document: Mapping[str, Any],
        *,
        classes: NameScope,
        modules: NameScope,
        request_pointers: set[str],
        response_pointers: set[str],
        source_map: SourceMap | None = None,
    ) -> None:
        self.document = document
        self.classes = classes
        self.modules = modules
        self.request_pointers = request_pointers
        self.response_pointers = response_pointers
        self.source_map = source_map
        self.models: dict[str, ModelView] = {}
        self.enums: dict[str, EnumView] = {}
        self._names: dict[str, tuple[str, str]] = {}  # pointer -> (class, module), set before the fields are built
        self.scopes: list[NameScope] = []

    # -- entry points ----------------------------------------------------------

    def type_of(self, schema: Any, pointer: str, context: str) -> tuple[TypeRef, bool]:
        """The type of ``schema`` (found at ``pointer``) and whether it allows null."""
        return self._type(schema, pointer, context, depth=0)

    def model_for(self, schema: Any, pointer: str, context: str) -> ModelView | None:
        """The model of an object schema (registering it), or None when the schema is not an object."""
        ref, _ = self._type(schema, pointer, context, depth=0)
        return self.models.get(self._pointer_of(ref)) if ref.kind == "model" else None

    def _pointer_of(self, ref: TypeRef) -> str:
        return next((p for p, (name, _) in self._names.items() if name == ref.target), "")

    # -- typing ----------------------------------------------------------------

    def _type(self, schema: Any, pointer: str, context: str, depth: int) -> tuple[TypeRef, bool]:
        if depth > 32 or not isinstance(schema, Mapping):
            return ANY, False
        if "$ref" in schema:
            target = ref_pointer(schema.get("$ref"))
            node, where = resolve(self.document, schema, pointer)
            if target is None or not isinstance(node, Mapping) or not node:
                return ANY, False
            name = where.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~") if where else context
            ref_type, nullable = self._type(node, where, name, depth + 1)
            return ref_type, nullable or schema.get("nullable") is True
        types, nullable = schema_types(schema)
        if isinstance(schema.get("allOf"), list):
            members = [m for m in schema["allOf"] if isinstance(m, Mapping)]
            if len(members) == 1 and not schema.get("properties"):
                inner, inner_null = self._type(members[0], join_pointer(pointer, "allOf", 0), context, depth + 1)
                return inner, nullable or inner_null
            flat = flatten(self.document, schema)
            if _is_object(flat) or flat.get("properties"):
                return self._model(flat, pointer, schema, context), nullable
        for union_key in ("oneOf", "anyOf"):
            if isinstance(schema.get(union_key), list) and schema[union_key]:
                return self._union(schema, union_key, pointer, context, depth, nullable)
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            enum_type = self._enum(schema, enum, pointer, context)
            if enum_type is not None:
                return enum_type, nullable or None in enum
        if len(types) > 1:
            variants = tuple(self._type({**schema, "type": t}, pointer, context, depth + 1)[0] for t in types)
            return TypeRef(kind="union", items=variants), nullable
        kind = types[0] if types else ""
        if kind == "array" or (not kind and "items" in schema):
            return self._array(schema, pointer, context, depth), nullable
        if kind == "object" or (not kind and ("properties" in schema or "additionalProperties" in schema)):
            if _is_object(schema) or (schema.get("properties") and not kind):
                return self._model(schema, pointer, schema, context), nullable
            extra = schema.get("additionalProperties")
            if isinstance(extra, Mapping) and extra:
                value, _ = self._type(
                    extra, join_pointer(pointer, "additionalProperties"), context + "Value", depth + 1
                )
                return TypeRef(kind="map", items=(value,)), nullable
            return TypeRef(kind="map", items=(ANY,)), nullable
        if kind == "string":
            fmt = schema.get("format")
            if fmt == "binary":
                return TypeRef(kind="bytes"), nullable
            return TypeRef(kind=_FORMATS.get(str(fmt), "str")), nullable  # type: ignore[arg-type]
        if kind in _SCALARS:
            return TypeRef(kind=_SCALARS[kind]), nullable  # type: ignore[arg-type]
        if "const" in schema:
            value = schema["const"]
            scalar = {str: "str", bool: "bool", int: "int", float: "float"}.get(type(value), "any")
            return TypeRef(kind=scalar), nullable or value is None  # type: ignore[arg-type]
        return ANY, nullable

    def _array(self, schema: Mapping[str, Any], pointer: str, context: str, depth: int) -> TypeRef:
        members: list[TypeRef] = []
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list):
            for index, item in enumerate(prefix):
                members.append(self._type(item, join_pointer(pointer, "prefixItems", index), context + "Item",
                                          depth + 1)[0])  # fmt: skip
        items = schema.get("items")
        if isinstance(items, Mapping):
            item_type, item_null = self._type(items, join_pointer(pointer, "items"), context + "Item", depth + 1)
            members.append(item_type)
            if item_null:
                members.append(TypeRef(kind="null"))
        unique: list[TypeRef] = []
        for member in members:
            if member not in unique:
                unique.append(member)
        if not unique:
            return TypeRef(kind="list", items=(ANY,))
        inner = unique[0] if len(unique) == 1 else TypeRef(kind="union", items=tuple(unique))
        return TypeRef(kind="list", items=(inner,))

    def _union(
        self, schema: Mapping[str, Any], key: str, pointer: str, context: str, depth: int, nullable: bool
    ) -> tuple[TypeRef, bool]:
        members: list[TypeRef] = []
        for index, member in enumerate(schema[key]):
            if not isinstance(member, Mapping):
                continue
            if schema_types(member)[0] == [] and member.get("type") == "null":
                nullable = True
                continue
            hint = str(member.get("title") or f"{context}{index + 1}")
            member_type, member_null = self._type(member, join_pointer(pointer, key, index), hint, depth + 1)
            nullable = nullable or member_null
            if member_type.kind == "null":
                nullable = True
            elif member_type not in members:
                members.append(member_type)
        if any(m.kind == "any" for m in members) or not members:
            return ANY, nullable
        if len(members) == 1:
            return members[0], nullable
        return TypeRef(kind="union", items=tuple(members)), nullable

    # -- classes ---------------------------------------------------------------

    def _claim(self, pointer: str, wanted: str) -> tuple[str, str]:
        if pointer in self._names:
            return self._names[pointer]
        class_name = self.classes.allocate(wanted, "pascal", pointer=pointer)
        module = self.modules.allocate(class_name, "snake", pointer=pointer)
        self._names[pointer] = (class_name, module)
        return class_name, module

    def _request(self, pointer: str) -> bool:
        """Request style for what requests reach, and for schemas nothing reaches (components kept for users)."""
        return pointer in self.request_pointers or pointer not in self.response_pointers

    def _model(self, flat: Mapping[str, Any], pointer: str, raw: Mapping[str, Any], context: str) -> TypeRef:
        if pointer in self._names:
            name, module = self._names[pointer]
            return TypeRef(kind="model", target=name, module=module)
        title = raw.get("title") if isinstance(raw.get("title"), str) and raw.get("title") else None
        class_name, module = self._claim(pointer, str(title or context))
        flat = flatten(self.document, flat)
        request = self._request(pointer)
        scope = NameScope(f"attributes of {class_name}", MODEL_ATTRIBUTES)
        self.scopes.append(scope)
        required = {r for r in flat.get("required") or [] if isinstance(r, str)}
        rules = tuple(object_rules(flat, self.document))
        dependencies = tuple(object_dependencies(flat, pointer=pointer, source_map=self.source_map))
        fields: list[FieldView] = []
        raw_properties = flat.get("properties")
        properties: Mapping[str, Any] = raw_properties if isinstance(raw_properties, Mapping) else {}
        for wire, prop in properties.items():
            wire = str(wire)
            prop_pointer = join_pointer(pointer, "properties", wire)
            resolved = flatten(self.document, prop)
            rename = prop.get(keys.NAME) if isinstance(prop, Mapping) else None
            attr = scope.allocate(str(rename or wire), "snake", pointer=prop_pointer)
            prop_type, nullable = self._type(prop, prop_pointer, class_name + natural_name(wire, "pascal"), 1)
            field_rules = tuple(r for r in rules if r.field == wire)
            fields.append(
                FieldView(
                    attr=attr,
                    wire=wire,
                    type=prop_type,
                    required=wire in required,
                    nullable=nullable,
                    description=str(resolved.get("description") or ""),
                    rules=field_rules,
                    default=resolved.get("default"),
                    image=image_view(resolved),
                    docline=_docline(
                        wire, str(resolved.get("description") or ""), field_rules, dependencies, wire in required
                    ),
                )
            )
        extra = flat.get("additionalProperties")
        extras = ANY
        if isinstance(extra, Mapping) and extra:
            extras = self._type(extra, join_pointer(pointer, "additionalProperties"), class_name + "Value", 1)[0]
        description = str(flat.get("description") or "")
        self.models[pointer] = ModelView(
            class_name=class_name,
            module=module,
            pointer=pointer,
            request=request,
            fields=tuple(fields),
            rules=rules,
            dependencies=dependencies,
            extras=extras,
            docstring=_model_docstring(class_name, str(title or ""), description, fields, request),
        )
        return TypeRef(kind="model", target=class_name, module=module)

    def _enum(self, schema: Mapping[str, Any], values: list[Any], pointer: str, context: str) -> TypeRef | None:
        present = [v for v in values if v is not None]
        if not present:
            return None
        if all(isinstance(v, str) for v in present):
            value_type = "str"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            value_type = "int"
        else:
            return None
        if pointer in self.enums:
            view = self.enums[pointer]
            return TypeRef(kind="enum", target=view.class_name, module=view.module, literal=view.literal)
        title = schema.get("title") if isinstance(schema.get("title"), str) and schema.get("title") else None
        class_name, module = self._claim(pointer, str(title or context))
        literal = self.classes.allocate(class_name + "Value", "pascal", pointer=pointer)
        members_scope = NameScope(f"members of {class_name}", ENUM_RESERVED)
        self.scopes.append(members_scope)
        varnames = schema.get("x-enum-varnames")
        names = varnames if isinstance(varnames, list) and len(varnames) == len(values) else [None] * len(values)
        members: list[tuple[str, Any]] = []
        seen: set[Any] = set()
        for value, varname in zip(values, names, strict=True):
            if value is None or (value, type(value)) in seen:
                continue
            seen.add((value, type(value)))
            wanted = str(varname) if isinstance(varname, str) and varname.strip() else _member_hint(value, class_name)
            members.append((members_scope.allocate(wanted, "upper", pointer=pointer), value))
        view = EnumView(
            class_name=class_name,
            module=module,
            pointer=pointer,
            value_type=value_type,  # type: ignore[arg-type]
            members=tuple(members),
            literal=literal,
            docstring=docstrings.compose(
                summary=str(title or schema.get("description") or f"The values of ``{context}``."),
                extra=("Values: " + ", ".join(repr(v) for _, v in members) + ".",),
            ),
        )
        self.enums[pointer] = view
        return TypeRef(kind="enum", target=class_name, module=module, literal=literal)


def _member_hint(value: Any, class_name: str) -> str:
    """A readable member name: the value itself when it is a word, ``RATIO_16_9`` for ratios, else prefixed."""
    text = str(value)
    ratio = _RATIO.match(text)
    if ratio:
        return f"RATIO_{ratio.group(1)}_{ratio.group(2)}"
    if isinstance(value, int):
        return f"VALUE_{'NEGATIVE_' if value < 0 else ''}{abs(value)}"
    if text[:1].isdigit():
        words = re.findall(r"[A-Z][a-z0-9]*", class_name)
        return f"{(words[-1] if words else 'VALUE').upper()}_{text}"
    if not natural_name(text, "upper").strip("_") or not re.search(r"[0-9A-Za-z]", text):
        return "VALUE_" + hashlib.sha256(text.encode()).hexdigest()[:6].upper()
    return text


def image_view(schema: Mapping[str, Any]) -> ImageView | None:
    """``x-codegen-image`` of a schema: true (any image) or a mapping of limits, each with its evidence."""
    spec = schema.get(keys.IMAGE)
    if spec is True:
        return ImageView()
    if not isinstance(spec, Mapping):
        return None
    raw_evidence = spec.get("evidence")
    evidence: Mapping[str, Any] = raw_evidence if isinstance(raw_evidence, Mapping) else {}

    def number(key: str) -> int | None:
        value = spec.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None

    ratio = spec.get("ratio")
    formats = spec.get("formats")
    return ImageView(
        formats=tuple(str(f).lower() for f in formats) if isinstance(formats, list) and formats else None,
        formats_evidence=str(evidence.get("formats", "")),
        max_bytes=number("max-bytes"),
        max_bytes_evidence=str(evidence.get("max-bytes", "")),
        min_side=number("min-side"),
        min_side_evidence=str(evidence.get("min-side", "")),
        ratio=(str(ratio[0]), str(ratio[1])) if isinstance(ratio, list) and len(ratio) == 2 else None,
        ratio_evidence=str(evidence.get("ratio", "")),
    )


def _docline(
    wire: str, description: str, rules: tuple[RuleSpec, ...], dependencies: tuple[DependencySpec, ...], required: bool
) -> str:
    phrases = docstrings.rule_phrases(r for r in rules if r.keyword not in ("type", "required", "nullable"))
    if required:
        phrases.insert(0, "Required.")
    phrases.extend(docstrings.field_dependency_phrase(d, wire) for d in dependencies if wire in d.fields)
    text = " ".join(line.strip() for line in docstrings.argument_entry("x", description, phrases, ""))[3:].strip()
    return text or f"The {wire} field."


def _model_docstring(class_name: str, title: str, description: str, fields: list[FieldView], request: bool) -> str:
    lines = description.strip().split("\n", 1) if description.strip() else [""]
    summary = title or lines[0] or f"The ``{class_name}`` object."
    rest = (lines[1] if len(lines) > 1 else "") if not title else description
    entries = [docstrings.argument_entry(f.attr, f.docline, (), f"The ``{f.wire}`` field.") for f in fields]
    note = (
        "A request body: it checks the spec's rules when built; fields left UNSET are not sent."
        if request
        else "An answer: fields the server left out read as None; to_dict() gives back what it sent."
    )
    return docstrings.compose(summary=summary, description=rest, extra=(note,), args=entries).replace(
        "\nArgs:\n", "\nAttributes:\n"
    )


def reachable(document: Mapping[str, Any], roots: Iterable[str]) -> set[str]:
    """The pointer of every schema node below ``roots``, following local ``$ref``s (each target once)."""
    found: set[str] = set()
    stack = [(root, lookup(document, root)) for root in roots]
    while stack:
        pointer, node = stack.pop()
        if not isinstance(node, Mapping) or pointer in found:
            continue
        found.add(pointer)
        target = ref_pointer(node.get("$ref"))
        if target is not None:
            stack.append((target, lookup(document, target)))
        for key in ("items", "additionalProperties", "not", "contains", "propertyNames"):
            if isinstance(node.get(key), Mapping):
                stack.append((join_pointer(pointer, key), node[key]))
        for key in ("allOf", "anyOf", "oneOf", "prefixItems"):
            if isinstance(node.get(key), list):
                stack.extend((join_pointer(pointer, key, i), v) for i, v in enumerate(node[key]))
        for key in ("properties", "patternProperties", "$defs", "definitions"):
            if isinstance(node.get(key), Mapping):
                stack.extend((join_pointer(pointer, key, k), v) for k, v in node[key].items())
    return found
