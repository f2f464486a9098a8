"""Stage 3: extract. Numbers and the units written after them.

Input: normalised description text and a position. Output: parsed numbers and
the kind of quantity a number measures (``length``, ``count``, ``other``, or
none). A number glued to letters, dots, colons or dashes (``4K``, ``v1.5``,
``16:9``, ``2024-01-01``, ``300*300``) is never a bound, which is what keeps
versions, ratios, dates and sizes out of the constraints.
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["length", "count", "other", "measure"]

# Regex fragments. Every quantifier is bounded so a scan stays linear in the text length.
_BEFORE = r"(?<![A-Za-z0-9_.:/\\$¥€£#*×^~-])"
_AFTER = r"(?![A-Za-z0-9_%]|[.:/*×x^-]\d|\.\d)"


def number_re(name: str, *, guarded: bool = True) -> str:
    """A plain number as group ``name``; used inside intervals, where a comma separates the two ends.

    ``guarded=False`` drops the look-behind, for the second end of ``1-9`` (which follows a dash).
    """
    return (_BEFORE if guarded else "") + r"`?(?P<" + name + r">-?\d{1,15}(?:\.\d{1,15})?)`?" + _AFTER


def amount_re(name: str) -> str:
    """A number that may use thousands separators (``2,500``); used after comparison words."""
    # Not the first end of a range: "支持输入 0～7 张" is no "at most 0".
    return (
        _BEFORE
        + r"`?(?P<"
        + name
        + r">-?\d{1,3}(?:,\d{3}){1,4}(?!\d)|-?\d{1,15}(?:\.\d{1,15})?)`?"
        + _AFTER
        + r"(?!\s{0,2}~\s{0,2}\d)"
    )


def range_start_re(name: str) -> str:
    """The first end of a hyphen range: unlike ``number_re`` it may be followed by ``-<digit>``."""
    return _BEFORE + r"`?(?P<" + name + r">-?\d{1,15}(?:\.\d{1,15})?)`?(?![A-Za-z0-9_%]|[.:/*×x^]\d|\.\d)"


LENGTH_WORDS = frozenset({"characters", "character", "chars", "char", "letters", "codepoints"})
COUNT_WORDS = frozenset(
    {
        "images", "image", "pictures", "picture", "photos", "items", "item", "elements", "element",
        "entries", "entry", "values", "urls", "url", "files", "tags", "keywords", "results",
        "objects", "records", "videos", "prompts", "sequences", "tools", "strings", "references", "ids",
    }
)  # fmt: skip
# Measures that are never the length or count of the field itself.
OTHER_WORDS = frozenset(
    {
        "mb", "kb", "gb", "m", "k", "g", "b", "bytes", "byte", "bits", "bit", "px", "pixels", "pixel",
        "seconds", "second", "s", "sec", "secs", "ms", "milliseconds", "minutes", "minute", "min", "mins",
        "hours", "hour", "h", "days", "day", "weeks", "months", "years", "fps", "frames", "tokens", "token",
        "words", "word", "digits", "digit", "steps", "credits", "percent", "times", "dpi", "degrees",
        "cents", "usd", "x", "mp", "kbps", "mbps", "hz", "khz", "lines", "sentences", "decimal", "decimals",
        "places", "significant",
    }
)  # fmt: skip
NEUTRAL_WORDS = frozenset(
    {"and", "or", "to", "inclusive", "inclusively", "exclusive", "is", "are", "in", "at", "per", "by", "with", "the"}
)
CONDITION_WORDS = frozenset({"for", "when", "if", "unless", "on", "depending", "except"})
_MULTIWORD_PREFIX = frozenset({"unicode", "chinese", "english", "utf-8", "utf8", "ascii"})

_CJK_LENGTH = ("个字符", "个汉字", "个字", "字符", "汉字", "字", "位")
_CJK_OTHER = (
    "字节", "秒", "分钟", "分", "小时", "天", "像素", "兆", "帧", "次", "倍", "度", "元", "毫秒",
    "年", "月", "日", "岁", "点", "%", "帧",
)  # fmt: skip
_CJK_COUNT = ("个", "张", "项", "条", "幅", "组", "份")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


def parse_number(text: str) -> int | float:
    cleaned = text.replace(",", "").strip("`")
    if "." in cleaned:
        return float(cleaned)
    return int(cleaned)


def read_word(norm: str, pos: int, limit: int = 32) -> tuple[str, int]:
    """The ASCII word starting at ``pos`` (after at most two spaces) and the position after it."""
    index = skip_spaces(norm, pos, 2)
    start = index
    while index < len(norm) and index - start < limit and norm[index] in _WORD_CHARS:
        index += 1
    return norm[start:index], index


def skip_spaces(norm: str, pos: int, most: int) -> int:
    index = pos
    while index < len(norm) and index - pos < most and norm[index] in " \n":
        index += 1
    return index


def unit_after(norm: str, pos: int, *, one: bool = False) -> tuple[Kind | None, int, bool]:
    """Classify what follows a number: (kind, end of the unit, followed by a condition word).

    ``one``: the number is 1, so a singular noun after it counts things ("a maximum of 1 category").
    """
    index = skip_spaces(norm, pos, 2)
    if index >= len(norm):
        return None, pos, False
    if norm[index] == "-" and norm[index + 1 : index + 2].isalpha():
        index += 1  # "≤350-character directive": the unit joined to its number
    for prefix in _CJK_OTHER[:1]:
        if norm.startswith(prefix, index):
            return "other", index + len(prefix), False
    cjk = _cjk_unit(norm, index)
    if cjk is not None:
        return cjk
    word, end = read_word(norm, index)
    if not word:
        return None, pos, False
    lowered = word.lower()
    if lowered in _MULTIWORD_PREFIX:
        second, second_end = read_word(norm, end)
        if second.lower() in LENGTH_WORDS:
            return "length", second_end, condition_follows(norm, second_end)
        return "other", end, False
    if lowered in LENGTH_WORDS:
        return "length", end, condition_follows(norm, end)
    if lowered in COUNT_WORDS:
        return "count", end, condition_follows(norm, end)
    if lowered in NEUTRAL_WORDS:
        return None, pos, False
    if lowered in CONDITION_WORDS:
        return None, pos, True
    if word[0].isupper() and (not word.isupper() or word == "A"):
        return (
            None,
            pos,
            False,
        )  # "[ 0 .. 35 ] Default: 7", "[1, 10] A number": a capitalised word starts the next phrase
    if lowered.endswith(("ing", "ly", "ed")) and lowered not in OTHER_WORDS:
        return None, pos, False  # "between 0 and 20 specifying ...": a verb or adverb, not a unit
    if lowered in OTHER_WORDS or len(lowered) < 3:
        return "other", end, False
    if not lowered.endswith("s"):
        if one and lowered.isalpha():
            return "count", end, condition_follows(norm, end)
        if not lowered.isalpha():
            return "other", end, False  # "16 4-byte characters": a measure of its own
        # "3 reference images", "200 domain blocks": a noun that qualifies the counted plural after it
        second, second_end = read_word(norm, end)
        if second.isalpha() and second.islower() and not second.endswith("s"):
            third, third_end = read_word(norm, second_end)  # "100 provider user IDs": two qualifying nouns
            if third.lower() in COUNT_WORDS:
                second, second_end = third, third_end
        plural = second.lower()
        if plural in LENGTH_WORDS:
            return "length", second_end, condition_follows(norm, second_end)
        if plural in COUNT_WORDS or (plural.isalpha() and plural.endswith("s") and len(plural) > 3
                                     and plural not in OTHER_WORDS and not plural.endswith("ss")):  # fmt: skip
            return "count", second_end, condition_follows(norm, second_end)
        return "other", end, False
    # An unlisted plural noun right after a number ("10 assignees") counts things.
    return "count", end, condition_follows(norm, end)


def _cjk_unit(norm: str, index: int) -> tuple[Kind | None, int, bool] | None:
    for prefix in _CJK_LENGTH:
        if norm.startswith(prefix, index):
            return "length", index + len(prefix), False
    for prefix in _CJK_OTHER:
        if norm.startswith(prefix, index):
            return "other", index + len(prefix), False
    for prefix in _CJK_COUNT:
        if norm.startswith(prefix, index):
            return _count_or_length(norm, index + len(prefix))
    return None


def _count_or_length(norm: str, after: int) -> tuple[Kind, int, bool]:
    """``个`` is a counter, unless it counts characters: ``1024个 utf-8 字符``."""
    word, end = read_word(norm, after, 8)
    probe = skip_spaces(norm, end if word.lower() in _MULTIWORD_PREFIX else after, 2)
    for prefix in ("字符", "汉字", "字"):
        if norm.startswith(prefix, probe) and not norm.startswith("字节", probe):
            return "length", probe + len(prefix), False
    return "count", after, False


def condition_follows(norm: str, pos: int) -> bool:
    """``1000 characters for dall-e-2``: the bound only holds under a condition."""
    word, _ = read_word(norm, pos)
    return word.lower() in CONDITION_WORDS
