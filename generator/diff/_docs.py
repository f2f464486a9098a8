"""The two documents being compared: local ``$ref`` resolution and the change collector.

Stage: diff. Input: the old and the new OpenAPI document (plain JSON-like data,
``$ref`` left as written). Output: resolved nodes with the RFC 6901 pointer of
where they really live, and the list that the walkers append ``Change`` records to.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from ..vocab.openapi import ref_pointer
from ..vocab.sourcemap import join_pointer, resolve_pointer
from ._rules import Change, make_change


@attrs.frozen(kw_only=True)
class Node:
    """A value of a document and the pointer where it is written (after following ``$ref``)."""

    value: Any
    pointer: str


@attrs.frozen(kw_only=True)
class DocPair:
    """Both documents of one comparison plus the changes found so far."""

    old: Mapping[str, Any]
    new: Mapping[str, Any]
    changes: list[Change] = attrs.field(factory=list)

    def report(self, rule_id: str, *, operation: str, pointer: str, **values: object) -> None:
        """Record one catalogue rule."""
        self.changes.append(make_change(rule_id, operation=operation, pointer=pointer, **values))


def resolve(document: Mapping[str, Any], value: Any, pointer: str) -> Node:
    """Follow local ``$ref`` chains (``#/components/...``); a cyclic or dangling chain stops where it is.

    External references are left unresolved: the diff then compares the ``$ref``
    objects themselves, which only notices that the reference text changed.
    """
    seen: set[str] = set()
    while isinstance(value, Mapping) and isinstance(value.get("$ref"), str):
        ref: str = value["$ref"]
        target_pointer = ref_pointer(ref)
        if target_pointer is None or ref in seen:
            break
        seen.add(ref)
        try:
            target = resolve_pointer(document, target_pointer)
        except (KeyError, IndexError, ValueError):
            break
        value, pointer = target, target_pointer
    return Node(value=value, pointer=pointer)


def child(document: Mapping[str, Any], parent: Node, *tokens: str | int) -> Node | None:
    """The resolved child of a mapping/list node, or None when it is absent."""
    value: Any = parent.value
    for token in tokens:
        found_in_mapping = isinstance(value, Mapping) and isinstance(token, str) and token in value
        found_in_list = isinstance(value, list) and isinstance(token, int) and 0 <= token < len(value)
        if not (found_in_mapping or found_in_list):
            return None
        value = value[token]
    return resolve(document, value, join_pointer(parent.pointer, *tokens))


def mapping(value: Any) -> Mapping[str, Any]:
    """The value if it is a mapping, else an empty one (malformed input is compared as absent)."""
    return value if isinstance(value, Mapping) else {}


def canonical(value: Any) -> str:
    """A stable text form of a JSON value, used to compare and to show enum/default values."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
