"""Stage 7, write: the stamp that says what an output folder was generated from.

Input: the fingerprint of the inputs (spec bytes and options), of the
generator (its code, templates, runtime and pinned tools) and the output files.
Output: a ``[tool.kling-codegen]`` table at the end of the generated
``pyproject.toml`` (the one place the spec's hash lives), and the test
``is_current``: when it holds, ``generate`` and ``check`` have nothing to do.
The output digest covers every other byte of the folder, so a hand edit is
never mistaken for a fresh tree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import attrs

from .disk import read_tree

STAMP_FILE = "pyproject.toml"
_TABLE = "[tool.kling-codegen]"
_GENERATOR_ROOT = Path(__file__).resolve().parent.parent
_REPO_ROOT = _GENERATOR_ROOT.parent


@attrs.frozen(kw_only=True)
class Stamp:
    inputs: str
    generator: str


def _digest(parts: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in sorted(parts):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:32]


def inputs_fingerprint(raw: Iterable[tuple[str, bytes]], options: Mapping[str, str]) -> str:
    """The spec files (by base name and content) and the options that shape the output."""
    named = [(name.rsplit("/", 1)[-1], data) for name, data in raw]
    named += [(f"option:{key}", value.encode()) for key, value in options.items()]
    return _digest(named)


@cache
def generator_fingerprint() -> str:
    """The generator's own code and templates (runtime included) and the pins it runs with."""
    parts = [
        (path.relative_to(_REPO_ROOT).as_posix(), path.read_bytes())
        for root in (_GENERATOR_ROOT, _REPO_ROOT / "templates")
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    ]
    pins = _REPO_ROOT / "pyproject.toml"
    if pins.is_file():
        parts.append(("pyproject.toml", pins.read_bytes()))
    return _digest(parts)


def _unstamped(text: str) -> str:
    head, sep, _ = text.partition("\n" + _TABLE + "\n")
    return (head if sep else text).rstrip("\n") + "\n"


def output_digest(files: Mapping[str, str]) -> str:
    return _digest((name, (_unstamped(text) if name == STAMP_FILE else text).encode()) for name, text in files.items())


def stamp_files(files: Mapping[str, str], stamp: Stamp) -> dict[str, str]:
    """``files`` with the stamp table appended to ``pyproject.toml`` (replacing an old one)."""
    stamped = dict(files)
    base = _unstamped(stamped.get(STAMP_FILE, "")).rstrip("\n")
    table = (
        f"\n\n{_TABLE}\n"
        "# What this folder was generated from. `python -m generator check` compares it and has nothing to do\n"
        "# when all three match.\n"
        f'inputs = "{stamp.inputs}"\n'
        f'generator = "{stamp.generator}"\n'
        f'output = "{output_digest(files)}"\n'
    )
    stamped[STAMP_FILE] = (base + table).lstrip("\n")
    return stamped


def read_stamp(text: str) -> tuple[Stamp, str] | None:
    _, sep, table = text.partition("\n" + _TABLE + "\n")
    if not sep:
        return None
    values: dict[str, str] = {}
    for line in table.splitlines():
        key, eq, value = line.partition(" = ")
        if eq and key in ("inputs", "generator", "output"):
            values[key] = value.strip().strip('"')
    if len(values) != 3:
        return None
    return Stamp(inputs=values["inputs"], generator=values["generator"]), values["output"]


def is_current(out_dir: Path, stamp: Stamp) -> bool:
    """The folder holds exactly what this generator made from these inputs, untouched since."""
    pyproject = out_dir / STAMP_FILE
    try:
        recorded = read_stamp(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False
    if recorded is None or recorded[0] != stamp:
        return False
    return output_digest(read_tree(out_dir)) == recorded[1]
