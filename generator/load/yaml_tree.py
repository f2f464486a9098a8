"""Parse YAML/JSON text with ruamel.yaml into plain data plus a line map.

Stage 1: load. Input: text, the file name and the line offset of the text in
that file. Output: JSON-like Python data (dict/list/str/int/float/bool/None)
and a SourceMap from RFC 6901 pointers to file lines. We let ruamel.yaml
compose the node graph (every node keeps its start line) and build the data
ourselves, so hostile input stays bounded: aliases may not expand past a node
budget, nesting is capped, custom tags are refused (nothing in a spec is ever
constructed as an object, let alone run), duplicate keys are errors.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..vocab.findings import Location, SpecError
from ..vocab.sourcemap import SourceMap, escape_token

MAX_DEPTH = 256
MAX_NODES = 2_000_000
_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_SURROGATE = re.compile("[\ud800-\udfff]")
_YAML11_BREAKS = ("\u0085", "\u2028", "\u2029")


def parse_yaml(text: str, *, file: str, line_offset: int = 0) -> tuple[Any, SourceMap]:
    """Parse ``text``; errors name ``file`` and the line as the user sees it."""
    # typ="safe" uses libyaml's parser (ruamel.yaml.clib) when installed; nodes keep their lines either way.
    # libyaml reads NEL/LS/PS as line breaks (YAML 1.1); in YAML 1.2 they are content, so parse those in Python.
    pure = any(c in text for c in _YAML11_BREAKS)
    try:
        try:
            yaml, root = _compose(text, pure=pure)
        except MarkedYAMLError:
            if pure:
                raise
            # libyaml refuses some valid YAML 1.2 ("enum: [left, both_sides:3]"): the Python parser has the last word.
            yaml, root = _compose(text, pure=True)
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
    if root is None:
        return None, source_map
    return _Converter(file, line_offset, source_map, yaml).convert(root, "", 0), source_map


def _compose(text: str, *, pure: bool) -> tuple[YAML, Node | None]:
    yaml = YAML(typ="safe", pure=pure)
    return yaml, yaml.compose(text)


class _Converter:
    def __init__(self, file: str, offset: int, source_map: SourceMap, yaml: YAML) -> None:
        self.file = file
        self.offset = offset
        self.source_map = source_map
        self.constructor = yaml.constructor
        self.nodes = 0
        self.active: set[int] = set()

    def _line(self, node: Node) -> int:
        return self.offset + int(node.start_mark.line) + 1

    def _error(self, message: str, node: Node) -> SpecError:
        return SpecError(message, Location(file=self.file, line=self._line(node)))

    def convert(self, node: Node, pointer: str, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._error(f"document expands to more than {MAX_NODES} nodes (YAML alias bomb?)", node)
        if depth > MAX_DEPTH:
            raise self._error(f"document nested too deeply (limit {MAX_DEPTH} levels)", node)
        tag = str(getattr(node.tag, "value", node.tag) or "")
        if isinstance(node, ScalarNode):
            return self._scalar(node, tag)
        expected = _CORE + ("map" if isinstance(node, MappingNode) else "seq")
        if tag and tag != expected:
            raise self._error(f"YAML tag {tag!r} is not allowed in a spec", node)
        if id(node) in self.active:
            raise self._error("recursive YAML alias", node)
        self.active.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, pointer, depth)
            if isinstance(node, SequenceNode):
                return [self._child(item, f"{pointer}/{i}", depth) for i, item in enumerate(node.value)]
        finally:
            self.active.discard(id(node))
        raise self._error("unsupported YAML node", node)

    def _child(self, node: Node, pointer: str, depth: int) -> Any:
        self.source_map.add_line(pointer, self.file, self._line(node))
        return self.convert(node, pointer, depth + 1)

    def _mapping(self, node: MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        merged: list[MappingNode] = []
        for key_node, value_node in node.value:
            key_tag = str(getattr(key_node.tag, "value", key_node.tag) or "")
            if key_tag == _CORE + "merge":
                merged.extend(value_node.value if isinstance(value_node, SequenceNode) else [value_node])
                continue
            if not isinstance(key_node, ScalarNode):
                raise self._error("mapping keys must be scalars", key_node)
            name = _key_text(self._scalar(key_node, key_tag))
            if name in out:
                raise self._error(f"duplicate key {name!r}", key_node)
            child = f"{pointer}/{escape_token(name)}"
            self.source_map.add_line(child, self.file, self._line(key_node))
            out[name] = self.convert(value_node, child, depth + 1)
        for source in merged:
            if not isinstance(source, MappingNode):
                raise self._error("'<<' merges only mappings", source)
            for key, value in self._mapping(source, pointer, depth).items():
                out.setdefault(key, value)
        return out

    def _scalar(self, node: ScalarNode, tag: str) -> Any:
        if tag == _CORE + "str" or not tag:
            text = str(node.value)
            if _SURROGATE.search(text):  # libyaml refuses these itself; the YAML 1.2 parser it falls back to does not
                raise self._error("a lone surrogate escape (\\ud800-\\udfff) cannot be written as UTF-8", node)
            return text
        if tag not in _SCALAR_TAGS:
            raise self._error(f"YAML tag {tag!r} is not allowed in a spec", node)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (YAMLError, ValueError, TypeError, OverflowError) as exc:
            raise self._error(f"invalid {tag.removeprefix(_CORE)} value: {exc}", node) from None
        if isinstance(value, datetime.datetime | datetime.date):
            return value.isoformat()
        if isinstance(value, float) and not math.isfinite(value):
            raise self._error(f"{node.value!r} is not a JSON number; OpenAPI documents are JSON", node)
        return value


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def _marked_error(exc: MarkedYAMLError, file: str, offset: int, what: str) -> SpecError:
    mark = exc.problem_mark or exc.context_mark
    line = offset + (mark.line + 1 if mark is not None else 1)
    problem = exc.problem or exc.context or what
    return SpecError(f"{what}: {problem}", Location(file=file, line=line))
