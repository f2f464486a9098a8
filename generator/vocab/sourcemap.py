"""Line numbers for a loaded document, keyed by RFC 6901 pointer.

Stage: load (built there) and every later stage (read). Input: pointers.
Output: the original file and line, so findings can say ``file:line``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .findings import Location


def escape_token(token: str) -> str:
    """Escape one reference token per RFC 6901."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(base: str, *tokens: str | int) -> str:
    return base + "".join("/" + escape_token(str(t)) for t in tokens)


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [unescape_token(t) for t in pointer[1:].split("/")]


class SourceMap:
    """Maps pointers to locations; unknown pointers fall back to their nearest ancestor.

    Entries are kept as ``(file, line)`` tuples and become ``Location`` objects only when asked for:
    a large spec has hundreds of thousands of nodes and few of them are ever reported.
    """

    def __init__(self, entries: Mapping[str, Location] | None = None) -> None:
        self._entries: dict[str, tuple[str, int]] = {p: (loc.file, loc.line) for p, loc in (entries or {}).items()}

    def add(self, pointer: str, location: Location) -> None:
        self._entries.setdefault(pointer, (location.file, location.line))

    def add_line(self, pointer: str, file: str, line: int) -> None:
        self._entries.setdefault(pointer, (file, line))

    def update(self, other: SourceMap) -> None:
        for pointer, entry in other._entries.items():
            self._entries.setdefault(pointer, entry)

    def items(self) -> Iterable[tuple[str, Location]]:
        return ((p, Location(file=f, line=n)) for p, (f, n) in self._entries.items())

    def locate(self, pointer: str) -> Location | None:
        while True:
            found = self._entries.get(pointer)
            if found is not None:
                return Location(file=found[0], line=found[1])
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]


def resolve_pointer(document: object, pointer: str) -> object:
    """Return the value at ``pointer``; raises KeyError when it does not exist."""
    node = document
    for token in split_pointer(pointer):
        if isinstance(node, Mapping):
            node = node[token]
        elif isinstance(node, list):
            node = node[int(token)]
        else:
            raise KeyError(pointer)
    return node


def clone(value: Any) -> Any:
    """A deep copy of JSON-like data at C speed (copy.deepcopy dominated large specs)."""
    return json.loads(json.dumps(value))


def walk_objects(document: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every JSON object below ``document`` (itself included) with its pointer; iterative, so deep
    (hostile) nesting cannot exhaust the stack."""
    stack: list[tuple[str, Any]] = [(pointer, document)]
    while stack:
        here, node = stack.pop()
        if isinstance(node, dict):
            yield here, node
            stack.extend((join_pointer(here, k), v) for k, v in node.items() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend((join_pointer(here, i), v) for i, v in enumerate(node) if isinstance(v, dict | list))
