"""Parse YAML/JSON text with ruamel.yaml into plain data plus a line map.

Stage 1: load. Input: text, the file name and the line offset of the text in
that file. Output: JSON-like Python data (dict/list/str/int/float/bool/None)
and a SourceMap from RFC 6901 pointers to file lines. Hostile input is bounded:
aliases may not expand past a node budget, nesting is capped, custom tags are
refused (nothing in a spec is ever constructed as an object, let alone run).
"""

from __future__ import annotations

import datetime
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .findings import Location, SpecError
from .sourcemap import SourceMap, escape_token

MAX_DEPTH = 256
MAX_NODES = 2_000_000
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary")
)


def parse_yaml(text: str, *, file: str, line_offset: int = 0) -> tuple[Any, SourceMap]:
    """Parse ``text``; errors name ``file`` and the line as the user sees it."""
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        root = yaml.load(text)
    except DuplicateKeyError as exc:
        raise _marked_error(exc, file, line_offset, "duplicate key") from None
    except MarkedYAMLError as exc:
        raise _marked_error(exc, file, line_offset, "invalid YAML") from None
    except YAMLError as exc:
        raise SpecError(f"invalid YAML: {exc}", Location(file=file, line=line_offset + 1)) from None
    except RecursionError:
        raise SpecError(
            f"document nested too deeply (limit {MAX_DEPTH} levels)", Location(file=file, line=line_offset + 1)
        ) from None
    source_map = SourceMap()
    source_map.add("", Location(file=file, line=line_offset + 1))
    converter = _Converter(file, line_offset, source_map)
    return converter.convert(root, "", 0, line_offset + 1), source_map


class _Converter:
    def __init__(self, file: str, offset: int, source_map: SourceMap) -> None:
        self.file = file
        self.offset = offset
        self.source_map = source_map
        self.nodes = 0
        self.active: set[int] = set()

    def convert(self, node: Any, pointer: str, depth: int, line: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise SpecError(
                f"document expands to more than {MAX_NODES} nodes (YAML alias bomb?)",
                Location(file=self.file, line=line),
            )
        if depth > MAX_DEPTH:
            raise SpecError(
                f"document nested too deeply (limit {MAX_DEPTH} levels)", Location(file=self.file, line=line)
            )
        tag = getattr(node, "tag", None)
        tag_value = getattr(tag, "value", None) if tag is not None else None
        if tag_value and tag_value not in _STANDARD_TAGS and not tag_value.startswith("tag:yaml.org,2002:"):
            raise SpecError(f"YAML tag {tag_value!r} is not allowed in a spec", Location(file=self.file, line=line))
        if isinstance(node, CommentedMap | CommentedSeq):
            if id(node) in self.active:
                raise SpecError("recursive YAML alias", Location(file=self.file, line=line))
            self.active.add(id(node))
            try:
                return self._convert_container(node, pointer, depth, line)
            finally:
                self.active.discard(id(node))
        return self._convert_scalar(node, line)

    def _convert_container(self, node: CommentedMap | CommentedSeq, pointer: str, depth: int, line: int) -> Any:
        if isinstance(node, CommentedMap):
            out: dict[str, Any] = {}
            for key, value in node.items():
                key_line = self.offset + _key_line(node, key, line - self.offset)
                if isinstance(key, CommentedMap | CommentedSeq):
                    raise SpecError("mapping keys must be scalars", Location(file=self.file, line=key_line))
                name = _key_text(key)
                if name in out:
                    raise SpecError(f"duplicate key {name!r}", Location(file=self.file, line=key_line))
                child = f"{pointer}/{escape_token(name)}"
                self.source_map.add(child, Location(file=self.file, line=key_line))
                out[name] = self.convert(value, child, depth + 1, key_line)
            return out
        items: list[Any] = []
        for index, value in enumerate(node):
            item_line = self.offset + _item_line(node, index, line - self.offset)
            child = f"{pointer}/{index}"
            self.source_map.add(child, Location(file=self.file, line=item_line))
            items.append(self.convert(value, child, depth + 1, item_line))
        return items

    def _convert_scalar(self, node: Any, line: int) -> Any:
        if node is None or isinstance(node, bool):
            return node
        if isinstance(node, int):
            return int(node)
        if isinstance(node, float):
            return float(node)
        if isinstance(node, str):
            return str(node)
        if isinstance(node, datetime.datetime | datetime.date):
            return node.isoformat()
        if isinstance(node, bytes):
            raise SpecError("binary YAML values are not allowed in a spec", Location(file=self.file, line=line))
        raise SpecError(f"unsupported YAML value of type {type(node).__name__}", Location(file=self.file, line=line))


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def _key_line(node: CommentedMap, key: Any, fallback: int) -> int:
    # ruamel only records positions for block/flow nodes it parsed itself (not for merged keys).
    try:
        return int(node.lc.key(key)[0]) + 1
    except (KeyError, TypeError, AttributeError):
        return fallback


def _item_line(node: CommentedSeq, index: int, fallback: int) -> int:
    try:
        return int(node.lc.item(index)[0]) + 1
    except (KeyError, TypeError, AttributeError, IndexError):
        return fallback


def _marked_error(exc: MarkedYAMLError, file: str, offset: int, what: str) -> SpecError:
    mark = exc.problem_mark or exc.context_mark
    line = offset + (mark.line + 1 if mark is not None else 1)
    problem = exc.problem or exc.context or what
    return SpecError(f"{what}: {problem}", Location(file=file, line=line))
