"""Stage 3, augment: the limits a page states for an image field, read from the field's own description.

Input: the document after the hand overlays, where a field that takes an
image carries ``x-codegen-image: true``. Output: overlay actions turning that
into a mapping of the limits the description states (formats, size in bytes,
smallest side, aspect ratio), each with the sentence it came from. A limit the
description does not state is not invented; with none, the mark stays ``true``
(any image, unchecked).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..vocab import keys
from ..vocab.sourcemap import walk_objects
from .overlay import pointer_to_jsonpath

# A sentence ends at . ; 。 ； followed by a space (or the end): ".jpg" and "2.5" do not end one.
_END = re.compile(r"[.;](?=\s|$)|[。；]")
_SIZE = re.compile(
    r"(?:cannot|can not|must not|shall not|should not) exceed\s*(\d+)\s*MB|不(?:能|得)?超过\s*(\d+)\s*MB", re.I
)
_SIDE = re.compile(
    r"(?:at least|not be less than|no less than|not less than|minimum(?: of)?)\s*(\d+)\s*px|不(?:能|得)?(?:小于|低于)\s*(\d+)\s*px",
    re.I,
)
_RATIO = re.compile(
    r"between\s*1\s*:\s*(\d+(?:\.\d+)?)\s*(?:and|~|-|to)\s*(\d+(?:\.\d+)?)\s*:\s*1|1\s*:\s*(\d+(?:\.\d+)?)\s*[~～-]\s*(\d+(?:\.\d+)?)\s*:\s*1",
    re.I,
)
_FORMAT_LIST = re.compile(
    r"(?:formats?|格式)[^.;。；]*?((?:\.?(?:jpe?g|png|webp|gif|bmp)\b[\s/、,，和or and]*){2,})", re.I
)
_FORMAT = re.compile(r"jpe?g|png|webp|gif|bmp", re.I)


def _sentence(text: str, at: int) -> str:
    start = 0
    for match in _END.finditer(text):
        if match.end() <= at:
            start = match.end()
        else:
            return " ".join(text[start : match.end()].split())
    return " ".join(text[start:].split())


def _fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def image_limits(description: str) -> dict[str, Any]:
    """The limits ``description`` states, as an ``x-codegen-image`` mapping (empty when none)."""
    found: dict[str, Any] = {}
    evidence: dict[str, str] = {}
    size = _SIZE.search(description)
    if size:
        found["max-bytes"] = int(size.group(1) or size.group(2)) * 1024 * 1024
        evidence["max-bytes"] = _sentence(description, size.start())
    side = _SIDE.search(description)
    if side:
        found["min-side"] = int(side.group(1) or side.group(2))
        evidence["min-side"] = _sentence(description, side.start())
    ratio = _RATIO.search(description)
    if ratio:
        low, high = (ratio.group(1), ratio.group(2)) if ratio.group(1) else (ratio.group(3), ratio.group(4))
        found["ratio"] = [_fraction(1 / Fraction(low)), _fraction(Fraction(high))]
        evidence["ratio"] = _sentence(description, ratio.start())
    formats = _FORMAT_LIST.search(description)
    if formats:
        names = []
        for token in _FORMAT.findall(formats.group(1)):
            name = "jpeg" if token.lower() in ("jpg", "jpeg") else token.lower()
            if name not in names:
                names.append(name)
        found["formats"] = names
        evidence["formats"] = _sentence(description, formats.start())
    if found:
        found["evidence"] = evidence
    return found


def image_actions(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Overlay actions: each ``x-codegen-image: true`` field gets the limits its description states."""
    actions = []
    for pointer, node in walk_objects(document):
        if node.get(keys.IMAGE) is not True or not isinstance(node.get("description"), str):
            continue
        limits = image_limits(node["description"])
        if limits:
            actions.append({"target": pointer_to_jsonpath(document, pointer),
                            "description": "image limits stated in the field's description",
                            "update": {keys.IMAGE: limits}})  # fmt: skip
    return actions
