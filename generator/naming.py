"""Safe Python names for things the spec names.

Stage 5a: build model. Input: untrusted names from the spec. Output: valid,
non-reserved identifiers and class names (openapi-python-client's sanitising,
which keeps keywords, builtins and leading digits out), never raw spec text.
"""

from __future__ import annotations

import builtins
import keyword

from openapi_python_client import strings

_RESERVED = frozenset(dir(builtins)) | frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
MAX_IDENTIFIER = 80


def identifier(value: str, *, prefix: str = "field_") -> str:
    name = str(strings.PythonIdentifier(value, prefix))
    if not name or not name.isidentifier():
        name = prefix + "unnamed"
    if name in _RESERVED or name.startswith("__"):
        name = name.strip("_") + "_"
        if not name.isidentifier() or keyword.iskeyword(name):
            name = prefix + name
    return name[:MAX_IDENTIFIER]


def class_name(value: str, *, prefix: str = "Model") -> str:
    name = str(strings.ClassName(value, prefix))
    if not name.isidentifier() or keyword.iskeyword(name):
        name = prefix + "Unnamed"
    return name[:MAX_IDENTIFIER]
