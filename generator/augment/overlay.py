"""Write extractions as an OpenAPI Overlay 1.0 document, and apply overlays.

Stage 3: extract/augment. Input: ``Extraction`` records or overlay documents and
an OpenAPI document. Output: the overlay (one action per extracted keyword, its
description quoting the evidence and naming the rule) and the augmented
document, produced with an RFC 9535 JSONPath implementation. Every extracted
keyword also carries its evidence in ``x-evidence`` so the client can cite it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import jsonpath_rfc9535

from ..vocab import keys
from ..vocab.findings import Extraction, Finding, SpecError
from ..vocab.sourcemap import SourceMap, clone, split_pointer

OVERLAY_VERSION = "1.0.0"
EVIDENCE_KEY = keys.EVIDENCE


def pointer_to_jsonpath(document: Any, pointer: str) -> str:
    """Normalized JSONPath (RFC 9535 section 2.7) for an RFC 6901 pointer."""
    parts = ["$"]
    node = document
    for token in split_pointer(pointer):
        if isinstance(node, list):
            parts.append(f"[{int(token)}]")
            node = node[int(token)]
        else:
            parts.append("[" + _quote(token) + "]")
            node = node.get(token) if isinstance(node, dict) else None
    return "".join(parts)


def _quote(name: str) -> str:
    out = ["'"]
    for ch in name:
        if ch == "'":
            out.append("\\'")
        elif ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20:
            out.append({"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\u{ord(ch):04x}"))
        else:
            out.append(ch)
    out.append("'")
    return "".join(out)


def _cite(extraction: Extraction) -> str:
    where = (
        f" ({extraction.location.file.rsplit('/', 1)[-1]}:{extraction.location.line})" if extraction.location else ""
    )
    return f'{extraction.keyword}={_show(extraction.value)} by rule {extraction.rule}{where}, from: "{extraction.evidence}"'


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def build_overlay(document: Any, extractions: Sequence[Extraction], title: str) -> dict[str, Any]:
    """One action per keyword; dependency rules of one schema share an action since they form one list."""
    actions: list[dict[str, Any]] = []
    dependencies: dict[str, list[Extraction]] = defaultdict(list)
    for ex in extractions:
        if ex.keyword == "x-dependencies":
            dependencies[ex.pointer].append(ex)
            continue
        actions.append(
            {
                "target": pointer_to_jsonpath(document, ex.pointer),
                "description": _cite(ex),
                "update": {ex.keyword: clone(ex.value), EVIDENCE_KEY: {ex.keyword: ex.evidence}},
            }
        )
    for pointer, group in sorted(dependencies.items()):
        rules = [str(ex.value) for ex in group]
        actions.append(
            {
                "target": pointer_to_jsonpath(document, pointer),
                "description": "; ".join(_cite(ex) for ex in group),
                "update": {
                    "x-dependencies": rules,
                    EVIDENCE_KEY: {"x-dependencies": {str(ex.value): ex.evidence for ex in group}},
                },
            }
        )
    return {
        "overlay": OVERLAY_VERSION,
        "info": {"title": title, "version": "1.0.0"},
        "actions": actions,
    }


def apply_overlay(
    document: dict[str, Any], overlay: dict[str, Any], *, name: str, source_map: SourceMap | None = None
) -> tuple[dict[str, Any], tuple[Finding, ...]]:
    """Apply ``overlay`` to a copy of ``document``; bad overlays are SpecErrors, no-op targets are findings."""
    result = clone(document)
    findings: list[Finding] = []
    if not isinstance(overlay, dict) or not str(overlay.get("overlay", "")).startswith("1."):
        raise SpecError("not an Overlay 1.x document (missing 'overlay: 1.0.0')", _locate(source_map, ""))
    actions = overlay.get("actions")
    if not isinstance(actions, list):
        raise SpecError("overlay has no 'actions' list", _locate(source_map, ""))
    for index, action in enumerate(actions):
        where = _locate(source_map, f"/actions/{index}")
        if not isinstance(action, dict) or not isinstance(action.get("target"), str):
            raise SpecError("overlay action needs a 'target' JSONPath string", where)
        try:
            nodes = list(_query(action["target"]).find(result))
        except jsonpath_rfc9535.JSONPathError as exc:
            raise SpecError(f"invalid JSONPath target: {exc}", where) from None
        if not nodes:
            findings.append(
                Finding(
                    level="warning",
                    code="overlay-target-unmatched",
                    message=f"overlay {name} action {index} matches nothing: {action['target']}",
                    location=where,
                )
            )
            continue
        if action.get("remove") is True:
            for node in sorted(nodes, key=lambda n: _sort_key(n.location), reverse=True):
                _remove(result, tuple(node.location), where)
        elif "update" in action:
            for node in nodes:
                _update(node.value, action["update"], where)
        else:
            raise SpecError("overlay action needs 'update' or 'remove: true'", where)
    return result, tuple(findings)


@lru_cache(maxsize=4096)
def _query(target: str) -> jsonpath_rfc9535.JSONPathQuery:
    # Several keywords of one property share a target; compiling is most of a lookup's cost.
    return jsonpath_rfc9535.compile(target)


def _sort_key(location: Iterable[object]) -> tuple[tuple[int, str], ...]:
    return tuple((1, "") if isinstance(p, int) else (0, str(p)) for p in location)


def _locate(source_map: SourceMap | None, pointer: str) -> Any:
    return source_map.locate(pointer) if source_map is not None else None


def _remove(document: Any, location: tuple[object, ...], where: Any) -> None:
    if not location:
        raise SpecError("an overlay may not remove the whole document", where)
    parent = document
    for step in location[:-1]:
        parent = parent[step]
    last = location[-1]
    if isinstance(parent, list) and isinstance(last, int):
        del parent[last]
    elif isinstance(parent, dict):
        parent.pop(str(last), None)


def _update(target: Any, update: Any, where: Any) -> None:
    if isinstance(target, list):
        target.extend(clone(update) if isinstance(update, list) else [clone(update)])
        return
    if not isinstance(target, dict) or not isinstance(update, dict):
        raise SpecError("overlay 'update' must target an object or array and be an object", where)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _update(target[key], value, where)
        else:
            target[key] = clone(value)
