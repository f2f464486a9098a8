# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Keeping the API key out of reprs, log lines and exception messages.

Two layers, because neither alone is enough: a pattern that hides any
``Bearer <token>`` (catches keys we were never told about, e.g. echoed by a
relay) and a literal replacement of the known key (catches a key echoed
without the ``Bearer`` prefix).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
    """Redact every string inside decoded JSON (dicts, lists, scalars) without mutating it."""
    secret_list = list(secrets)
    if isinstance(value, str):
        return redact(value, secret_list)
    if isinstance(value, dict):
        return {k: redact_obj(v, secret_list) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_obj(v, secret_list) for v in value]
    return value
