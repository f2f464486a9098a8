"""Stage 3: extract. Enumerations: "Enumeration Values: a, b", "枚举值：a、b", bullet lists under a header.

Input: a normalised ``Text``. Output: ``EnumClaim`` (raw value strings, still
untyped) and ``Doubt`` notes. A list is only taken when every item is a clean
literal once glosses are stripped (``subject (character feature reference)``
-> ``subject``, ``std: standard mode`` -> ``std``); a list with prose in it,
or one left open ("etc.", "等"), is a doubt, never a guess.
"""

from __future__ import annotations

import re

from ._claims import Doubt, EnumClaim
from ._text import Text

# Headers after which a colon is optional ("must be one of a, b", "可选值为a、b").
_OPEN_HEADERS = r"must be one of|can be one of|one of|can be either|must be either|supported values are|currently supported values are"
_COLON_HEADERS = (
    r"enumeration values?|enumerated values?|enum values?|possible enum values|enumerations?|enums?|"
    r"possible values|allowed values|valid values|accepted values|supported values|available values|"
    r"acceptable values|permitted values|value options|available options|options|"
    r"枚举值|枚举|可选值|可选项|可选|可取值|取值|允许值|有效值|支持的值"
)
_HEADER = re.compile(
    r"(?i)(?<![A-Za-z0-9_])(?:(?P<open>" + _OPEN_HEADERS + r")|(?P<colon>" + _COLON_HEADERS + r")"
    r"(?:\s{1,2}(?:are|include|includes))?\s{0,2}(?:为|有|包括|包含|是)?)"
    r"\s{0,2}(?P<sep>:)?(?:\s{0,2}the following(?:\s{1,2}values)?\s{0,2}:?)?"
)
_TOKEN = re.compile(r"[A-Za-z0-9_.:+\-/@#*=]{1,64}")
_OPEN_ENDED = re.compile(r"(?i)\betc\b|\.\.\.|…|等$|等等")
_BULLET = re.compile(r"\s{0,8}(?:[-*•]\s{1,3})?(?P<body>\S.{0,300})")
_MAX_ITEMS = 200
_NEXT_STATEMENT = re.compile(r"(?i),\s{0,2}(?:默认|default\b|取值范围|范围)")


def find_enums(text: Text) -> tuple[list[EnumClaim], list[Doubt]]:
    claims: list[EnumClaim] = []
    doubts: list[Doubt] = []
    for sentence in text.sentences:
        for match in _HEADER.finditer(text.norm, sentence.start, sentence.end):
            if match.group("colon") and not match.group("sep") and not _has_verb(match.group(0)):
                continue
            rest = text.norm[match.end() : sentence.end]
            if rest.strip(" .\n"):
                outcome = _inline(text, match.start(), sentence.end, rest)
            elif match.group("sep"):
                outcome = _bullets(text, match.start(), sentence.end)
            else:
                outcome = None
            if isinstance(outcome, EnumClaim):
                claims.append(outcome)
            elif isinstance(outcome, Doubt):
                doubts.append(outcome)
            break
    return claims, doubts


def _has_verb(header: str) -> bool:
    return bool(re.search(r"(?i)\b(?:are|include|includes)\b|为|有|包括|包含|是", header))


def _inline(text: Text, start: int, end: int, rest: str) -> EnumClaim | Doubt | None:
    evidence = text.quote(start, end)
    rule = "zh.enum.inline" if re.search(r"[\u4e00-\u9fff]", text.norm[start : start + 6]) else "en.enum.inline"
    body = _until_next_statement(rest.strip().rstrip(".;!?").strip())
    if _OPEN_ENDED.search(body):
        return Doubt(evidence=evidence, reason="the value list is left open")
    items = _split(body)
    values = [_clean(item) for item in items]
    if len(items) < 2:
        return None
    if any(v is None for v in values) or len(items) > _MAX_ITEMS:
        return Doubt(evidence=evidence, reason="a listed value is not a plain literal")
    if len(set(values)) != len(values):
        return Doubt(evidence=evidence, reason="a value is listed twice")
    return EnumClaim(values=tuple(v for v in values if v is not None), evidence=evidence, rule=rule)


def _bullets(text: Text, start: int, header_end: int) -> EnumClaim | Doubt | None:
    """``Enumerated values:`` alone on its line, then one ``- value: meaning`` per line."""
    line_index = text.line_index(start)
    values: list[str] = []
    end = header_end
    for span in text.lines[line_index + 1 : line_index + 1 + _MAX_ITEMS]:
        line = text.norm[span.start : span.end]
        match = _BULLET.fullmatch(line)
        if not line.strip() or match is None:
            break
        value = _bullet_value(match.group("body"), bulleted=line.lstrip()[:1] in "-*•")
        if value is None or value in values:
            return Doubt(evidence=text.quote(start, span.end), reason="a listed value is not a plain literal")
        values.append(value)
        end = span.end
    if len(values) < 2:
        return None
    rule = "zh.enum.list" if re.search(r"[\u4e00-\u9fff]", text.norm[start : start + 6]) else "en.enum.list"
    return EnumClaim(values=tuple(values), evidence=text.quote(start, end), rule=rule)


def _bullet_value(body: str, *, bulleted: bool) -> str | None:
    """``- `a`: meaning``, ``- a: meaning`` or, without a bullet, ``a: meaning``."""
    if not bulleted and ": " not in body:
        return None
    if body.startswith("`"):
        closing = body.find("`", 1)
        return _clean(body[: closing + 1]) if closing > 1 else None
    for separator in (": ", " - ", " ("):
        if separator in body:
            return _clean(body.split(separator, 1)[0])
    return _clean(body)


def _until_next_statement(body: str) -> str:
    """Chinese joins clauses with commas: "可选值：a、b，默认a" lists a and b, then states a default."""
    match = _NEXT_STATEMENT.search(body)
    return body[: match.start()].rstrip(" ,") if match else body


def _split(body: str) -> list[str]:
    items: list[str] = []
    for part in body.split(","):
        part = part.strip()
        if part.lower().startswith(("or ", "and ")):
            part = part.split(" ", 1)[1].strip()
        pieces = re.split(r"\s(?:or|\|)\s|\s\|\s|或", part)
        for piece in pieces:
            piece = piece.strip()
            if _quoted_run(piece):
                items.extend(piece.split())
            elif piece:
                items.append(piece)
    return items


def _quoted_run(piece: str) -> bool:
    """Stability's ``Enum: "16:9" "1:1" "21:9"``: quoted values separated by spaces."""
    words = piece.split()
    return len(words) > 1 and all(len(w) > 2 and w[0] == w[-1] and w[0] in "\"'`" for w in words)


def _clean(item: str) -> str | None:
    """One literal from one list item, glosses removed; None when prose is left over."""
    value = _strip_glosses(item)
    if value is None:
        return None
    if ": " in value:
        value = value.split(": ", 1)[0]
    value = value.strip().rstrip(".").strip()
    if len(value) > 2 and value[0] == value[-1] and value[0] in "\"'`":
        value = value[1:-1]
    return value if _TOKEN.fullmatch(value) and not value.endswith(":") else None


def _strip_glosses(item: str) -> str | None:
    """Remove every balanced ``(...)``; an unbalanced parenthesis means we misread the list."""
    depth = 0
    kept: list[str] = []
    for ch in item:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0:
            kept.append(ch)
    return "".join(kept) if depth == 0 else None
