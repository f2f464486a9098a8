"""Stage 3: extract. What the phrase matchers claim a description says.

Input: none (types only). Output: the records that the matchers (``_bounds``,
``_enums``, ``_defaults``, ``_dependencies``) hand to ``_decide``, which types
them against the schema and turns them into Extractions or Findings.
"""

from __future__ import annotations

import re
from typing import Literal

import attrs

from ._numbers import Kind
from ._text import Span, Text

Side = Literal["min", "max"]

EXAMPLE_MARKERS = re.compile(r"(?i)\be\.g\.|\bfor example\b|\bsuch as\b|\blike\b|\bexample\b|例如|比如|举例")
CONDITION_MARKERS = re.compile(
    r"(?i)\b(?:when|if|unless|whenever|only for|in case)\b"
    r"|(?<![相适应恰妥充担])当(?![前天日])|如果|假如|若(?!干)|仅当|只有当"
    # "For GPT image models, it must be one of …", "对于 dall-e-2，…": a clause that opens on what it is for.
    r"|^\s{0,3}for\s{1,2}[^,;:]{1,40},|^\s{0,3}对于[^,;:]{1,30},"
)
# "It is recommended not to exceed 300 characters": advice, not a rule the server enforces.
ADVICE_MARKERS = re.compile(
    r"(?i)\brecommend(?:ed|s)?\b|\bsuggest(?:ed|s)?\b|\bideally\b|\bpreferably\b|建议|推荐|最好"
)
EACH_MARKERS = re.compile(r"(?i)\b(?:each|every|per-element)\b|每个|每张|每条|每项|每一|单个|单张|单条")
_CLAUSE_BREAKS = ",;("
# How far back a condition or quantifier word may stand from the rule it qualifies.
_LOOK_BACK = 300


@attrs.frozen(kw_only=True)
class Bound:
    """One side of a numeric rule; ``kind`` None means the field's own value."""

    side: Side
    value: int | float
    exclusive: bool
    kind: Kind | None
    interval: bool
    evidence: str
    rule: str
    # "array containing a single image URL": a count of the field's items, never a bound on a number.
    items_only: bool = False


@attrs.frozen(kw_only=True)
class EnumClaim:
    values: tuple[str, ...]
    evidence: str
    rule: str


@attrs.frozen(kw_only=True)
class DefaultClaim:
    value: str
    quoted: bool
    evidence: str
    rule: str
    # "default is 5 seconds": a number with its unit, which only a numeric field can take as written.
    unit: bool = False
    # "enabled by default", "默认开启": a switch's state, which only a boolean (or a true/false list) can take.
    switch: bool = False
    # "Default: none": a word for absence, a default only when the field lists it among its values.
    listed_only: bool = False


@attrs.frozen(kw_only=True)
class Doubt:
    """A sentence that looks like a rule but does not say one clearly enough to apply."""

    evidence: str
    reason: str


def sentence_evidence(text: Text, pos: int) -> str:
    span = text.sentence_of(pos)
    return text.quote(span.start, span.end)[:300]


def sentence_prefix(text: Text, pos: int) -> str:
    span = text.sentence_of(pos)
    return text.norm[max(span.start, pos - _LOOK_BACK) : pos]


def clause_prefix(text: Text, pos: int) -> str:
    """From the last comma, semicolon or opening parenthesis before ``pos`` in its sentence."""
    span: Span = text.sentence_of(pos)
    floor = max(span.start, pos - _LOOK_BACK)
    index = pos - 1
    while index >= floor and text.norm[index] not in _CLAUSE_BREAKS:
        index -= 1
    return text.norm[index + 1 : pos]


def clause_suffix(text: Text, pos: int) -> str:
    """From ``pos`` to the next comma, semicolon or parenthesis in its sentence (at most ``_LOOK_BACK``)."""
    span: Span = text.sentence_of(max(pos - 1, 0))
    ceiling = min(span.end, pos + _LOOK_BACK)
    index = pos
    while index < ceiling and text.norm[index] not in _CLAUSE_BREAKS:
        index += 1
    return text.norm[pos:index]
