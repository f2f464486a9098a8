"""Repair the YAML defects the vendor's machine-translated pages are known for.

Stage 1: load. Input: YAML text that failed to parse. Output: the text with
each defect fixed in place (same line count, so line numbers stay true), plus
one record per repair for lint:

* a plain ``description``/``summary`` that contains an unquoted ``": "``
  (never valid YAML) is re-quoted (``description: Default: "png".``);
* a single-quoted scalar with a lone apostrophe inside (``'Let's go'``) is
  written double-quoted;
* a block scalar header with both styles (``|>-``) keeps the first.

Nothing else is touched: other defects stay errors.
"""

from __future__ import annotations

import re

import attrs

# Only prose keys: elsewhere a ``key: a: b`` line is more often a broken indentation than a sentence.
_KEY_LINE = re.compile(r"^(?P<lead>[ ]*(?:- +)?)(?P<key>description|summary):[ ]+(?P<value>\S.*?)[ ]*$")
_SINGLE_QUOTED = re.compile(r"^(?P<head>[ ]*(?:- +)?[A-Za-z_$][\w$.-]*:[ ]+)'(?P<inner>.*)'[ ]*$")
_BLOCK_HEADER = re.compile(r"^(?P<head>[ ]*(?:- +)?[A-Za-z_$][\w$.-]*:[ ]+)(?P<first>[|>])[|>]+(?P<rest>[-+0-9]*)[ ]*$")
_NOT_PLAIN = tuple("\"'|>{[&*!%@`#")


@attrs.frozen(kw_only=True)
class Repair:
    line: int  # 1-based, relative to the YAML text
    key: str
    what: str = "unquoted ': ' inside a plain value"


def repair_yaml(text: str) -> tuple[str, tuple[Repair, ...]]:
    """Every known defect repaired (see the module docstring)."""
    lines = text.split("\n")
    repairs: list[Repair] = []
    for index, line in enumerate(lines):
        quoted = _SINGLE_QUOTED.match(line)
        if quoted and "'" in quoted.group("inner").replace("''", ""):
            inner = quoted.group("inner").replace("''", "'")
            lines[index] = quoted.group("head") + '"' + _escape(inner) + '"'
            repairs.append(Repair(line=index + 1, key=_key(line), what="a lone ' inside a single-quoted value"))
            continue
        header = _BLOCK_HEADER.match(line)
        if header:
            lines[index] = header.group("head") + header.group("first") + header.group("rest")
            repairs.append(Repair(line=index + 1, key=_key(line), what="a block scalar header with both | and >"))
    fixed, colon_repairs = repair_plain_colons("\n".join(lines))
    return fixed, tuple(sorted((*repairs, *colon_repairs), key=lambda r: r.line))


def _key(line: str) -> str:
    return line.strip().lstrip("- ").split(":", 1)[0]


def repair_plain_colons(text: str) -> tuple[str, tuple[Repair, ...]]:
    lines = text.split("\n")
    repairs: list[Repair] = []
    i = 0
    while i < len(lines):
        m = _KEY_LINE.match(lines[i])
        if m is None or m.group("value").startswith(_NOT_PLAIN):
            i += 1
            continue
        indent = len(m.group("lead"))
        # A plain scalar continues on following lines indented deeper than its key.
        end = i
        while end + 1 < len(lines) and lines[end + 1].strip() and _indent(lines[end + 1]) > indent:
            end += 1
        body = [m.group("value")] + [ln.strip() for ln in lines[i + 1 : end + 1]]
        if not any(": " in part or part.endswith(":") for part in body):
            i = end + 1
            continue
        quoted = [_escape(part) for part in body]
        quoted[0] = '"' + quoted[0]
        quoted[-1] = quoted[-1] + '"'
        lines[i] = f"{m.group('lead')}{m.group('key')}: {quoted[0]}"
        for k, part in enumerate(quoted[1:], start=i + 1):
            lines[k] = " " * (indent + 2) + part
        repairs.append(Repair(line=i + 1, key=m.group("key")))
        i = end + 1
    return "\n".join(lines), tuple(repairs)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _escape(part: str) -> str:
    return part.replace("\\", "\\\\").replace('"', '\\"')
