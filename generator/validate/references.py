"""Stage 2, validate: every ``$ref`` is local and resolves.

Input: the merged document and its line map. Output: nothing, or a
``SpecError`` at the offending ``$ref``. A spec may not make us read files or
fetch URLs, so only ``#/...`` references are accepted (inside ``x-`` extensions
a ``$ref`` is the vendor's business, not a reference, and is left alone).
"""

from __future__ import annotations

from typing import Any

from ..vocab.findings import SpecError
from ..vocab.openapi import in_extension, lookup, ref_pointer
from ..vocab.sourcemap import SourceMap, join_pointer, walk_objects


def check_references(document: dict[str, Any], source_map: SourceMap) -> None:
    for pointer, node in walk_objects(document):
        if "$ref" not in node or in_extension(pointer):
            continue
        ref = node.get("$ref")
        where = source_map.locate(join_pointer(pointer, "$ref")) or source_map.locate(pointer)
        target = ref_pointer(ref)
        if target is None:
            raise SpecError(f"only local references (#/...) are allowed; got $ref {ref!r}", where)
        if target and lookup(document, target) is None:
            raise SpecError(f"unresolved reference {ref!r}", where)
        chain = _ref_cycle(document, target)
        if chain:
            raise SpecError("circular $ref chain with nothing else in it (no type can come from it): "
                            + " -> ".join(chain), where)  # fmt: skip


def _ref_cycle(document: dict[str, Any], start: str | None) -> list[str]:
    """The pointers of a chain of bare ``$ref`` objects that returns to itself, or [] when it ends."""
    seen: list[str] = []
    pointer = start
    while pointer is not None and pointer not in seen:
        seen.append(pointer)
        node = lookup(document, pointer)
        if not isinstance(node, dict) or "$ref" not in node:
            return []
        pointer = ref_pointer(node.get("$ref"))
    return [*("#" + p for p in seen), "#" + pointer] if pointer is not None else []
