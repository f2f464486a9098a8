"""The user cache: compiled templates and the fingerprints of specs that already validated.

Stage: infrastructure for validate and render (it never changes output, only
skips repeated work). Input: content fingerprints. Output: hits and misses.
Lives under ``$KLING_CODEGEN_CACHE`` or ``$XDG_CACHE_HOME/kling-codegen``
(``~/.cache/kling-codegen``); ``KLING_CODEGEN_CACHE=off`` disables it, and an
unwritable location silently disables it too: a cache must never break a build.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import jinja2
from jinja2 import BytecodeCache, FileSystemBytecodeCache


@cache
def cache_root() -> Path | None:
    configured = os.environ.get("KLING_CODEGEN_CACHE")
    if configured == "off":
        return None
    base = Path(configured) if configured else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    root = base if configured else base / "kling-codegen"
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / ".probe"
        probe.write_text("")
        probe.unlink()
    except OSError:
        return None
    return root


def template_cache() -> BytecodeCache | None:
    root = cache_root()
    if root is None:
        return None
    folder = root / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def seen(kind: str, key: str) -> bool:
    root = cache_root()
    return root is not None and (root / kind / key).is_file()


def remember(kind: str, key: str) -> None:
    root = cache_root()
    if root is None:
        return
    try:
        (root / kind).mkdir(exist_ok=True)
        (root / kind / key).write_text("")
    except OSError:
        pass
