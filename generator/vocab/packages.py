"""Shared vocabulary: which names may be the generated package's own.

Stage: all (the CLI checks ``--package-name`` before any stage runs; imports nothing of the generator).
Input: a candidate package name. Output: why it cannot be one, or None. Kept apart from
``build.naming`` so that checking an option does not import openapi-python-client.
"""

from __future__ import annotations

import builtins
import keyword
import sys
import unicodedata

# The generated package's dependencies and theirs: a package of one of these names would shadow it.
DEPENDENCY_MODULES = frozenset({
    "httpx", "httpcore", "h11", "h2", "anyio", "sniffio", "idna", "certifi", "attrs", "attr",
    "typing_extensions", "exceptiongroup",
})  # fmt: skip
MAX_PACKAGE_NAME = 100


def package_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be the generated package's name, or None when it can."""
    if not isinstance(name, str) or not name:
        return "is empty"
    if len(name) > MAX_PACKAGE_NAME:
        return f"is {len(name)} characters long; at most {MAX_PACKAGE_NAME} are allowed"
    normalised = unicodedata.normalize("NFKC", name)
    if normalised != name:
        return f"changes under Unicode NFKC normalisation (Python would import it as {normalised!r})"
    if not name.isidentifier() or not name.isascii():
        return "is not an ASCII Python identifier (letters, digits and _, not starting with a digit)"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "is a Python keyword"
    if name.startswith("_"):
        return "starts with _ (a private name)"
    if name in sys.stdlib_module_names or name in dir(builtins):
        return "is the name of a standard-library module or builtin, which it would shadow"
    if name.lower() in DEPENDENCY_MODULES:
        return "is the name of a dependency of the generated package, which it would shadow"
    return None
