"""Shared records passed between stages: where a thing is, what was found, what was extracted.

Stage: all. Input: none. Output: immutable value types used by load, validate,
extract, lint and render. Nothing here touches the disk or prints.
"""

from __future__ import annotations

from typing import Literal

import attrs

Level = Literal["error", "warning", "note"]


@attrs.frozen(kw_only=True, order=True)
class Location:
    """A line in an original input file (1-based), as the user sees it."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@attrs.frozen(kw_only=True)
class Finding:
    """A lint result: something a spec author should look at or fix."""

    level: Level
    code: str
    message: str
    pointer: str = ""
    location: Location | None = None

    def render(self) -> str:
        where = str(self.location) if self.location else "<spec>"
        return f"{where}: {self.level}: {self.message} [{self.code}]"


@attrs.frozen(kw_only=True)
class Extraction:
    """One schema keyword derived from prose, with the evidence that justifies it.

    ``pointer`` is an RFC 6901 pointer into the loaded (merged) OpenAPI document,
    to the schema object (or parameter object) that receives ``keyword``.
    For ``x-dependencies`` the value is one IDL rule string; the overlay
    collects all rules of a schema into a list.
    """

    pointer: str
    keyword: str
    value: object
    evidence: str
    rule: str
    location: Location | None = None


class OptionError(Exception):
    """A command-line option the generator cannot use (the CLI prints it and exits 2)."""


class SpecError(Exception):
    """A spec that cannot be used: rendered by the CLI as ``file:line: message`` with exit 2."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        where = str(self.location) if self.location else "<spec>"
        return f"{where}: {self.message}"
