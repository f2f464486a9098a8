"""Stage 3: extract. Normalised description text with a map back to the original.

Input: one raw description string. Output: a ``Text`` whose ``norm`` has
zero-width characters removed, full-width punctuation and digits folded to
ASCII (NFKC per character), and CJK list/clause punctuation spelled the way
English prose spells it, so one set of patterns serves both languages.
``quote`` maps a span of ``norm`` back to the exact original characters, so
evidence is always a verbatim quote.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

import attrs

# Spelled with a trailing space so that "key：desc" reads like "key: desc" (a gloss)
# while an ASCII "16:9" stays one value.
_FOLD = {
    "：": ": ",
    "，": ", ",
    "、": ", ",
    "；": "; ",
    "。": ". ",
    "！": "! ",
    "？": "? ",
    "（": " (",
    "）": ") ",
    "【": "[",
    "】": "]",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "～": "~",
    "〜": "~",
    "–": "-",
    "—": "-",
    "\t": " ",
    "\r": "",
}
_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

# A clause or sentence longer than this is not prose a person wrote a rule in;
# capping keeps every later scan bounded.
MAX_SENTENCE = 2000


@attrs.frozen(kw_only=True)
class Span:
    start: int
    end: int


@attrs.frozen(kw_only=True)
class Text:
    """A normalised description: ``norm`` plus ``origin[i]`` = index in ``raw`` of ``norm[i]``."""

    raw: str
    norm: str
    # Where each stretch of ``norm`` came from: stretch i starts at ``norm`` index ``pieces[i]`` and at ``raw``
    # index ``sources[i]``; a copied run (``copied[i]``) maps character by character, a folded character
    # (": " for "：") maps every one of its characters to its one original. Stretches, not a per-character
    # table, because most of a description is copied unchanged.
    pieces: tuple[int, ...]
    sources: tuple[int, ...]
    copied: tuple[bool, ...]
    lines: tuple[Span, ...]
    sentences: tuple[Span, ...]
    starts: tuple[int, ...]
    line_starts: tuple[int, ...]

    def quote(self, start: int, end: int) -> str:
        """The original characters behind ``norm[start:end]``, trimmed."""
        if end <= start or not self.norm:
            return ""
        end = min(end, len(self.norm))
        return self.raw[self.origin(start) : self.origin(end - 1) + 1].strip()

    def origin(self, pos: int) -> int:
        """The index in ``raw`` of the character that became ``norm[pos]``."""
        index = bisect.bisect_right(self.pieces, pos) - 1
        return self.sources[index] + (pos - self.pieces[index] if self.copied[index] else 0)

    def line_index(self, pos: int) -> int:
        return max(bisect.bisect_right(self.line_starts, pos) - 1, 0)

    def sentence_of(self, pos: int) -> Span:
        index = bisect.bisect_right(self.starts, pos) - 1
        if index >= 0 and pos < self.sentences[index].end:
            return self.sentences[index]
        return Span(start=pos, end=pos)


# Characters that may change under normalisation; every other character is copied in runs.
# CJK ideographs are unchanged by NFKC and by the folds, so only the counting numerals among them are special.
_SPECIAL = re.compile(
    r"[^\x00-\x7f\u4e00-\u9fff]|[\t\r*:]|[一两二三四五六七八九十](?=[张个条项段幅首])"
    r"|(?:two|three|four|five|six|seven|eight|nine|ten)\b"
    # Markdown emphasis "_Range: 1 – 16_": an underscore at a word's edge, not inside a name (max_tokens)
    r"|_(?:(?<![\w`]_)(?=[^\s_`])|(?<=[^\s_`]_)(?![\w`]))",
    re.I,
)


def normalise(raw: str) -> Text:
    chars: list[str] = []
    stretches: list[tuple[int, int, bool]] = []  # (start in norm, start in raw, copied), see Text.pieces
    numerals = _numeral_spans(raw)
    done = length = 0
    for special in _SPECIAL.finditer(raw):
        index = special.start()
        if index < done:
            continue
        if index > done:  # a run of plain characters, unchanged
            chars.append(raw[done:index])
            stretches.append((length, done, True))
            length += index - done
        end = special.end() if len(special.group(0)) > 1 else index + 1
        for position in range(index, end):
            folded = _fold_one(raw, position, numerals)
            if folded:
                chars.append(folded)
                stretches.append((length, position, False))
                length += len(folded)
        done = end
    if done < len(raw):
        chars.append(raw[done:])
        stretches.append((length, done, True))
    norm = "".join(chars)
    lines = _join_continued(_split_lines(norm), norm)
    sentences = tuple(s for line in lines for s in _split_sentences(norm, line))
    starts = tuple(s.start for s in sentences)
    return Text(
        raw=raw,
        norm=norm,
        pieces=tuple(s[0] for s in stretches),
        sources=tuple(s[1] for s in stretches),
        copied=tuple(s[2] for s in stretches),
        lines=lines,
        sentences=sentences,
        starts=starts,
        line_starts=tuple(span.start for span in lines),
    )


_CJK_NUMERALS = {"一": "1", "两": "2", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8",
                 "九": "9", "十": "10"}  # fmt: skip
_CJK_COUNTED = re.compile(r"(?<![一两二三四五六七八九十第每单])[一两二三四五六七八九十](?=[张个条项段幅首])")
_WORD_NUMBERS = re.compile(
    r"(?i)(?<![A-Za-z-])(two|three|four|five|six|seven|eight|nine|ten)(?=\s{1,2}(?!of\b|or\b|and\b|to\b)[A-Za-z])"
)
_WORD_VALUES = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
                "nine": "9", "ten": "10"}  # fmt: skip


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _bold_marker(raw: str, index: int) -> bool:
    """``**core**``: Markdown bold is dropped, a lone ``*`` (a wildcard, a product) is kept."""
    return raw[index - 1 : index] == "*" or raw[index + 1 : index + 2] == "*"


def _numeral_spans(raw: str) -> dict[int, str]:
    """Number words that count things, as digits: "最多4张", "一张图", "a maximum of two timbres".

    The replacement sits on the word's first character and the rest of the word is dropped (empty string).
    """
    found: dict[int, str] = {}
    for match in _CJK_COUNTED.finditer(raw):
        found[match.start()] = _CJK_NUMERALS[match.group(0)]
    if any(w in raw for w in ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "Two", "Ten")):
        for match in _WORD_NUMBERS.finditer(raw):
            found[match.start()] = _WORD_VALUES[match.group(1).lower()]
            for index in range(match.start() + 1, match.end()):
                found[index] = ""
    return found


def _fold_one(raw: str, index: int, numerals: dict[int, str]) -> str:
    """What ``raw[index]`` becomes: often itself, sometimes nothing or two characters (": " for "：")."""
    ch = raw[index]
    if ch in _DROP or (ch == "*" and _bold_marker(raw, index)) or ch == "_":
        return ""  # only an emphasis "_" is special: see _SPECIAL
    folded = numerals.get(index)
    if folded is None and ch == "：" and raw[index - 1 : index].isdigit() and raw[index + 1 : index + 2].isdigit():
        folded = ":"  # "16：9" is the ratio 16:9, not "16: 9"
    if folded is None:
        folded = _FOLD.get(ch)
    if folded is None and ch == ":" and index and _is_cjk(raw[index - 1]):
        folded = ": "  # "范围:1-8" reads like "范围：1-8", while "16:9" stays one value
    if folded is None:
        folded = unicodedata.normalize("NFKC", ch) if ord(ch) > 0x7F else ch
    return folded


def _split_lines(norm: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    index = norm.find("\n")
    while index >= 0:  # str.find, not a character loop: most descriptions are one or two lines
        spans.append(Span(start=start, end=index))
        start = index + 1
        index = norm.find("\n", start)
    spans.append(Span(start=start, end=len(norm)))
    return spans


def _join_continued(lines: list[Span], norm: str) -> tuple[Span, ...]:
    """A line ending in a comma continues on the next one (wrapped value lists in literal blocks), and so
    does English prose wrapped mid-sentence ("Mutually exclusive with\n`json_prompt`.")."""
    joined: list[Span] = []
    for line in lines:
        if joined and (_last_visible(norm, joined[-1]) == "," or _soft_wrap(norm, joined[-1], line)):
            joined[-1] = Span(start=joined[-1].start, end=line.end)
        else:
            joined.append(line)
    return tuple(joined)


_GLOSS_START = re.compile(r" {0,8}`?[A-Za-z0-9_.\-]{1,40}`? {0,2}:(?: |$)")


def _soft_wrap(norm: str, previous: Span, line: Span) -> bool:
    """Prose wrapped mid-sentence: a word at the end, a lower-case word or code next, and neither line a list."""
    last = _last_visible(norm, previous)
    first = norm[line.start : line.end].lstrip(" ")[:1]
    if not (
        last.isascii() and (last.isalpha() or last in "`_)") and first.isascii() and (first.islower() or first in "`(")
    ):
        return False
    return ": " not in norm[previous.start : previous.end] and not _GLOSS_START.match(norm, line.start, line.end)


def _last_visible(norm: str, span: Span) -> str:
    index = span.end - 1
    while index >= span.start and norm[index] == " ":
        index -= 1
    return norm[index] if index >= span.start else ""


_BOUNDARY = re.compile(r"[.;!?](?= |\n|$)")


def _split_sentences(norm: str, line: Span) -> list[Span]:
    """Split at ``. ; ! ?`` followed by white space (so 1.5, 16:9 and e.g. file.png stay whole)."""
    spans: list[Span] = []
    start = line.start
    for match in _BOUNDARY.finditer(norm, line.start, line.end):
        index = match.start()
        if norm[index] == "." and _is_abbreviation(norm, index):
            continue
        while index - start >= MAX_SENTENCE:  # an endless clause is cut, so later scans stay bounded
            spans.append(Span(start=start, end=start + MAX_SENTENCE + 1))
            start += MAX_SENTENCE + 1
        spans.append(Span(start=start, end=index + 1))
        start = index + 1
    while line.end - start > MAX_SENTENCE + 1:
        spans.append(Span(start=start, end=start + MAX_SENTENCE + 1))
        start += MAX_SENTENCE + 1
    if start < line.end:
        spans.append(Span(start=start, end=line.end))
    return [s for s in spans if norm[s.start : s.end].strip()]


def _is_abbreviation(norm: str, dot: int) -> bool:
    """``e.g.``, ``i.e.``, ``..`` and ``max. 40`` do not end a sentence."""
    if dot >= 1 and norm[dot - 1] == ".":
        return True  # ".." in "[ 0 .. 35 ]", or an ellipsis
    if norm[max(0, dot - 3) : dot].lower() in ("max", "min") and norm[dot + 1 : dot + 3].strip()[:1].isdigit():
        return True
    return dot >= 2 and norm[dot - 1].isalpha() and norm[dot - 2] == "."
