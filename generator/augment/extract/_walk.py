"""Stage 3: extract. Find every description that can carry a constraint, and the schema it constrains.

Input: the merged OpenAPI 3.0 document as plain data. Output: ``Site`` records
(schema pointer, schema, description and its pointer, and for a property its
object and name). The walk is iterative with an explicit stack, visits each
mapping once (so YAML aliases cannot loop or explode), skips ``$ref`` nodes
(each schema is read where it is defined) and ignores junk where a schema
should be.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from ...vocab.openapi import HTTP_METHODS as _METHODS
from ...vocab.sourcemap import escape_token

_MEMBER_LISTS = ("allOf", "anyOf", "oneOf")


@attrs.frozen(kw_only=True)
class Site:
    """One description and the schema object that receives what it says."""

    pointer: str
    schema: Mapping[str, object]
    description: str | None
    description_pointer: str
    object_pointer: str | None = None
    object_schema: Mapping[str, object] | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class _Task:
    pointer: str
    node: object
    object_pointer: str | None = None
    object_schema: Mapping[str, object] | None = None
    name: str | None = None
    is_parameter: bool = False


def walk(document: object) -> Iterator[Site]:
    seen: set[int] = set()
    stack = list(reversed(_roots(document)))
    while stack:
        task = stack.pop()
        node = task.node
        if not isinstance(node, Mapping) or "$ref" in node or id(node) in seen:
            continue
        seen.add(id(node))
        if task.is_parameter:
            yield from _parameter(task, node, stack)
            continue
        description = node.get("description")
        yield Site(
            pointer=task.pointer,
            schema=node,
            description=description if isinstance(description, str) else None,
            description_pointer=task.pointer + "/description",
            object_pointer=task.object_pointer,
            object_schema=task.object_schema,
            name=task.name,
        )
        stack.extend(reversed(_children(task.pointer, node)))


def _parameter(task: _Task, node: Mapping[str, object], stack: list[_Task]) -> Iterator[Site]:
    """A parameter's own description constrains its ``schema``; the schema is then walked as usual."""
    schema = node.get("schema")
    if not isinstance(schema, Mapping) or "$ref" in schema:
        return
    description = node.get("description")
    if isinstance(description, str):
        yield Site(
            pointer=task.pointer + "/schema",
            schema=schema,
            description=description,
            description_pointer=task.pointer + "/description",
        )
    stack.append(_Task(pointer=task.pointer + "/schema", node=schema))


def _children(pointer: str, node: Mapping[str, object]) -> list[_Task]:
    tasks: list[_Task] = []
    properties = node.get("properties")
    if isinstance(properties, Mapping):
        for name, child in properties.items():
            child_pointer = f"{pointer}/properties/{escape_token(str(name))}"
            tasks.append(
                _Task(pointer=child_pointer, node=child, object_pointer=pointer, object_schema=node, name=str(name))
            )
    items = node.get("items")
    if isinstance(items, Mapping):
        tasks.append(_Task(pointer=pointer + "/items", node=items))
    elif isinstance(items, list):
        tasks.extend(_Task(pointer=f"{pointer}/items/{i}", node=item) for i, item in enumerate(items))
    additional = node.get("additionalProperties")
    if isinstance(additional, Mapping):
        tasks.append(_Task(pointer=pointer + "/additionalProperties", node=additional))
    for key in _MEMBER_LISTS:
        members = node.get(key)
        if isinstance(members, list):
            tasks.extend(_Task(pointer=f"{pointer}/{key}/{i}", node=m) for i, m in enumerate(members))
    return tasks


def _roots(document: object) -> list[_Task]:
    if not isinstance(document, Mapping):
        return []
    tasks: list[_Task] = []
    components = document.get("components")
    if isinstance(components, Mapping):
        for name, schema in _entries(components.get("schemas")):
            tasks.append(_Task(pointer=f"/components/schemas/{name}", node=schema))
        for name, parameter in _entries(components.get("parameters")):
            tasks.append(_Task(pointer=f"/components/parameters/{name}", node=parameter, is_parameter=True))
        for name, body in _entries(components.get("requestBodies")):
            tasks.extend(_content(f"/components/requestBodies/{name}", body))
        for name, response in _entries(components.get("responses")):
            tasks.extend(_content(f"/components/responses/{name}", response))
    for path, item in _entries(document.get("paths")):
        base = f"/paths/{path}"
        tasks.extend(_parameters(base, item))
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, Mapping):
                continue
            op_pointer = f"{base}/{method}"
            tasks.extend(_parameters(op_pointer, operation))
            tasks.extend(_content(op_pointer + "/requestBody", operation.get("requestBody")))
            for status, response in _entries(operation.get("responses")):
                tasks.extend(_content(f"{op_pointer}/responses/{status}", response))
    return tasks


def _entries(mapping: object) -> Iterator[tuple[str, Mapping[str, object]]]:
    """``(escaped key, value)`` for the mapping values of a mapping; anything else yields nothing."""
    if isinstance(mapping, Mapping):
        for key, value in mapping.items():
            if isinstance(value, Mapping):
                yield escape_token(str(key)), value


def _parameters(pointer: str, owner: Mapping[str, object]) -> list[_Task]:
    parameters = owner.get("parameters")
    if not isinstance(parameters, list):
        return []
    return [_Task(pointer=f"{pointer}/parameters/{i}", node=p, is_parameter=True) for i, p in enumerate(parameters)]


def _content(pointer: str, holder: object) -> list[_Task]:
    if not isinstance(holder, Mapping) or "$ref" in holder:
        return []
    return [
        _Task(pointer=f"{pointer}/content/{media}/schema", node=media_type.get("schema"))
        for media, media_type in _entries(holder.get("content"))
    ]
