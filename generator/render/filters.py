"""Stage 6, render: the Jinja filters through which every spec string reaches generated code.

Input: untrusted spec text and data. Output: text safe in its context, each by
exactly one filter: ``pyrepr`` (a Python literal), ``docstring`` (inside a
triple-quoted docstring), ``fstring_path`` (the body of an f-string building a
URL path). ``identifier`` (in ``build.naming``) covers names.
"""

from __future__ import annotations

import math
import re
from typing import Any


def pyrepr(value: Any) -> str:
    """A Python literal for spec data: repr() escapes quotes, backslashes, controls and U+2028."""
    if hasattr(value, "get_untrusted_value"):
        value = value.get_untrusted_value()
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")'
    if isinstance(value, str):
        return ascii(value) if _needs_ascii(value) else repr(value)
    if isinstance(value, list | tuple):
        inner = ", ".join(pyrepr(v) for v in value)
        return f"({inner},)" if value else "()"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pyrepr(k)}: {pyrepr(v)}" for k, v in value.items()) + "}"
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    return repr(str(value))


def _needs_ascii(value: str) -> bool:
    # isprintable() is False for controls, format characters (zero-width, BOM), line/paragraph
    # separators, surrogates, private-use and unassigned code points: all get escaped.
    return not value.isprintable()


def docstring(value: Any) -> str:
    """Text safe inside a triple-quoted docstring: backslashes doubled, control characters dropped, and
    every third quote of a run escaped (so no ``\"\"\"`` can close the string), as is a final quote."""
    text = str(getattr(value, "get_untrusted_value", lambda: value)())
    if not text.replace("\n", "").isprintable():
        text = "".join(c if c == "\n" or c.isprintable() else " " for c in text)
    text = text.replace("\\", "\\\\").strip()
    out: list[str] = []
    run = 0
    for char in text:
        run = run + 1 if char == '"' else 0
        if run == 3:
            out.append('\\"')
            run = 0
        else:
            out.append(char)
    if out and out[-1] == '"':
        out[-1] = '\\"'
    return "".join(out)


def fstring_path(path: str, params: Any) -> str:
    """The body of an f-string building ``path``: literal parts escaped, placeholders percent-quoted."""
    names = {p.wire: p.arg for p in params if p.location == "path"}
    out = []
    for part in re.split(r"(\{[^{}]*\})", path):
        name = part[1:-1] if part.startswith("{") and part.endswith("}") else None
        if name is not None and name in names:
            out.append("{_quote(str(" + names[name] + "), safe='')}")
        else:
            out.append(_fstring_literal(part))
    return "".join(out)


def _fstring_literal(text: str) -> str:
    """Literal f-string text: quotes, backslashes and braces escaped, anything non-printable as an escape."""
    out = []
    for char in text:
        if char in '\\"':
            out.append("\\" + char)
        elif char in "{}":
            out.append(char * 2)
        elif not char.isprintable():
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)
