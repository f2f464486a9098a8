"""OpenAPI basics every stage needs: HTTP methods, operations, local ``$ref`` resolution, security headers.

Stage: all. Input: an OpenAPI document as plain data (dicts, lists, scalars).
Output: iterators and resolved nodes; nothing is copied or changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from .sourcemap import join_pointer, split_pointer

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
IDEMPOTENT_METHODS = frozenset({"get", "head", "options", "put", "delete", "trace"})
# Headers the client sets itself: a spec parameter repeating them is redundant.
CONTENT_HEADERS = frozenset({"content-type", "accept"})
MAX_REF_HOPS = 64


@attrs.frozen(kw_only=True)
class Operation:
    """One method of one path item, with its pointer (``/paths/~1pets/get``)."""

    path: str
    method: str
    node: dict[str, Any]
    pointer: str

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


def iter_operations(document: Mapping[str, Any]) -> Iterator[Operation]:
    """Every operation object of ``document`` in document order (junk where a path item should be is skipped)."""
    paths = document.get("paths")
    if not isinstance(paths, Mapping):
        return
    for path, item in paths.items():
        if not isinstance(item, Mapping):
            continue
        for method in HTTP_METHODS:
            node = item.get(method)
            if isinstance(node, dict):
                yield Operation(path=str(path), method=method, node=node, pointer=join_pointer("/paths", path, method))


SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


def schema_roots(document: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Where schemas start: components, parameters, request bodies, responses."""
    for name, schema in ((document.get("components") or {}).get("schemas") or {}).items():
        yield join_pointer("/components/schemas", name), schema
    for operation in iter_operations(document):
        op, base = operation.node, operation.pointer
        for index, param in enumerate(op.get("parameters") or []):
            if isinstance(param, dict):
                yield join_pointer(base, "parameters", index, "schema"), param.get("schema")
        for ctype, media in ((op.get("requestBody") or {}).get("content") or {}).items():
            if isinstance(media, dict):
                yield join_pointer(base, "requestBody", "content", ctype, "schema"), media.get("schema")
        for status, response in (op.get("responses") or {}).items():
            for ctype, media in ((response or {}).get("content") or {}).items() if isinstance(response, dict) else ():
                if isinstance(media, dict):
                    yield join_pointer(base, "responses", status, "content", ctype, "schema"), media.get("schema")


def walk_schema(pointer: str, schema: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object below (and including) ``schema``, following the schema keywords only."""
    stack = [(pointer, schema)]
    while stack:
        ptr, node = stack.pop()
        if not isinstance(node, dict) or "$ref" in node:
            continue
        yield ptr, node
        props = node.get("properties")
        if isinstance(props, dict):
            stack.extend((join_pointer(ptr, "properties", k), v) for k, v in props.items())
        for key in ("items", "additionalProperties", "not"):
            if isinstance(node.get(key), dict):
                stack.append((join_pointer(ptr, key), node[key]))
        for key in SCHEMA_LISTS:
            if isinstance(node.get(key), list):
                stack.extend((join_pointer(ptr, key, i), v) for i, v in enumerate(node[key]))


def lookup(document: Any, pointer: str) -> Any:
    """The value at ``pointer``, or None when any step is missing (never raises)."""
    node = document
    try:
        tokens = split_pointer(pointer)
    except ValueError:
        return None
    for token in tokens:
        if isinstance(node, Mapping):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def ref_pointer(ref: object) -> str | None:
    """The JSON pointer of a local ``$ref`` (``#/components/schemas/Pet`` -> ``/components/schemas/Pet``)."""
    if isinstance(ref, str) and ref.startswith("#") and (ref == "#" or ref.startswith("#/")):
        return ref[1:]
    return None


def resolve(document: Any, node: Any, pointer: str = "") -> tuple[Any, str]:
    """Follow a chain of local ``$ref``s from ``node`` (bounded, so cycles cannot hang us).

    Returns the node reached and its pointer; an unresolvable or external reference gives ``({}, pointer)``
    (the validate stage reports those).
    """
    for _ in range(MAX_REF_HOPS):
        if not isinstance(node, Mapping) or "$ref" not in node:
            return node, pointer
        target = ref_pointer(node.get("$ref"))
        if target is None:
            return {}, pointer
        node, pointer = lookup(document, target), target
        if node is None:
            return {}, pointer
    return {}, pointer


def resolve_schema(document: Any, schema: Any) -> dict[str, Any]:
    """``resolve`` for schemas: always a dict (``{}`` for junk)."""
    node, _ = resolve(document, schema)
    return node if isinstance(node, dict) else {}


def auth_header_names(document: Mapping[str, Any]) -> frozenset[str]:
    """Lower-case header names the security schemes fill in (``authorization``, an API-key header)."""
    names: set[str] = set()
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, Mapping) else None
    for scheme in (schemes or {}).values() if isinstance(schemes, Mapping) else ():
        if not isinstance(scheme, Mapping):
            continue
        kind = str(scheme.get("type", "")).lower()
        if kind in ("http", "oauth2", "openidconnect", "bearer", "basic"):
            names.add("authorization")
        elif kind == "apikey" and scheme.get("in") == "header":
            names.add(str(scheme.get("name", "")).lower())
    return frozenset(names)


def is_redundant_header(param: object, auth_headers: frozenset[str]) -> bool:
    """A header parameter that repeats the security scheme or the content negotiation."""
    if not isinstance(param, Mapping) or param.get("in") != "header":
        return False
    name = str(param.get("name", "")).lower()
    return name in CONTENT_HEADERS or name in auth_headers or name == "authorization"
