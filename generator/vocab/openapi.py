"""OpenAPI basics every stage needs: HTTP methods, operations, local ``$ref`` resolution, security headers.

Stage: all. Input: an OpenAPI document as plain data (dicts, lists, scalars).
Output: iterators and resolved nodes; nothing is copied or changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote

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


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _media_schemas(base: str, content: Any) -> Iterator[tuple[str, Any]]:
    for ctype, media in _mapping(content).items():
        if isinstance(media, Mapping):
            yield join_pointer(base, "content", ctype, "schema"), media.get("schema")


def schema_roots(document: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Where schemas start: components, parameters, request bodies, responses (junk in between is skipped)."""
    for name, schema in _mapping(_mapping(document.get("components")).get("schemas")).items():
        yield join_pointer("/components/schemas", name), schema
    for operation in iter_operations(document):
        op, base = operation.node, operation.pointer
        params = op.get("parameters")
        for index, param in enumerate(params if isinstance(params, list) else []):
            if isinstance(param, Mapping):
                yield join_pointer(base, "parameters", index, "schema"), param.get("schema")
        yield from _media_schemas(join_pointer(base, "requestBody"), _mapping(op.get("requestBody")).get("content"))
        for status, response in _mapping(op.get("responses")).items():
            yield from _media_schemas(join_pointer(base, "responses", status), _mapping(response).get("content"))


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
        for key in ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"):
            if isinstance(node.get(key), dict):
                stack.append((join_pointer(ptr, key), node[key]))
        for key in (*SCHEMA_LISTS, "prefixItems", "items"):
            if isinstance(node.get(key), list):
                stack.extend((join_pointer(ptr, key, i), v) for i, v in enumerate(node[key]))
        for key in ("$defs", "definitions", "patternProperties", "dependentSchemas"):
            if isinstance(node.get(key), dict):
                stack.extend((join_pointer(ptr, key, k), v) for k, v in node[key].items())


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


# Keys whose values are maps of user-chosen names: an ``x-`` name there is a name, not an extension.
_NAME_MAPS = frozenset({
    "properties", "patternProperties", "$defs", "definitions", "schemas", "parameters", "responses",
    "requestBodies", "headers", "examples", "securitySchemes", "links", "callbacks", "pathItems", "content",
    "paths", "variables", "mapping", "encoding", "webhooks",
})  # fmt: skip


def in_extension(pointer: str) -> bool:
    """True when ``pointer`` lies inside an ``x-...`` extension value, where ``$ref`` means nothing to OpenAPI
    (vendors put code-sample file references there)."""
    tokens = split_pointer(pointer)
    return any(t.startswith("x-") and (i == 0 or tokens[i - 1] not in _NAME_MAPS) for i, t in enumerate(tokens))


def ref_pointer(ref: object) -> str | None:
    """The JSON pointer of a local ``$ref`` (``#/components/schemas/Pet`` -> ``/components/schemas/Pet``).

    A ``$ref`` is a URI, so its fragment is percent-decoded (Apifox writes ``%C2%AB`` for ``«``).
    """
    if isinstance(ref, str) and ref.startswith("#") and (ref == "#" or ref.startswith("#/")):
        fragment = ref[1:]
        if "%" not in fragment:
            return fragment
        try:
            return unquote(fragment, errors="strict")
        except UnicodeDecodeError:
            return fragment
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
