"""Repair the one YAML defect the vendor's machine-translated pages are known for.

Stage 1: load. Input: YAML text that failed to parse. Output: the text with every
plain ``description:``/``summary:`` scalar that contains an unquoted ``": "``
re-quoted in place (same line count, so line numbers stay true), plus one
record per repair for lint. Nothing else is touched: other defects stay errors.
"""

from __future__ import annotations

import re

import attrs

_KEY_LINE = re.compile(r"^(?P<lead>[ ]*(?:- +)?)(?P<key>description|summary):[ ]+(?P<value>\S.*?)[ ]*$")
_NOT_PLAIN = tuple("\"'|>{[&*!%@`#")


@attrs.frozen(kw_only=True)
class Repair:
    line: int  # 1-based, relative to the YAML text
    key: str


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
