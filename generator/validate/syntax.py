"""Stage 2, validate: the small languages inside a spec parse: regexes and path templates.

Input: the merged document and its line map. Output: nothing, or a
``SpecError`` at the offending key: a ``pattern`` the client cannot compile
(it checks patterns before sending, so every call would fail), or a path
whose ``{parameter}`` braces do not pair up (no URL can be built from it).
"""

from __future__ import annotations

import re
from typing import Any

from ..vocab.findings import SpecError
from ..vocab.openapi import schema_roots, walk_schema
from ..vocab.sourcemap import SourceMap, join_pointer


def check_patterns(document: dict[str, Any], source_map: SourceMap) -> None:
    for root, schema in schema_roots(document):
        for pointer, node in walk_schema(root, schema):
            pattern = node.get("pattern")
            if not isinstance(pattern, str):
                continue
            try:
                re.compile(pattern)
            except (re.error, RecursionError, OverflowError) as exc:
                where = join_pointer(pointer, "pattern")
                raise SpecError(
                    f"pattern {pattern[:80]!r} is not a valid regex: {exc}", source_map.locate(where)
                ) from None


def check_path_templates(document: dict[str, Any], source_map: SourceMap) -> None:
    paths = document.get("paths")
    for path in paths if isinstance(paths, dict) else ():
        depth = 0
        for char in str(path):
            depth += (char == "{") - (char == "}")
            if depth not in (0, 1):
                break
        if depth != 0:
            raise SpecError(f"path {str(path)[:120]!r} has unbalanced {{braces}}: no URL can be built from it",
                            source_map.locate(join_pointer("/paths", path)))  # fmt: skip
