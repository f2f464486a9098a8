"""Stage 2, validate: the document's structure, checked by openapi-spec-validator.

Input: the document (after the overlays) and its line map. Output: nothing, or
a ``SpecError`` naming the first structural error at its file and line. The
validator recurses once per nesting level, so it runs in a thread with a large
stack and a raised recursion limit; the loader already capped nesting depth.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

from ..vocab.findings import Location, SpecError
from ..vocab.sourcemap import SourceMap, join_pointer

_STACK_BYTES = 256 * 1024 * 1024
_RECURSION_LIMIT = 20_000


def _errors(document: dict[str, Any]) -> list[tuple[list[str], str]]:
    from openapi_spec_validator import OpenAPIV30SpecValidator

    return [
        ([str(p) for p in getattr(e, "absolute_path", [])], str(e.message))
        for e in OpenAPIV30SpecValidator(document).iter_errors()
    ]


def _run_deep(document: dict[str, Any]) -> list[tuple[list[str], str]] | BaseException:
    box: list[list[tuple[list[str], str]] | BaseException] = []

    def work() -> None:
        try:
            box.append(_errors(document))
        except BaseException as exc:  # handed to the caller's thread
            box.append(exc)

    old_stack = threading.stack_size(_STACK_BYTES)
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, _RECURSION_LIMIT))
    try:
        thread = threading.Thread(target=work, name="openapi-validator")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)
    return box[0]


def validate_document(document: dict[str, Any], source_map: SourceMap) -> None:
    outcome = _run_deep(document)
    if isinstance(outcome, RecursionError):
        raise SpecError("document nested too deeply to validate", source_map.locate(""))
    if isinstance(outcome, BaseException):
        raise SpecError(
            f"invalid OpenAPI document: {_first_line(f'{type(outcome).__name__}: {outcome}')}", source_map.locate("")
        ) from None
    if not outcome:
        return
    path, message = min(outcome, key=lambda e: len(e[0]))
    location = source_map.locate(join_pointer("", *path)) or Location(file="<spec>", line=0)
    where = ("/" + "/".join(path)) if path else "document root"
    raise SpecError(f"invalid OpenAPI at {where}: {_first_line(message)}", location)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return line if len(line) <= 300 else line[:297] + "..."
