"""Repair what Apifox and other tools write that OpenAPI forbids, so a client can still come from it.

Stage 1: load (pure). Input: one parsed document, its line map and its OpenAPI
version. Output: the document repaired in place and one warning per repair at
the repaired key. Each repair keeps the author's meaning:

* a security requirement carrying ``x-apifox``/``x-apidog`` bookkeeping loses those keys;
* a security scheme of ``type: bearer`` becomes ``type: http`` with ``scheme: bearer``;
* a response without ``description`` gets an empty one;
* an operation's ``title`` (not an OpenAPI field) becomes its ``summary`` when it has none;
* in a 3.0 document, JSON Schema words from 3.1: ``type: 'null'`` and type lists become
  ``nullable``, ``const`` becomes a one-value ``enum``, ``examples`` becomes ``example``;
* a ``default`` whose value does not fit its own schema (type, enum, length, bounds) is dropped;
* a ``$ref`` such as ``#/$defs/X`` written inside an embedded JSON Schema (relative to that
  schema, not to the document) is pointed at the ``$defs`` of the nearest enclosing schema that has X.
"""

from __future__ import annotations

from typing import Any

from ..vocab.findings import Finding
from ..vocab.openapi import HTTP_METHODS, iter_operations, lookup, ref_pointer, schema_roots, walk_schema
from ..vocab.sourcemap import SourceMap, join_pointer, split_pointer, walk_objects

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


class _Repairs:
    def __init__(self, source_map: SourceMap) -> None:
        self.source_map = source_map
        self.findings: list[Finding] = []

    def note(self, pointer: str, message: str, code: str = "spec-repaired") -> None:
        self.findings.append(Finding(level="warning", code=code, message=message, pointer=pointer,
                                     location=self.source_map.locate(pointer)))  # fmt: skip


def repair_document(document: dict[str, Any], source_map: SourceMap, version: str) -> list[Finding]:
    repairs = _Repairs(source_map)
    _embedded_refs(document, repairs)
    _security(document, repairs)
    _schemes(document, repairs)
    _operations(document, repairs)
    for root, schema in [*schema_roots(document), *_component_schemas(document)]:
        for pointer, node in walk_schema(root, schema):
            if version.startswith("3.0"):
                _downgrade_keywords(node, pointer, repairs)
            _default(node, pointer, repairs)
    return repairs.findings


def _component_schemas(document: dict[str, Any]) -> list[tuple[str, Any]]:
    """Schemas inside shared parameters, bodies, responses and headers (``schema_roots`` reaches them by $ref)."""
    components = document.get("components")
    found: list[tuple[str, Any]] = []
    for section in ("parameters", "headers"):
        entries = components.get(section) if isinstance(components, dict) else None
        for name, entry in entries.items() if isinstance(entries, dict) else ():
            if isinstance(entry, dict):
                found.append((join_pointer("/components", section, name, "schema"), entry.get("schema")))
    for section in ("requestBodies", "responses"):
        entries = components.get(section) if isinstance(components, dict) else None
        for name, entry in entries.items() if isinstance(entries, dict) else ():
            content = entry.get("content") if isinstance(entry, dict) else None
            for ctype, media in content.items() if isinstance(content, dict) else ():
                if isinstance(media, dict):
                    found.append((join_pointer("/components", section, name, "content", ctype, "schema"),
                                  media.get("schema")))  # fmt: skip
    return found


def _requirements(document: dict[str, Any]) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = [("/security", document.get("security"))]
    found.extend((join_pointer(op.pointer, "security"), op.node.get("security")) for op in iter_operations(document))
    return found


def _security(document: dict[str, Any], repairs: _Repairs) -> None:
    for base, requirements in _requirements(document):
        if not isinstance(requirements, list):
            continue
        for index, requirement in enumerate(requirements):
            if not isinstance(requirement, dict):
                continue
            for key in [k for k in requirement if isinstance(k, str) and k.startswith("x-")]:
                del requirement[key]
                repairs.note(join_pointer(base, index, key),
                             f"security requirement {index} carries the tool's own {key!r} object, which OpenAPI "
                             "does not allow there; it was removed")  # fmt: skip


def _schemes(document: dict[str, Any], repairs: _Repairs) -> None:
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(schemes, dict):
        return
    for name, scheme in schemes.items():
        if isinstance(scheme, dict) and str(scheme.get("type", "")).lower() == "bearer":
            scheme["type"] = "http"
            scheme.setdefault("scheme", "bearer")
            repairs.note(join_pointer("/components/securitySchemes", name, "type"),
                         f"security scheme {name!r} has type 'bearer'; read as type 'http' with scheme 'bearer'")  # fmt: skip


def _operations(document: dict[str, Any], repairs: _Repairs) -> None:
    paths = document.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        for method in HTTP_METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if not isinstance(op, dict):
                continue
            pointer = join_pointer("/paths", path, method)
            if "title" in op:
                title = op.pop("title")
                used = isinstance(title, str) and bool(title.strip()) and not op.get("summary")
                if used:
                    op["summary"] = title
                what = "used as its summary" if used else "removed"
                repairs.note(join_pointer(pointer, "title"),
                             f"{method.upper()} {path} has a 'title', which operations do not have; {what}")  # fmt: skip
            responses = op.get("responses")
            for status, response in responses.items() if isinstance(responses, dict) else ():
                if isinstance(response, dict) and "$ref" not in response and "description" not in response:
                    response["description"] = ""
                    repairs.note(join_pointer(pointer, "responses", status),
                                 f"response {status} of {method.upper()} {path} has no description (required); "
                                 "an empty one was assumed")  # fmt: skip


def _downgrade_keywords(node: dict[str, Any], pointer: str, repairs: _Repairs) -> None:
    kind = node.get("type")
    if kind == "null":
        del node["type"]
        node["nullable"] = True
        repairs.note(join_pointer(pointer, "type"), "type 'null' is OpenAPI 3.1; in this 3.0 document it is read as "
                                                    "nullable: true")  # fmt: skip
    elif isinstance(kind, list) and all(isinstance(t, str) for t in kind):
        rest = [t for t in kind if t != "null"]
        if len(rest) <= 1:
            if rest:
                node["type"] = rest[0]
            else:
                del node["type"]
            if "null" in kind:
                node["nullable"] = True
            repairs.note(join_pointer(pointer, "type"), f"type list {kind!r} is OpenAPI 3.1; in this 3.0 document "
                                                        "it is read as one type (and nullable)")  # fmt: skip
    if "const" in node and "enum" not in node:
        node["enum"] = [node.pop("const")]
        repairs.note(join_pointer(pointer, "const"), "'const' is OpenAPI 3.1; in this 3.0 document it is read as a "
                                                     "one-value enum")  # fmt: skip
    if isinstance(node.get("examples"), list):
        examples = node.pop("examples")
        if examples and "example" not in node:
            node["example"] = examples[0]
        repairs.note(join_pointer(pointer, "examples"), "'examples' in a schema is OpenAPI 3.1; in this 3.0 document "
                                                        "its first value is read as 'example'")  # fmt: skip


def default_problem(schema: dict[str, Any], value: Any) -> str | None:
    """Why ``value`` cannot be ``schema``'s default (its own type, enum, length and bounds), or None."""
    if value is None:
        types = schema.get("type")
        nullable = schema.get("nullable") is True or (isinstance(types, list) and "null" in types)
        return None if nullable or types is None else "null is not allowed"
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
    expected = tuple(t for k in kinds if isinstance(k, str) for t in _TYPES.get(k, ()))
    if expected and (not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected)):
        return f"{value!r} is not of type {'/'.join(str(k) for k in kinds)}"
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and value not in enum:
        return f"{value!r} is not one of the enum values"
    if isinstance(value, str):
        low, high = schema.get("minLength"), schema.get("maxLength")
        if isinstance(low, int) and len(value) < low:
            return f"{value!r} is shorter than minLength {low}"
        if isinstance(high, int) and len(value) > high:
            return f"{value!r} is longer than maxLength {high}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        low, high = schema.get("minimum"), schema.get("maximum")
        if isinstance(low, int | float) and value < low:
            return f"{value!r} is below the minimum {low}"
        if isinstance(high, int | float) and value > high:
            return f"{value!r} is above the maximum {high}"
    return None


def _default(node: dict[str, Any], pointer: str, repairs: _Repairs) -> None:
    if "default" not in node:
        return
    problem = default_problem(node, node["default"])
    if problem is not None:
        del node["default"]
        repairs.note(join_pointer(pointer, "default"), f"the default does not fit its schema ({problem}); "
                                                       "it was dropped", code="default-mismatch")  # fmt: skip


def _embedded_refs(document: dict[str, Any], repairs: _Repairs) -> None:
    for pointer, node in list(walk_objects(document)):
        ref = node.get("$ref")
        target = ref_pointer(ref)
        if (
            target is None
            or not target.startswith(("/$defs/", "/definitions/"))
            or lookup(document, target) is not None
        ):
            continue
        tokens = split_pointer(pointer)
        for end in range(len(tokens) - 1, 0, -1):
            base = join_pointer("", *tokens[:end])
            if lookup(document, base + target) is not None:
                node["$ref"] = "#" + base + target
                repairs.note(join_pointer(pointer, "$ref"), f"$ref {ref!r} does not resolve from the document "
                             f"root; read as the enclosing schema's {node['$ref']!r}")  # fmt: skip
                break
