"""Read spec sources from disk: Apifox markdown pages, YAML and JSON documents, overlays.

Stage 1: load. Input: file or folder paths (or ``git:REF[:PATH]`` for a diff
side). Output: a ``SourceSet``: ``SourceDocument`` records (plain data + line
map per file), hand-written overlays, and the repairs made to the vendor's
known YAML defect. With the write stage, this package is the only one that
touches the disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..vocab.findings import Finding, Location, SpecError
from ..vocab.sourcemap import SourceMap
from .json_lines import parse_json
from .markdown import select_spec_blocks
from .repair import repair_yaml
from .yaml_tree import parse_yaml

MAX_BYTES = 10 * 1024 * 1024
SPEC_SUFFIXES = (".md", ".markdown", ".yaml", ".yml", ".json")
OVERLAY_SUFFIXES = (".overlay.yaml", ".overlay.yml", ".overlay.json")


@attrs.frozen(kw_only=True)
class SourceDocument:
    """One input document as data, with the lines it came from."""

    name: str
    data: dict[str, Any]
    source_map: SourceMap = attrs.field(eq=False)
    repairs: tuple[Finding, ...] = ()


@attrs.frozen(kw_only=True)
class SourceSet:
    documents: tuple[SourceDocument, ...]
    overlays: tuple[SourceDocument, ...]
    raw_bytes: tuple[tuple[str, bytes], ...]  # (name, bytes) of every input, for content hashing

    @property
    def repairs(self) -> tuple[Finding, ...]:
        return tuple(r for d in self.documents for r in d.repairs)


def display_name(path: Path) -> str:
    """A stable, relative-when-possible name: output must not embed absolute paths."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:
        return path.as_posix()


def expand_paths(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """Split inputs into spec documents and overlays, folders expanded in sorted order."""
    specs: list[Path] = []
    overlays: list[Path] = []
    for path in paths:
        if path.is_dir():
            members = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        elif path.exists():
            members = [path]
        else:
            raise SpecError("no such file or folder", Location(file=display_name(path), line=0))
        for member in members:
            name = member.name.lower()
            if name.endswith(OVERLAY_SUFFIXES):
                overlays.append(member)
            elif name.endswith(SPEC_SUFFIXES) and name != "readme.md":
                specs.append(member)
            elif not path.is_dir():
                raise SpecError(
                    "unsupported file type (expected .md, .yaml, .yml or .json)",
                    Location(file=display_name(member), line=0),
                )
    if not specs:
        raise SpecError("no spec documents found", Location(file=", ".join(display_name(p) for p in paths), line=0))
    return specs, overlays


def read_inputs(paths: Sequence[Path]) -> tuple[tuple[str, bytes], ...]:
    """The bytes of every input (spec documents first, then overlays), unparsed: enough to fingerprint."""
    specs, overlays = expand_paths(paths)
    return tuple(_read(path) for path in [*specs, *overlays])


def load_sources(paths: Sequence[Path]) -> SourceSet:
    return load_texts(read_inputs(paths))


def load_texts(items: Iterable[tuple[str, bytes]]) -> SourceSet:
    """Like ``load_sources`` for in-memory inputs (e.g. a spec read from git)."""
    documents: list[SourceDocument] = []
    overlays: list[SourceDocument] = []
    raw: list[tuple[str, bytes]] = []
    for name, data in items:
        raw.append((name, data))
        parsed = parse_documents(data, name)
        (overlays if name.lower().endswith(OVERLAY_SUFFIXES) else documents).extend(parsed)
    return SourceSet(documents=tuple(documents), overlays=tuple(overlays), raw_bytes=tuple(raw))


def _read(path: Path) -> tuple[str, bytes]:
    name = display_name(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SpecError(
                f"file is {size} bytes; specs larger than {MAX_BYTES} bytes are refused", Location(file=name, line=1)
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SpecError(f"cannot read: {exc.strerror}", Location(file=name, line=0)) from None
    if len(data) > MAX_BYTES:
        raise SpecError(f"specs larger than {MAX_BYTES} bytes are refused", Location(file=name, line=1))
    return name, data


def decode_text(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SpecError(f"invalid UTF-8 (byte 0x{data[exc.start]:02x})", Location(file=name, line=line)) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SpecError("NUL character in spec text", Location(file=name, line=line))
    return text.replace("\r\n", "\n")


def parse_documents(data: bytes, name: str) -> list[SourceDocument]:
    """The OpenAPI documents of one input: one per file, or one per OpenAPI block of a markdown page."""
    if len(data) > MAX_BYTES:
        raise SpecError(f"specs larger than {MAX_BYTES} bytes are refused", Location(file=name, line=1))
    text = decode_text(data, name)
    if name.lower().endswith((".md", ".markdown")):
        return [_parse_text(block.text, name, block.first_line - 1) for block in select_spec_blocks(text, name)]
    return [_parse_text(text, name, 0)]


def _parse_text(text: str, name: str, offset: int) -> SourceDocument:
    lower = name.lower()
    repairs: tuple[Finding, ...] = ()
    if lower.endswith(".json"):
        value, source_map = parse_json(text, file=name, line_offset=offset)
    elif text.lstrip().startswith("{"):
        try:  # JSON in a .yaml file or a ```json block; YAML flow style otherwise
            value, source_map = parse_json(text, file=name, line_offset=offset)
        except SpecError:
            value, source_map, repairs = _parse_yaml_with_repair(text, name, offset)
    else:
        value, source_map, repairs = _parse_yaml_with_repair(text, name, offset)
    if not isinstance(value, dict):
        raise SpecError(
            "the document is not a mapping (expected an OpenAPI object)", Location(file=name, line=offset + 1)
        )
    return SourceDocument(name=name, data=value, source_map=source_map, repairs=repairs)


def _parse_yaml_with_repair(text: str, name: str, offset: int) -> tuple[Any, SourceMap, tuple[Finding, ...]]:
    try:
        value, source_map = parse_yaml(text, file=name, line_offset=offset)
        return value, source_map, ()
    except SpecError:
        repaired, repairs = repair_yaml(text)
        if not repairs:
            raise
        # The repaired text keeps every line where it was, so its own error (a defect the repairs do not
        # cover) is reported at the right place.
        value, source_map = parse_yaml(repaired, file=name, line_offset=offset)
    findings = tuple(
        Finding(
            level="warning",
            code="yaml-repaired",
            message=f"{r.what} of {r.key!r} made the YAML invalid; repaired in place",
            location=Location(file=name, line=offset + r.line),
        )
        for r in repairs
    )
    return value, source_map, findings


def load_side(spec: str) -> SourceSet:
    """A diff side: a path, or ``git:REF[:PATH]`` (default path ``spec/``) read with ``git show``."""
    if not spec.startswith("git:"):
        return load_sources([Path(spec)])
    import subprocess

    ref, _, sub = spec[4:].partition(":")
    sub = sub or "spec"
    if not ref or ref.startswith("-"):
        raise SpecError(f"bad git revision in {spec!r}", Location(file=spec, line=0))
    listing = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", ref, "--", sub], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise SpecError(f"git cannot list {sub!r} at {ref!r}: {listing.stderr.strip()}", Location(file=spec, line=0))
    names = [n for n in listing.stdout.splitlines() if n.lower().endswith(SPEC_SUFFIXES) and n.lower() != "readme.md"]
    items = []
    for name in sorted(names):
        full = name
        shown = subprocess.run(["git", "show", f"{ref}:{full}"], capture_output=True, check=False)
        if shown.returncode != 0:
            raise SpecError(f"git cannot read {full!r} at {ref!r}", Location(file=spec, line=0))
        items.append((f"{ref}:{full}", shown.stdout))
    if not items:
        raise SpecError(f"no spec documents under {sub!r} at {ref!r}", Location(file=spec, line=0))
    return load_texts(items)
