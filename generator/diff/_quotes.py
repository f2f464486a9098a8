"""The sentence a changed rule came from, in the old and the new spec.

Stage: diff. Input: one ``Change`` and both documents (augmented, so prose
rules carry ``x-evidence``). Output: ``(old sentence, new sentence)`` for the
changed keyword at the change's pointer, or None when neither side states it
in prose (an explicit keyword has no sentence to quote).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..vocab import keys
from ..vocab.openapi import lookup
from ._rules import Change

# Rule-id fragments (after the request-/response- area) -> the keyword whose evidence is quoted.
_KEYWORDS = (
    ("exclusive-max", ("exclusiveMaximum", "maximum")),
    ("exclusive-min", ("exclusiveMinimum", "minimum")),
    ("max-length", ("maxLength",)),
    ("min-length", ("minLength",)),
    ("max-items", ("maxItems",)),
    ("min-items", ("minItems",)),
    ("max-", ("maximum", "exclusiveMaximum")),
    ("min-", ("minimum", "exclusiveMinimum")),
    ("enum", ("enum",)),
    ("default", ("default",)),
    ("dependency", (keys.DEPENDENCIES,)),
    ("pattern", ("pattern",)),
)


def _sentence(document: Mapping[str, Any], pointer: str, names: tuple[str, ...]) -> str:
    node = lookup(document, pointer)
    evidence = node.get(keys.EVIDENCE) if isinstance(node, Mapping) else None
    if not isinstance(evidence, Mapping):
        return ""
    for name in names:
        found = evidence.get(name)
        if isinstance(found, str) and found:
            return found
        if isinstance(found, Mapping) and found:  # x-dependencies: rule -> sentence
            return "; ".join(str(v) for v in found.values())
    return ""


def quote_for(change: Change, old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str, str] | None:
    names = next((kw for fragment, kw in _KEYWORDS if fragment in change.id), None)
    if names is None or not change.pointer:
        return None
    before, after = _sentence(old, change.pointer, names), _sentence(new, change.pointer, names)
    return (before, after) if before or after else None
