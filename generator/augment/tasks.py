"""Stage 3, augment: find the task pairs of an API, and apply a vendor profile's task envelope to them, by rule.

Input: the document after the hand overlays (a vendor profile among them may
set ``x-codegen-task-envelope``). Output: an Overlay 1.0 document marking
each task pair (``x-codegen-task: create``/``get``) and, where the pair's
answers are empty and the profile has an envelope for the path, giving both
answers the envelope and ``x-codegen-unwrap``; plus findings for the near
misses. A task pair is a ``POST P`` and a ``GET P/{id}``; it is marked when
its answers (after unwrapping) carry a task id and a status, or when the
profile's envelope is applied to it. Explicit marks are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..vocab import keys
from ..vocab.findings import Finding
from ..vocab.openapi import Operation, iter_operations, lookup, resolve_schema
from ..vocab.sourcemap import SourceMap, join_pointer
from .overlay import OVERLAY_VERSION, pointer_to_jsonpath

TASK_ID_NAMES = ("task_id", "id")
TASK_STATUS_NAMES = ("task_status", "status", "state")


def _pairs(document: Mapping[str, Any]) -> list[tuple[Operation, Operation]]:
    ops = list(iter_operations(document))
    gets = {o.path: o for o in ops if o.method == "get"}
    pairs = []
    for create in (o for o in ops if o.method == "post"):
        base = create.path.rstrip("/")
        match = [
            g
            for p, g in gets.items()
            if p.startswith(base + "/{") and p.endswith("}") and p.count("/") == base.count("/") + 1
        ]
        if len(match) == 1:
            pairs.append((create, match[0]))
    return pairs


def _answer_schema(document: Mapping[str, Any], op: Operation) -> tuple[str, dict[str, Any]] | None:
    """The JSON schema of the first 2xx answer (its pointer and the schema, resolved), or None."""
    raw = op.node.get("responses")
    responses: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    for status in sorted(str(s) for s in responses if str(s).startswith("2")):
        response = resolve_schema(document, responses.get(status))
        content = response.get("content")
        if not isinstance(content, Mapping):
            continue
        for ctype, media in content.items():
            if isinstance(media, Mapping) and "json" in str(ctype):
                pointer = join_pointer(op.pointer, "responses", status, "content", ctype, "schema")
                return pointer, resolve_schema(document, media.get("schema"))
    return None


def _empty(schema: Mapping[str, Any] | None) -> bool:
    return schema is None or (not schema.get("properties") and not schema.get("$ref") and not schema.get("items")
                              and not any(k in schema for k in ("allOf", "oneOf", "anyOf")))  # fmt: skip


def _has_task_fields(document: Mapping[str, Any], schema: Mapping[str, Any], unwrap: str | None) -> bool:
    node = schema
    if unwrap:
        node = resolve_schema(document, (node.get("properties") or {}).get(unwrap))
    raw = node.get("properties")
    props: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    return any(n in props for n in TASK_ID_NAMES) and any(n in props for n in TASK_STATUS_NAMES)


def _rule_for(envelope: Mapping[str, Any], path: str) -> Mapping[str, Any] | None:
    for rule in envelope.get("rules") or []:
        if isinstance(rule, Mapping) and isinstance(rule.get("match"), str) and rule["match"] in path:
            return rule
    return None


def infer_tasks(document: dict[str, Any], source_map: SourceMap) -> tuple[dict[str, Any], list[Finding]]:
    """The overlay marking task pairs (and applying the profile's envelope), and what was noticed."""
    envelope = document.get(keys.TASK_ENVELOPE)
    envelope = envelope if isinstance(envelope, Mapping) else {}
    unwrap = envelope.get("unwrap") if isinstance(envelope.get("unwrap"), str) else None
    actions: list[dict[str, Any]] = []
    findings: list[Finding] = []
    paired: set[str] = set()
    for create, get in _pairs(document):
        paired.update((create.pointer, get.pointer))
        if create.node.get(keys.TASK) or get.node.get(keys.TASK):
            continue
        answers = [_answer_schema(document, op) for op in (create, get)]
        rule = _rule_for(envelope, create.path) if envelope else None
        if rule is not None and all(a is None or _empty(a[1]) for a in answers):
            response = {"$ref": str(rule.get("response", ""))}
            for op in (create, get):
                target = join_pointer(op.pointer, "responses")
                if lookup(document, target) is None:
                    continue
                if lookup(document, join_pointer(target, "200", "content")) is not None:
                    actions.append({"target": pointer_to_jsonpath(document, join_pointer(target, "200", "content")),
                                    "description": f"{op.label}: the empty answer schema is replaced below",
                                    "remove": True})  # fmt: skip
                actions.append({
                    "target": pointer_to_jsonpath(document, target),
                    "description": f"{op.label}: the task envelope of the vendor profile (rule {rule['match']!r})",
                    "update": {"200": {"description": "The task envelope.",
                                       "content": {"application/json": {"schema": response}}}},
                })  # fmt: skip
            mark_unwrap = unwrap
        elif all(a is not None for a in answers) and all(
            _has_task_fields(
                document, a[1], create.node.get(keys.UNWRAP) if op is create else get.node.get(keys.UNWRAP)
            )
            for a, op in zip(answers, (create, get), strict=True)
            if a is not None
        ):
            mark_unwrap = None
        else:
            continue
        for op, role in ((create, "create"), (get, "get")):
            update: dict[str, Any] = {keys.TASK: role}
            if mark_unwrap and not op.node.get(keys.UNWRAP):
                update[keys.UNWRAP] = mark_unwrap
            actions.append({"target": pointer_to_jsonpath(document, op.pointer),
                            "description": f"{op.label} is the {role} of a task pair ({create.path} + {get.path})",
                            "update": update})  # fmt: skip
    if envelope:
        for op in iter_operations(document):
            if (
                op.method == "post"
                and op.pointer not in paired
                and not op.node.get(keys.TASK)
                and _rule_for(envelope, op.path)
            ):
                answer = _answer_schema(document, op)
                if answer is None or _empty(answer[1]):
                    findings.append(Finding(
                        level="warning", code="task-without-query",
                        message=f"{op.label} has no GET {op.path.rstrip('/')}/{{id}} beside it, so it is not a task pair "
                        "and gets no wait(); its answer stays untyped",
                        pointer=op.pointer, location=source_map.locate(op.pointer),
                    ))  # fmt: skip
    overlay = {
        "overlay": OVERLAY_VERSION,
        "info": {"title": "Task pairs found by rule (applied after the hand-written overlays)", "version": "1.0.0"},
        "actions": actions,
    }
    return overlay, findings
