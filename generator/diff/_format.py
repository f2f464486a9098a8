"""Render a list of changes for people and machines.

Stage: diff. Input: sorted ``Change`` records and a format name.
Output: text (``text`` for terminals, ``json`` for tools, ``markdown`` for
pull-request comments, ``github`` for GitHub Actions workflow-command
annotations). Output depends only on the changes: no dates, no paths of this machine.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from ._rules import LEVELS, Change

Format = Literal["text", "json", "markdown", "github"]
FORMATS: tuple[Format, ...] = ("text", "json", "markdown", "github")
_GITHUB_COMMAND = {"ERR": "error", "WARN": "warning", "INFO": "notice"}


def render_changes(changes: Sequence[Change], fmt: str) -> str:
    """Render ``changes`` in ``fmt`` (one of ``FORMATS``); the text ends with a newline."""
    if fmt == "text":
        return _render_text(changes)
    if fmt == "json":
        return _render_json(changes)
    if fmt == "markdown":
        return _render_markdown(changes)
    if fmt == "github":
        return _render_github(changes)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def summarize(changes: Sequence[Change]) -> str:
    """``"3 changes: 1 ERR, 0 WARN, 2 INFO"``."""
    counts = ", ".join(f"{sum(c.level == level for c in changes)} {level}" for level in LEVELS)
    noun = "change" if len(changes) == 1 else "changes"
    return f"{len(changes)} {noun}: {counts}"


def _render_text(changes: Sequence[Change]) -> str:
    if not changes:
        return "No changes.\n"
    lines = []
    for change in changes:
        where = f"{change.operation}: " if change.operation else ""
        lines.append(f"{change.level:<4} [{change.id}] {where}{change.message}")
        lines.append(f"     at #{change.pointer}")
    lines.append(summarize(changes))
    return "\n".join(lines) + "\n"


def _render_json(changes: Sequence[Change]) -> str:
    records = [
        {"id": c.id, "level": c.level, "operation": c.operation, "pointer": c.pointer, "message": c.message}
        for c in changes
    ]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _render_markdown(changes: Sequence[Change]) -> str:
    if not changes:
        return "No changes.\n"
    lines = [
        "| Level | Rule | Operation | Change | Pointer |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in changes:
        pointer = f"`#{_cell(c.pointer)}`" if c.pointer else ""
        lines.append(f"| {c.level} | `{c.id}` | {_cell(c.operation)} | {_cell(c.message)} | {pointer} |")
    lines.extend(["", summarize(changes)])
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _render_github(changes: Sequence[Change]) -> str:
    """One workflow command per change (``::error title=<id>::...``); an empty list renders as nothing."""
    lines = []
    for c in changes:
        where = f"{c.operation}: " if c.operation else ""
        message = f"{where}{c.message} (at #{c.pointer})"
        lines.append(f"::{_GITHUB_COMMAND[c.level]} title={_escape_property(c.id)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)
