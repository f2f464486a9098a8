# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Keeping the API key out of reprs, log lines and exception messages.

Two layers, because neither alone is enough: a pattern that hides any
``Bearer <token>`` (catches keys we were never told about, e.g. echoed by a
relay) and a literal replacement of the known key (catches a key echoed
without the ``Bearer`` prefix).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

__all__ = ["REDACTED", "redact", "redact_obj"]

REDACTED = "[redacted]"

_BEARER = re.compile(r"(?i)\b(bearer)(\s+|%20|\+)[^\s\"',;}\]]+")


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return ``text`` with bearer tokens and every given secret replaced."""
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    for secret in secrets:
        # Very short "secrets" would shred ordinary words; real keys are long.
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    return text


def redact_obj(value: object, secrets: Iterable[str | None] = ()) -> object:
    """Redact every string inside decoded JSON (dict keys too, lists, scalars) without mutating it.

    Iterative, so a body nested thousands of levels deep cannot exhaust the stack.
    """
    secret_list = list(secrets)
    result: list[object] = [None]
    stack: list[tuple[object, Callable[[object], None]]] = [(value, lambda v: result.__setitem__(0, v))]
    while stack:
        node, assign = stack.pop()
        if isinstance(node, dict):
            copy: dict[object, object] = {}
            assign(copy)
            for key, item in node.items():
                new_key = redact(key, secret_list) if isinstance(key, str) else key
                stack.append((item, functools.partial(copy.__setitem__, new_key)))
        elif isinstance(node, list):
            items: list[object] = [None] * len(node)
            assign(items)
            stack.extend((item, functools.partial(items.__setitem__, i)) for i, item in enumerate(node))
        else:
            assign(redact(node, secret_list) if isinstance(node, str) else node)
    return result[0]
