"""JSON documents: parsed by ``json`` (fast, exact), with a line for every key from our own scan.

Stage 1: load. Input: the JSON text, the file name and the line offset of the
text in that file. Output: the data and a ``SourceMap`` (RFC 6901 pointer ->
line of every object key and array item), so findings point at the offending
key, not at line 1. The scan keeps a container stack, decodes strings with
``json``'s own scanner (so escapes such as ``\\u00e9`` and ``\\/`` give the
same keys as the data), refuses duplicate keys and nesting past
``yaml_tree.MAX_DEPTH``, the same bounds the YAML reader keeps.
"""

from __future__ import annotations

import json
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from ..vocab.findings import Location, SpecError
from ..vocab.sourcemap import SourceMap, join_pointer
from .yaml_tree import MAX_DEPTH

_WHITESPACE = " \t\r"


class _Frame:
    __slots__ = ("index", "is_object", "key", "keys", "pointer")

    def __init__(self, pointer: str, is_object: bool) -> None:
        self.pointer = pointer
        self.is_object = is_object
        self.key: str | None = None  # object: the key whose value comes next
        self.keys: set[str] = set()
        self.index = 0  # array: the next item's index


class _ScanError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def json_line_map(text: str, line_offset: int = 0) -> dict[str, int]:
    """Pointer -> 1-based line (plus ``line_offset``) of each key and item; ``""`` is the root."""
    lines: dict[str, int] = {"": line_offset + 1}
    stack: list[_Frame] = []
    line = 1
    i, n = 0, len(text)
    expect_key = False

    def value_pointer() -> str | None:
        if not stack:
            return ""
        top = stack[-1]
        if top.is_object:
            return join_pointer(top.pointer, top.key) if top.key is not None else None
        return join_pointer(top.pointer, top.index)

    def start_value(here: int) -> str | None:
        pointer = value_pointer()
        if pointer is not None and stack and not stack[-1].is_object:
            lines.setdefault(pointer, line_offset + here)
        return pointer

    while i < n:
        char = text[i]
        if char == "\n":
            line += 1
            i += 1
        elif char in _WHITESPACE or char == ":":
            i += 1
        elif char == ",":
            if stack and not stack[-1].is_object:
                stack[-1].index += 1
            if stack and stack[-1].is_object:
                expect_key = True
            i += 1
        elif char in "{[":
            pointer = start_value(line) or ""
            if len(stack) >= MAX_DEPTH:
                raise _ScanError(f"document nested too deeply (limit {MAX_DEPTH} levels)", line)
            stack.append(_Frame(pointer, is_object=char == "{"))
            expect_key = char == "{"
            i += 1
        elif char in "}]":
            if stack:
                stack.pop()
            expect_key = False
            i += 1
        elif char == '"':
            value, end = scanstring(text, i + 1)
            if expect_key and stack and stack[-1].is_object:
                if value in stack[-1].keys:
                    raise _ScanError(f"duplicate key {value[:80]!r}", line)
                stack[-1].keys.add(value)
                stack[-1].key = value
                lines.setdefault(join_pointer(stack[-1].pointer, value), line_offset + line)
                expect_key = False
            else:
                start_value(line)
            line += text.count("\n", i, end)  # a raw newline cannot occur in JSON strings, but be safe
            i = end
        else:
            start_value(line)
            while i < n and text[i] not in ",}]\n" + _WHITESPACE:
                i += 1
    return lines


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(text: str, *, file: str, line_offset: int = 0) -> tuple[Any, SourceMap]:
    """Parse JSON ``text``; errors name ``file`` and the line as the user sees it."""
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise SpecError(f"invalid JSON: {exc.msg}", Location(file=file, line=line_offset + exc.lineno)) from None
    except RecursionError:
        raise SpecError(f"document nested too deeply (limit {MAX_DEPTH} levels)",
                        Location(file=file, line=line_offset + 1)) from None  # fmt: skip
    except ValueError as exc:  # a NaN, or an integer longer than Python will read
        raise SpecError(f"invalid JSON: {str(exc)[:200]}", Location(file=file, line=line_offset + 1)) from None
    try:
        lines = json_line_map(text, line_offset)
    except _ScanError as exc:
        raise SpecError(exc.message, Location(file=file, line=line_offset + exc.line)) from None
    source_map = SourceMap()
    for pointer, line in lines.items():
        source_map.add_line(pointer, file, line)
    return value, source_map
