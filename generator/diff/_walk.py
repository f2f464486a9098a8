"""Pair the parts of two OpenAPI documents and compare each pair.

Stage: diff. Input: the old and the new OpenAPI 3.0 document as plain data.
Output: the unsorted ``Change`` records of a ``DocPair``: paths and operations
(added, removed, deprecated), parameters (paired by location and name, header
names case-insensitively), request bodies, responses (status, media type,
headers) and security; schemas are handed to ``_schema.compare_schemas``.

Paths are paired after their template variables are blanked, so renaming
``{id}`` to ``{task_id}`` is not a removal plus an addition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..vocab.openapi import HTTP_METHODS as METHODS
from ..vocab.sourcemap import join_pointer
from ._docs import DocPair, Node, canonical, child, mapping, resolve
from ._schema import Scope, compare_schemas

# OpenAPI 3.0, Parameter Object: header parameters with these names SHALL be ignored.
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_TEMPLATE_VARIABLE = re.compile(r"\{[^}/]*\}")


def compare_documents(docs: DocPair) -> None:
    """Compare everything the diff knows about; results go to ``docs.changes``."""
    compare_paths(docs)
    compare_global_security(docs)
    compare_security_schemes(docs)


def _paths(document: Mapping[str, Any]) -> dict[str, tuple[str, Node]]:
    result: dict[str, tuple[str, Node]] = {}
    for path, item in sorted(mapping(document.get("paths")).items()):
        node = resolve(document, item, join_pointer("/paths", str(path)))
        result[_TEMPLATE_VARIABLE.sub("{}", str(path))] = (str(path), node)
    return result


def _operations(item: Node) -> dict[str, Node]:
    return {
        m: Node(value=op, pointer=join_pointer(item.pointer, m))
        for m in METHODS
        if isinstance(op := mapping(item.value).get(m), Mapping)
    }


def _operation_name(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def compare_paths(docs: DocPair) -> None:
    old_paths, new_paths = _paths(docs.old), _paths(docs.new)
    for key in sorted(old_paths.keys() | new_paths.keys()):
        if key not in new_paths:
            path, item = old_paths[key]
            for method, op in _operations(item).items():
                deprecated = mapping(op.value).get("deprecated") is True
                rule = "api-path-removed-with-deprecation" if deprecated else "api-path-removed-without-deprecation"
                docs.report(rule, operation=_operation_name(method, path), pointer=op.pointer)
        elif key not in old_paths:
            path, item = new_paths[key]
            for method, op in _operations(item).items():
                docs.report("endpoint-added", operation=_operation_name(method, path), pointer=op.pointer)
        else:
            compare_path_items(docs, old_paths[key], new_paths[key])


def compare_path_items(docs: DocPair, old: tuple[str, Node], new: tuple[str, Node]) -> None:
    (old_path, old_item), (new_path, new_item) = old, new
    old_ops, new_ops = _operations(old_item), _operations(new_item)
    for method in METHODS:
        if method in old_ops and method not in new_ops:
            deprecated = mapping(old_ops[method].value).get("deprecated") is True
            rule = "api-removed-with-deprecation" if deprecated else "api-removed-without-deprecation"
            docs.report(rule, operation=_operation_name(method, old_path), pointer=old_ops[method].pointer)
        elif method in new_ops and method not in old_ops:
            docs.report("endpoint-added", operation=_operation_name(method, new_path), pointer=new_ops[method].pointer)
        elif method in old_ops:
            name = _operation_name(method, new_path)
            old_params = _parameters(docs.old, old_item, old_ops[method])
            new_params = _parameters(docs.new, new_item, new_ops[method])
            compare_operation(docs, name, old_ops[method], new_ops[method])
            compare_parameters(docs, name, old_params, new_params)


def compare_operation(docs: DocPair, name: str, old: Node, new: Node) -> None:
    old_op, new_op = mapping(old.value), mapping(new.value)
    was, now = old_op.get("deprecated") is True, new_op.get("deprecated") is True
    if was != now:
        docs.report("endpoint-deprecated" if now else "endpoint-reactivated", operation=name, pointer=new.pointer)
    compare_request_bodies(docs, name, child(docs.old, old, "requestBody"), child(docs.new, new, "requestBody"))
    compare_responses(docs, name, old, new)
    if "security" in old_op or "security" in new_op:
        # Compare what applies: an operation without ``security`` inherits the document's.
        old_pointer = join_pointer(old.pointer, "security") if "security" in old_op else "/security"
        new_pointer = join_pointer(new.pointer, "security") if "security" in new_op else "/security"
        _compare_requirements(
            docs,
            name,
            (old_pointer, new_pointer),
            old_op.get("security", docs.old.get("security")),
            new_op.get("security", docs.new.get("security")),
            "api-security",
        )


def _parameters(document: Mapping[str, Any], item: Node, op: Node) -> dict[tuple[str, str], Node]:
    """Effective parameters: path-level ones, overridden by operation-level ones with the same key."""
    result: dict[tuple[str, str], Node] = {}
    for owner in (item, op):
        raw = mapping(owner.value).get("parameters")
        for index, param in enumerate(raw if isinstance(raw, list) else []):
            node = resolve(document, param, join_pointer(owner.pointer, "parameters", index))
            value = mapping(node.value)
            name, where = value.get("name"), value.get("in")
            if not isinstance(name, str) or not isinstance(where, str):
                continue
            if where == "header" and name.lower() in _IGNORED_HEADERS:
                continue
            result[(where, name.lower() if where == "header" else name)] = node
    return result


def _required_parameter(param: Node) -> bool:
    value = mapping(param.value)
    return value.get("in") == "path" or value.get("required") is True


def _parameter_subject(param: Node) -> str:
    value = mapping(param.value)
    return f"{value.get('in')} request parameter '{value.get('name')}'"


def _parameter_schema(document: Mapping[str, Any], param: Node) -> Node | None:
    found = child(document, param, "schema")
    if found is not None:
        return found
    for media in sorted(mapping(mapping(param.value).get("content"))):
        return child(document, param, "content", media, "schema")
    return None


def compare_parameters(
    docs: DocPair, name: str, old: dict[tuple[str, str], Node], new: dict[tuple[str, str], Node]
) -> None:
    for key in sorted(old.keys() | new.keys()):
        if key not in new:
            docs.report(
                "request-parameter-removed",
                operation=name,
                pointer=old[key].pointer,
                subject=_parameter_subject(old[key]),
            )
            continue
        if key not in old:
            required = _required_parameter(new[key])
            rule = "new-required-request-parameter" if required else "new-optional-request-parameter"
            docs.report(rule, operation=name, pointer=new[key].pointer, subject=_parameter_subject(new[key]))
            continue
        subject = _parameter_subject(new[key])
        was, now = _required_parameter(old[key]), _required_parameter(new[key])
        if was != now:
            rule = "request-parameter-became-required" if now else "request-parameter-became-optional"
            docs.report(rule, operation=name, pointer=new[key].pointer, subject=subject)
        old_schema, new_schema = _parameter_schema(docs.old, old[key]), _parameter_schema(docs.new, new[key])
        if old_schema is not None and new_schema is not None:
            scope = Scope(direction="request", operation=name, parameter=True, root_subject=subject)
            compare_schemas(docs, scope, old_schema, new_schema)


def compare_request_bodies(docs: DocPair, name: str, old: Node | None, new: Node | None) -> None:
    if old is None and new is None:
        return
    if old is None:
        assert new is not None
        required = mapping(new.value).get("required") is True
        docs.report(
            "request-body-added-required" if required else "request-body-added-optional",
            operation=name,
            pointer=new.pointer,
        )
        return
    if new is None:
        docs.report("request-body-removed", operation=name, pointer=old.pointer)
        return
    was, now = mapping(old.value).get("required") is True, mapping(new.value).get("required") is True
    if was != now:
        docs.report(
            "request-body-became-required" if now else "request-body-became-optional",
            operation=name,
            pointer=new.pointer,
        )
    old_content, new_content = mapping(mapping(old.value).get("content")), mapping(mapping(new.value).get("content"))
    for media in sorted(old_content.keys() | new_content.keys()):
        if media not in new_content:
            docs.report(
                "request-body-media-type-removed",
                operation=name,
                pointer=join_pointer(old.pointer, "content", media),
                value=media,
            )
        elif media not in old_content:
            docs.report(
                "request-body-media-type-added",
                operation=name,
                pointer=join_pointer(new.pointer, "content", media),
                value=media,
            )
        else:
            old_schema = child(docs.old, old, "content", media, "schema")
            new_schema = child(docs.new, new, "content", media, "schema")
            if old_schema is not None and new_schema is not None:
                scope = Scope(direction="request", operation=name, root_subject="request body")
                compare_schemas(docs, scope, old_schema, new_schema)


def _is_success(status: str) -> bool:
    return status.upper().startswith("2")


def compare_responses(docs: DocPair, name: str, old_op: Node, new_op: Node) -> None:
    old_responses = mapping(mapping(old_op.value).get("responses"))
    new_responses = mapping(mapping(new_op.value).get("responses"))
    for status in sorted(str(s) for s in old_responses.keys() | new_responses.keys()):
        kind = "success" if _is_success(status) else "non-success"
        if status not in new_responses:
            docs.report(
                f"response-{kind}-status-removed",
                operation=name,
                pointer=join_pointer(old_op.pointer, "responses", status),
                value=status,
            )
            continue
        if status not in old_responses:
            docs.report(
                f"response-{kind}-status-added",
                operation=name,
                pointer=join_pointer(new_op.pointer, "responses", status),
                value=status,
            )
            continue
        old_response = child(docs.old, old_op, "responses", status)
        new_response = child(docs.new, new_op, "responses", status)
        if old_response is not None and new_response is not None:
            compare_response(docs, name, status, old_response, new_response)


def compare_response(docs: DocPair, name: str, status: str, old: Node, new: Node) -> None:
    old_content, new_content = mapping(mapping(old.value).get("content")), mapping(mapping(new.value).get("content"))
    for media in sorted(old_content.keys() | new_content.keys()):
        if media not in new_content:
            docs.report(
                "response-media-type-removed",
                operation=name,
                pointer=join_pointer(old.pointer, "content", media),
                value=media,
                status=status,
            )
        elif media not in old_content:
            docs.report(
                "response-media-type-added",
                operation=name,
                pointer=join_pointer(new.pointer, "content", media),
                value=media,
                status=status,
            )
        else:
            old_schema = child(docs.old, old, "content", media, "schema")
            new_schema = child(docs.new, new, "content", media, "schema")
            if old_schema is not None and new_schema is not None:
                scope = Scope(
                    direction="response", operation=name, status=status, root_subject=f"response body (status {status})"
                )
                compare_schemas(docs, scope, old_schema, new_schema)
    compare_response_headers(docs, name, status, old, new)


def _headers(document: Mapping[str, Any], response: Node) -> dict[str, tuple[str, Node]]:
    result: dict[str, tuple[str, Node]] = {}
    for header in mapping(mapping(response.value).get("headers")):
        node = child(document, response, "headers", str(header))
        if node is not None:
            result[str(header).lower()] = (str(header), node)
    return result


def compare_response_headers(docs: DocPair, name: str, status: str, old: Node, new: Node) -> None:
    old_headers, new_headers = _headers(docs.old, old), _headers(docs.new, new)
    for key in sorted(old_headers.keys() | new_headers.keys()):
        if key not in new_headers:
            header, node = old_headers[key]
            required = mapping(node.value).get("required") is True
            rule = "required-response-header-removed" if required else "optional-response-header-removed"
            docs.report(
                rule, operation=name, pointer=node.pointer, subject=f"response header '{header}' (status {status})"
            )
        elif key not in old_headers:
            header, node = new_headers[key]
            docs.report(
                "response-header-added",
                operation=name,
                pointer=node.pointer,
                subject=f"response header '{header}' (status {status})",
            )


def _requirements(value: Any) -> dict[str, int]:
    """Security requirement text ("bearer", "apiKey AND oauth[read]", "anonymous") -> its index."""
    result: dict[str, int] = {}
    for index, requirement in enumerate(value if isinstance(value, list) else []):
        parts = []
        for scheme, scopes in sorted(mapping(requirement).items()):
            listed = ",".join(str(s) for s in scopes) if isinstance(scopes, list) else canonical(scopes)
            parts.append(f"{scheme}[{listed}]" if listed else str(scheme))
        result.setdefault(" AND ".join(parts) or "anonymous", index)
    return result


def _compare_requirements(docs: DocPair, name: str, pointers: tuple[str, str], old: Any, new: Any, prefix: str) -> None:
    """Security requirement lists; ``pointers`` are the old and the new list's location."""
    old_reqs, new_reqs = _requirements(old), _requirements(new)
    for text in sorted(new_reqs.keys() - old_reqs.keys()):
        docs.report(f"{prefix}-added", operation=name, pointer=join_pointer(pointers[1], new_reqs[text]), value=text)
    for text in sorted(old_reqs.keys() - new_reqs.keys()):
        docs.report(f"{prefix}-removed", operation=name, pointer=join_pointer(pointers[0], old_reqs[text]), value=text)


def compare_global_security(docs: DocPair) -> None:
    _compare_requirements(
        docs, "", ("/security", "/security"), docs.old.get("security"), docs.new.get("security"), "api-global-security"
    )


def _names(value: Any) -> Iterable[str]:
    return (str(k) for k in mapping(value))


def compare_security_schemes(docs: DocPair) -> None:
    old_schemes = set(_names(mapping(docs.old.get("components")).get("securitySchemes")))
    new_schemes = set(_names(mapping(docs.new.get("components")).get("securitySchemes")))
    for scheme in sorted(new_schemes - old_schemes):
        docs.report(
            "api-security-component-added",
            operation="",
            pointer=join_pointer("/components/securitySchemes", scheme),
            value=scheme,
        )
    for scheme in sorted(old_schemes - new_schemes):
        docs.report(
            "api-security-component-removed",
            operation="",
            pointer=join_pointer("/components/securitySchemes", scheme),
            value=scheme,
        )
