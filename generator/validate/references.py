"""Stage 2, validate: every ``$ref`` is local and resolves.

Input: the merged document and its line map. Output: nothing, or a
``SpecError`` at the offending ``$ref``. A spec may not make us read files or
fetch URLs, so only ``#/...`` references are accepted.
"""

from __future__ import annotations

from typing import Any

from ..vocab.findings import SpecError
from ..vocab.openapi import lookup, ref_pointer
from ..vocab.sourcemap import SourceMap, join_pointer, walk_objects


def check_references(document: dict[str, Any], source_map: SourceMap) -> None:
    for pointer, node in walk_objects(document):
        if "$ref" not in node:
            continue
        ref = node.get("$ref")
        where = source_map.locate(join_pointer(pointer, "$ref")) or source_map.locate(pointer)
        target = ref_pointer(ref)
        if target is None:
            raise SpecError(f"only local references (#/...) are allowed; got $ref {ref!r}", where)
        if target and lookup(document, target) is None:
            raise SpecError(f"unresolved reference {ref!r}", where)
