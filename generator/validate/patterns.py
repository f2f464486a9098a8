"""Stage 2, validate: every ``pattern`` is a regular expression the client can compile.

Input: the merged document and its line map. Output: nothing, or a
``SpecError`` at the offending ``pattern`` (the client checks patterns before
sending, so one that cannot compile would make every call fail).
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
