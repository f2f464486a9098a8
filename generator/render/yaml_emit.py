"""A small, fast, deterministic YAML emitter for JSON-like data.

Stage 6, render. Input: dict/list/str/int/float/bool/None. Output: block-style
YAML text. Strings are plain only when they cannot be read back as anything
else; otherwise they are double-quoted with JSON escapes (valid YAML), with
YAML-significant line separators escaped too. ruamel.yaml's representer was
the slowest stage on large specs; this is a fraction of its cost, and its output
does not depend on whether libyaml is installed.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./ -]*")
_RESERVED = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"})
# Characters YAML forbids or reads as line breaks, which JSON escaping leaves raw.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith((" ", "-")) and text.lower() not in _RESERVED:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def dump(data: Any) -> str:
    lines: list[str] = []
    _emit(data, "", lines)
    return "\n".join(lines) + "\n"


def _emit(value: Any, indent: str, lines: list[str]) -> None:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _emit_entry(f"{indent}{scalar(str(key))}:", item, indent, lines)
    elif isinstance(value, list) and value:
        for item in value:
            _emit_item(item, indent, lines)
    else:
        lines.append(indent + _inline(value))


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)


def _emit_entry(head: str, item: Any, indent: str, lines: list[str]) -> None:
    if isinstance(item, dict | list) and item:
        lines.append(head)
        _emit(item, indent + "  ", lines)
    else:
        lines.append(f"{head} {_inline(item)}")


def _emit_item(item: Any, indent: str, lines: list[str]) -> None:
    if isinstance(item, dict) and item:
        first = True
        for key, value in item.items():
            prefix = indent + ("- " if first else "  ")
            _emit_entry(f"{prefix}{scalar(str(key))}:", value, indent + "  ", lines)
            first = False
    elif isinstance(item, list) and item:
        lines.append(indent + "-")
        _emit(item, indent + "  ", lines)
    else:
        lines.append(f"{indent}- {_inline(item)}")
