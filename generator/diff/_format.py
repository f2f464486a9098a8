"""Render a list of changes for people and machines.

Stage: diff. Input: sorted ``Change`` records and a format name.
Output: text (``text`` for terminals, ``json`` for tools, ``markdown`` for
pull-request comments, ``github`` for GitHub Actions workflow-command
annotations). Output depends only on the changes and their ``Context`` (the
spec line each change is at, and the sentence it came from): no dates, no
paths of this machine. GitHub annotations carry ``file=`` and ``line=`` so
they attach to the changed line of the pull request's diff.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Literal

import attrs

from ..vocab.findings import Location
from ._rules import LEVELS, Change

Format = Literal["text", "json", "markdown", "github"]
FORMATS: tuple[Format, ...] = ("text", "json", "markdown", "github")
_GITHUB_COMMAND = {"ERR": "error", "WARN": "warning", "INFO": "notice"}


@attrs.frozen(kw_only=True)
class Context:
    """Where changes are in the specs: ``locate(change)`` (the new spec's line: the sentence a prose rule came
    from, else the changed key, else the nearest one that still exists) and ``quote(change)`` (the old and new
    sentence a changed rule came from, when prose said it)."""

    locate: Callable[[Change], Location | None] = lambda _change: None
    quote: Callable[[Change], tuple[str, str] | None] = lambda _change: None


NO_CONTEXT = Context()


def render_changes(changes: Sequence[Change], fmt: str, context: Context = NO_CONTEXT) -> str:
    """Render ``changes`` in ``fmt`` (one of ``FORMATS``); the text ends with a newline."""
    if fmt == "text":
        return _render_text(changes, context)
    if fmt == "json":
        return _render_json(changes, context)
    if fmt == "markdown":
        return _render_markdown(changes, context)
    if fmt == "github":
        return _render_github(changes, context)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _quoted(change: Change, context: Context) -> str:
    quote = context.quote(change)
    if quote is None:
        return ""
    old, new = quote
    if old and new and old != new:
        return f"was “{old}”, now “{new}”"
    return f"“{new or old}”"


def summarize(changes: Sequence[Change]) -> str:
    """``"3 changes: 1 ERR, 0 WARN, 2 INFO"``."""
    counts = ", ".join(f"{sum(c.level == level for c in changes)} {level}" for level in LEVELS)
    noun = "change" if len(changes) == 1 else "changes"
    return f"{len(changes)} {noun}: {counts}"


def _render_text(changes: Sequence[Change], context: Context) -> str:
    if not changes:
        return "No changes.\n"
    lines = []
    for change in changes:
        where = f"{change.operation}: " if change.operation else ""
        lines.append(f"{change.level:<4} [{change.id}] {where}{change.message}")
        located = context.locate(change)
        lines.append(f"     at {located} (#{change.pointer})" if located else f"     at #{change.pointer}")
        quoted = _quoted(change, context)
        if quoted:
            lines.append(f"     the spec says: {quoted}")
    lines.append(summarize(changes))
    return "\n".join(lines) + "\n"


def _render_json(changes: Sequence[Change], context: Context) -> str:
    records = []
    for c in changes:
        located = context.locate(c)
        quote = context.quote(c)
        records.append({"id": c.id, "level": c.level, "operation": c.operation, "pointer": c.pointer,
                        "message": c.message, "file": located.file if located else None,
                        "line": located.line if located else None,
                        "old_sentence": quote[0] if quote else None, "new_sentence": quote[1] if quote else None})  # fmt: skip
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _render_markdown(changes: Sequence[Change], context: Context) -> str:
    if not changes:
        return "No changes.\n"
    lines = [
        "| Level | Rule | Operation | Change | Where |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in changes:
        located = context.locate(c)
        pointer = f"`{_cell(str(located))}`" if located else (f"`#{_cell(c.pointer)}`" if c.pointer else "")
        quoted = _quoted(c, context)
        message = _cell(c.message) + (f"<br>{_cell(quoted)}" if quoted else "")
        lines.append(f"| {c.level} | `{c.id}` | {_cell(c.operation)} | {message} | {pointer} |")
    lines.extend(["", summarize(changes)])
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _render_github(changes: Sequence[Change], context: Context) -> str:
    """One workflow command per change (``::error file=spec/x.md,line=57,title=<id>::...``); none renders as nothing."""
    lines = []
    for c in changes:
        where = f"{c.operation}: " if c.operation else ""
        quoted = _quoted(c, context)
        message = f"{where}{c.message}" + (f"; the spec says {quoted}" if quoted else "") + f" (at #{c.pointer})"
        located = context.locate(c)
        properties = f"file={_escape_property(located.file)},line={located.line}," if located else ""
        lines.append(
            f"::{_GITHUB_COMMAND[c.level]} {properties}title={_escape_property(c.id)}::{_escape_data(message)}"
        )
    return "".join(line + "\n" for line in lines)
