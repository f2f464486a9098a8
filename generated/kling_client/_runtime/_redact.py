# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Keeping the API key out of reprs, log lines and exception messages.

Two layers, because neither alone is enough: a pattern that hides any
``Bearer <token>`` (catches keys we were never told about, e.g. echoed by a
relay) and a replacement of the known key (catches a key echoed without the
``Bearer`` prefix). The key is matched in any letter case (a server may
lowercase what it echoes) and in its URL-, JSON- and repr-escaped forms.
Callers redact *before* they shorten a text: a key cut in half by a length
limit would no longer match.

``register_secret`` keeps a weak set of the keys of the clients alive in the
process, for the errors built where no client is at hand (task waiting).
"""

from __future__ import annotations

import functools
import json
import re
import threading
import weakref
from collections.abc import Callable, Iterable
from typing import Protocol
from urllib.parse import quote, quote_plus

__all__ = ["REDACTED", "known_secrets", "redact", "redact_obj", "redact_tracked", "register_secret"]

REDACTED = "[redacted]"

_BEARER = re.compile(r"(?i)\b(bearer)(\s+|%20|\+)[^\s\"',;}\]]+")
# Very short "secrets" would shred ordinary words; real keys are long.
_MIN_SECRET = 4


class _Holder(Protocol):
    def get(self) -> str: ...


_LIVE: weakref.WeakSet[_Holder] = weakref.WeakSet()
_LIVE_LOCK = threading.Lock()


def register_secret(holder: _Holder) -> None:
    """Remember a client's key holder (weakly: it leaves the set with its client)."""
    with _LIVE_LOCK:
        _LIVE.add(holder)


def known_secrets() -> list[str]:
    """The keys of every client alive in this process."""
    with _LIVE_LOCK:
        return [holder.get() for holder in list(_LIVE)]


@functools.lru_cache(maxsize=64)
def _pattern(secret: str) -> re.Pattern[str]:
    forms = {secret, quote(secret, safe=""), quote(secret), quote_plus(secret), json.dumps(secret)[1:-1],
             repr(secret)[1:-1]}  # fmt: skip
    return re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)), re.IGNORECASE)


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return ``text`` with bearer tokens and every given secret (any case, escaped forms) replaced."""
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    for secret in secrets:
        if secret and len(secret) >= _MIN_SECRET:
            text = _pattern(secret).sub(REDACTED, text)
    return text


def redact_tracked(value: object, secrets: Iterable[str | None] = ()) -> tuple[object, bool]:
    """``redact_obj`` that also tells whether anything was replaced."""
    secret_list = list(secrets)
    changed = False

    def clean(text: str) -> str:
        nonlocal changed
        new = redact(text, secret_list)
        changed = changed or new != text
        return new

    result: list[object] = [None]
    stack: list[tuple[object, Callable[[object], None]]] = [(value, lambda v: result.__setitem__(0, v))]
    while stack:
        node, assign = stack.pop()
        if isinstance(node, dict):
            copy: dict[object, object] = {}
            assign(copy)
            for key, item in node.items():
                new_key = clean(key) if isinstance(key, str) else key
                stack.append((item, functools.partial(copy.__setitem__, new_key)))
        elif isinstance(node, list | tuple):
            items: list[object] = [None] * len(node)
            assign(items)
            stack.extend((item, functools.partial(items.__setitem__, i)) for i, item in enumerate(node))
        else:
            assign(clean(node) if isinstance(node, str) else node)
    return result[0], changed


def redact_obj(value: object, secrets: Iterable[str | None] = ()) -> object:
    """Redact every string inside decoded JSON (dict keys too, lists, scalars) without mutating it.

    Iterative, so a body nested thousands of levels deep cannot exhaust the stack.
    """
    return redact_tracked(value, secrets)[0]
