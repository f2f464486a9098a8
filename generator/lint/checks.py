"""Stage 4, lint: what the spec's author should fix.

Input: an ``Augmented`` spec (the document after extraction,
before hand-written overlays, so corrections don't hide the vendor's defects).
Output: sorted ``Finding`` records; the repairs and extraction findings made
earlier are included. Errors are what would make a generated client wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..augment import Augmented
from ..vocab.findings import Finding
from ..vocab.idl import parse_rule, rule_fields
from ..vocab.openapi import auth_header_names, is_redundant_header, iter_operations
from ..vocab.sourcemap import SourceMap, join_pointer, walk_objects

_LEVEL_ORDER = {"error": 0, "warning": 1, "note": 2}


def lint_spec(spec: Augmented, later: Sequence[Finding] = ()) -> list[Finding]:
    """Every finding about the spec, sorted by place; ``later``: what later stages found (renames,
    skipped operations, task pairs), handed in by the pipeline so this stage never imports them."""
    doc, smap = spec.extracted, spec.source_map
    findings = list(spec.findings)
    findings.extend(_operation_findings(doc, smap))
    findings.extend(_example_findings(doc, smap))
    findings.extend(_dependency_findings(doc, smap))
    findings.extend(_webhook_findings(doc, smap))
    findings.extend(later)
    return sort_findings(findings)


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    unique = list(dict.fromkeys(findings))
    return sorted(
        unique,
        key=lambda f: (
            f.location.file if f.location else "",
            f.location.line if f.location else 0,
            _LEVEL_ORDER[f.level],
            f.code,
            f.message,
        ),
    )


def _finding(level: Any, code: str, message: str, pointer: str, smap: SourceMap) -> Finding:
    return Finding(level=level, code=code, message=message, pointer=pointer, location=smap.locate(pointer))


def _operation_findings(doc: dict[str, Any], smap: SourceMap) -> Iterator[Finding]:
    auth = auth_header_names(doc)
    for operation in iter_operations(doc):
        op, pointer, label = operation.node, operation.pointer, operation.label
        if not op.get("operationId"):
            yield _finding(
                "warning",
                "missing-operation-id",
                f"{label} has no operationId; names are guessed from the path",
                pointer,
                smap,
            )
        for index, param in enumerate(op.get("parameters") or []):
            if is_redundant_header(param, auth):
                yield _finding(
                    "warning",
                    "redundant-header-parameter",
                    f"{label} declares header {param.get('name')!r}, which the security scheme or the "
                    "content type already covers; the client does not expose it",
                    join_pointer(pointer, "parameters", index),
                    smap,
                )
        for status, response in (op.get("responses") or {}).items():
            if not isinstance(response, dict) or "$ref" in response:
                continue
            rpointer = join_pointer(pointer, "responses", status)
            content = response.get("content") or {}
            schemas = [m.get("schema") for m in content.values() if isinstance(m, dict)]
            if str(status).startswith("2") and (not schemas or all(_empty_schema(s) for s in schemas)):
                yield _finding(
                    "warning",
                    "empty-response-schema",
                    f"{label} response {status} has no response schema (an empty object); clients "
                    "cannot type the result",
                    rpointer,
                    smap,
                )


def _webhook_findings(doc: dict[str, Any], smap: SourceMap) -> Iterator[Finding]:
    """OpenAPI 3.1 ``webhooks`` are requests the API sends, not calls a client makes: skipped, said once."""
    webhooks = doc.get("webhooks")
    if isinstance(webhooks, dict) and webhooks:
        names = ", ".join(sorted(str(name) for name in webhooks)[:10]) + (", ..." if len(webhooks) > 10 else "")
        yield _finding("note", "webhooks-skipped", f"{len(webhooks)} webhook(s) not generated (a client does "
                       f"not receive them): {names}", "/webhooks", smap)  # fmt: skip


def _empty_schema(schema: Any) -> bool:
    """An answer schema that types nothing: no schema, or an object with no properties and nothing else.

    ``{type: string}`` (a text answer) or ``{type: array, ...}`` types the answer well enough."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return not isinstance(schema, dict)
    if schema.get("type") not in (None, "object"):
        return False
    keys = set(schema) - {"type", "properties", "description", "title"}
    return not keys and not schema.get("properties")


def _example_findings(doc: dict[str, Any], smap: SourceMap) -> Iterator[Finding]:
    from openapi_schema_validator import OAS30Validator

    for operation in iter_operations(doc):
        op, path, method = operation.node, operation.path, operation.method
        content = (op.get("requestBody") or {}).get("content") or {}
        for ctype, media in content.items():
            if not isinstance(media, dict) or "example" not in media or not isinstance(media.get("schema"), dict):
                continue
            pointer = join_pointer(operation.pointer, "requestBody", "content", ctype)
            validator = OAS30Validator({**media["schema"], "components": doc.get("components", {})})
            for error in sorted(validator.iter_errors(media["example"]), key=lambda e: list(map(str, e.path))):
                where = join_pointer(pointer, "example", *[str(p) for p in error.path])
                field = "/".join(str(p) for p in error.path) or "(root)"
                yield _finding(
                    "warning",
                    "example-mismatch",
                    f"{method.upper()} {path} example field {field}: {_short(error.message)}",
                    where,
                    smap,
                )


def _short(text: str) -> str:
    return text if len(text) <= 200 else text[:197] + "..."


def _dependency_findings(doc: dict[str, Any], smap: SourceMap) -> Iterator[Finding]:
    for pointer, node in walk_objects(doc):
        rules = node.get("x-dependencies")
        if not isinstance(rules, list):
            continue
        known = set((node.get("properties") or {}).keys())
        for index, text in enumerate(rules):
            rpointer = join_pointer(pointer, "x-dependencies", index)
            try:
                fields = rule_fields(parse_rule(str(text)))
            except ValueError as exc:
                yield _finding("error", "dependency-syntax", f"dependency rule {text!r}: {exc}", rpointer, smap)
                continue
            unknown = sorted(set(fields) - known)
            if unknown:
                yield _finding(
                    "error",
                    "dependency-unknown-field",
                    f"dependency rule {text!r} names unknown field(s) {', '.join(unknown)}",
                    rpointer,
                    smap,
                )
