"""Stage 3: extract. Numeric bounds: comparisons ("cannot exceed 2500 characters", "大于0") and intervals.

Input: a normalised ``Text``. Output: ``Bound`` claims (side, value, exclusive,
kind of quantity) and ``Doubt`` notes. Whether a bound becomes maxLength,
maximum or maxItems is decided later from the schema type. A hyphen range
(``1-9``) and a parenthesised pair (``(0, 10)``) only count after a range word
("Value range", "范围", "length"), because outside one they are versions,
status-code spans and coordinates.
"""

from __future__ import annotations

import re

import attrs

from ._claims import (
    ADVICE_MARKERS,
    CONDITION_MARKERS,
    EACH_MARKERS,
    EXAMPLE_MARKERS,
    Bound,
    Doubt,
    Side,
    clause_prefix,
    clause_suffix,
    sentence_evidence,
    sentence_prefix,
)
from ._numbers import amount_re, number_re, parse_number, range_start_re, unit_after
from ._text import Text


@attrs.frozen(kw_only=True)
class _Comparison:
    words: str
    side: Side
    exclusive: bool
    rule: str
    length_words: bool = False


# Order inside one side does not matter: overlapping matches on the same number keep the earliest start,
# so "no less than 5" beats "less than 5" and "不小于1" beats "小于1".
_COMPARISONS = (
    _Comparison(
        words=r"(?:can ?not|can't|must not|mustn't|should not|shouldn't|may not|does not|do not|"
        r"will not|shall not|not to|not) exceed",
        side="max",
        exclusive=False,
        rule="en.max.cannot-exceed",
    ),
    _Comparison(
        words=r"(?:no|not) (?:more|greater|larger|longer|bigger|higher) than",
        side="max",
        exclusive=False,
        rule="en.max.no-more-than",
    ),
    _Comparison(
        words=r"(?:less|fewer|smaller|lower|shorter) than or equal to|<=|≤",
        side="max",
        exclusive=False,
        rule="en.max.lte",
    ),
    _Comparison(words=r"at most", side="max", exclusive=False, rule="en.max.at-most"),
    _Comparison(words=r"up to", side="max", exclusive=False, rule="en.max.up-to"),
    _Comparison(
        words=r"max(?:imum|\.)?(?: (?:text|input|prompt|string|name|character) (?P<tnoun>length)| (?P<noun>length|value|size|count))?",
        side="max",
        exclusive=False,
        rule="en.max.maximum",
    ),
    _Comparison(
        words=r"(?:is |are )?limited to|(?:a )?limit of", side="max", exclusive=False, rule="en.max.limited-to"
    ),
    _Comparison(
        words=r"(?:less|fewer|smaller|lower|shorter) than|below|<", side="max", exclusive=True, rule="en.max.less-than"
    ),
    _Comparison(
        words=r"(?:no|not) (?:less|fewer|smaller|lower|shorter) than",
        side="min",
        exclusive=False,
        rule="en.min.no-less-than",
    ),
    _Comparison(
        words=r"(?:greater|more|larger|higher|longer) than or equal to|>=|≥",
        side="min",
        exclusive=False,
        rule="en.min.gte",
    ),
    _Comparison(words=r"at least", side="min", exclusive=False, rule="en.min.at-least"),
    _Comparison(
        words=r"min(?:imum)?(?: (?P<noun>length|value|size|count))?", side="min", exclusive=False, rule="en.min.minimum"
    ),
    _Comparison(
        words=r"(?:greater|more|larger|higher|longer|bigger) than|above|>",
        side="min",
        exclusive=True,
        rule="en.min.greater-than",
    ),
    _Comparison(
        words=r"不(?:能|可|得|允许|应|要)?超过|不(?:能|得)?(?:大于|多于|高于|长于)",
        side="max",
        exclusive=False,
        rule="zh.max.not-exceed",
    ),
    _Comparison(words=r"小于或?等于", side="max", exclusive=False, rule="zh.max.lte"),
    _Comparison(
        words=r"最多|至多|限制|(?:只|仅)(?:支持|能|可)?(?:输入|上传|传入|传|选择)?|支持(?:输入|上传|传入)",
        side="max",
        exclusive=False,
        rule="zh.max.at-most",
    ),
    _Comparison(
        words=r"(?:最大|最长)(?:长度|字数|字符数)",
        side="max",
        exclusive=False,
        rule="zh.max.max-length",
        length_words=True,
    ),
    _Comparison(
        words=r"(?:最小|最短)(?:长度|字数|字符数)",
        side="min",
        exclusive=False,
        rule="zh.min.min-length",
        length_words=True,
    ),
    _Comparison(words=r"最大值|最大|上限", side="max", exclusive=False, rule="zh.max.maximum"),
    _Comparison(words=r"最长", side="max", exclusive=False, rule="zh.max.longest", length_words=True),
    _Comparison(words=r"小于|低于|少于|短于", side="max", exclusive=True, rule="zh.max.less-than"),
    _Comparison(words=r"不(?:能|得)?(?:小于|低于|少于|短于)", side="min", exclusive=False, rule="zh.min.not-less"),
    _Comparison(words=r"大于或?等于", side="min", exclusive=False, rule="zh.min.gte"),
    _Comparison(words=r"至少|最少", side="min", exclusive=False, rule="zh.min.at-least"),
    _Comparison(words=r"最小值|最小|下限", side="min", exclusive=False, rule="zh.min.minimum"),
    _Comparison(words=r"最短", side="min", exclusive=False, rule="zh.min.shortest", length_words=True),
    _Comparison(words=r"大于|高于|多于", side="min", exclusive=True, rule="zh.min.greater-than"),
)
_JOIN = (
    r"(?:\s{0,2}(?:is|of|=|:|must be|为|是|要|需|应|须|可以|可|支持|能|只能|允许|仅|输入|可传|限制|上传|传入|引用|包含|添加|提供))"
    r"{0,3}\s{0,3}"
)
_COMPARISON_PATTERNS = tuple(
    (c, re.compile(r"(?i)(?<![A-Za-z0-9_])(?:" + c.words + ")" + _JOIN + amount_re("n"))) for c in _COMPARISONS
)

_ANY_COMPARISON = re.compile(
    r"(?i)(?<![A-Za-z0-9_])(?:"
    + "|".join(c.words.replace("(?P<noun>", "(?:").replace("(?P<tnoun>", "(?:") for c in _COMPARISONS)
    + ")"
)
_UNIT_WORDS = r"(?:characters|character|chars|images|items|elements|entries|values|个字符|个汉字|个字|字符|汉字|字|位|个|张|项|条)"
_POSTFIX_MAX = re.compile(
    r"(?i)"
    + amount_re("n")
    + r"\s{0,2}"
    + _UNIT_WORDS
    + r"?\s{0,2}(?:or fewer|or less|or under|or below|max\b|at most|以内|之内|以下)"
)
_POSTFIX_MIN = re.compile(
    r"(?i)"
    + amount_re("n")
    + r"\s{0,2}"
    + _UNIT_WORDS
    + r"?\s{0,2}(?:or more|or above|or greater|at least|及以上|或以上)"
)

# Every postfix form ends in one of these words: a sentence without any skips both postfix scans.
_POSTFIX_CUE = re.compile(r"(?i)\bor\s|max\b|at most|at least|以内|之内|以下|及以上|或以上")

_CONTEXT = (
    r"(?:value range|valid range|allowed range|range of values|range values?|ranges|range|interval|"
    r"取值范围|有效范围|取值区间|数值范围|范围值|范围|区间|值域|length|长度|字数|数量)"
)
_CONTEXT_JOIN = r"(?:\s{0,2}(?:is|are|of|from|:|为|是|在|应在|需在|须在|应为|从)){0,2}\s{0,3}"
_LENGTH_CONTEXT = re.compile(r"(?i)length|长度|字数|字符数")
_BRACKET = (
    r"(?P<open>[\[(])\s{0,3}"
    + number_re("lo")
    + r"\s{0,3}(?:,|\.\.|;)\s{0,3}"
    + number_re("hi")
    + r"\s{0,3}(?P<close>[\])])"
)
_LO, _HI = number_re("lo"), number_re("hi")
# The second end of "0~1" / "1-9" follows the separator, so it has no look-behind guard; instead a chain
# such as "1~1~1" or "1 - 2 - 3" is refused at both ends.
_HI_FREE = number_re("hi", guarded=False)
_NOT_CHAINED = r"(?<![~-]\s)(?<![~-]\s\s)"
_NO_MORE = r"(?!\s{0,2}[~-]\s{0,2}\d)"
_WITH_CONTEXT = r"(?i)(?P<ctx>" + _CONTEXT + _CONTEXT_JOIN + r")?"
_INTERVALS = (
    ("range.interval", re.compile(_WITH_CONTEXT + _BRACKET), False),
    ("range.tilde", re.compile(_WITH_CONTEXT + _NOT_CHAINED + _LO + r"\s{0,2}~\s{0,2}" + _HI_FREE + _NO_MORE), False),
    ("range.hyphen", re.compile(_WITH_CONTEXT + _NOT_CHAINED + range_start_re("lo") + r"\s{0,2}-\s{0,2}" + _HI_FREE + _NO_MORE), True),
    ("range.to", re.compile(r"(?i)(?P<ctx>" + _CONTEXT + _CONTEXT_JOIN + r"|from\s{1,3})" + _LO + r"\s{1,3}to\s{1,3}" + _HI), True),
    ("range.between", re.compile(r"(?i)between\s{1,3}" + amount_re("lo") + r"\s{0,3}(?:\sand|和)\s{1,3}" + amount_re("hi")), False),
    ("range.between", re.compile(r"(?:介于|在)\s{0,2}" + _LO + r"\s{0,2}(?:和|与|到|至|~|-)\s{0,2}" + _HI + r"\s{0,3}(?:[^\s\d]{0,3}\s{0,2})?之间"), False),
    ("range.between", re.compile(_LO + r"\s{0,2}(?:到|至|和|与)\s{0,2}" + _HI + r"\s{0,3}(?:[^\s\d]{0,3}\s{0,2})?之间"), False),
    ("range.zh-to", re.compile(r"(?P<ctx>" + _CONTEXT + _CONTEXT_JOIN + r")" + _LO + r"\s{0,2}(?:到|至)\s{0,2}" + _HI), True),
    ("range.parenthesis", re.compile(r"\((?P<ctx>)\s{0,2}" + range_start_re("lo") + r"\s{0,2}-\s{0,2}" + _HI_FREE + r"\s{0,2}(?=\))"), False),
    ("range.either", re.compile(_LO + r"\s{0,2}(?P<u>张|个|条|项)\s{0,2}(?:或|到|至|-|~)\s{0,2}" + _HI + r"\s{0,2}(?P=u)"), False),
    ("range.to-infinity", re.compile(r"(?i)(?P<open>[\[(])\s{0,3}" + _LO + r"\s{0,3},\s{0,3}\+?(?:inf|infinity|∞)\s{0,3}[\])](?P<hi>)"), False),
    ("range.exact", re.compile(r"(?:(?<![A-Za-z\u4e00-\u9fff])|(?<=[)\s]))(?:只能|仅)?(?:包含|上传|传入)\s{0,2}(?P<ctx>)" + _LO + r"(?P<u>个|张|条)(?P<hi>)"), False),
)  # fmt: skip
_FROM_CONTEXT = re.compile(r"(?i)\b(?:range|ranges|ranging|value|values)\b|取值|范围")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
# "status codes between 200 and 299 indicate success" describes values; it does not restrict them.
_DESCRIPTIVE = re.compile(
    r"(?i)\)?\s{0,3}(?:[a-z]{1,20}\s{1,2}){0,2}?(?:indicates?|means?|represents?|denotes?|signals?|"
    r"(?:is|are)\s{1,2}(?:considered|treated|returned)|will\s{1,2}be\s{1,2}returned)\b"
)
# "q2模型1-7张图片", "viduq1 model: 1-7 images": a clause that opens on a model name holds for that model.
_MODEL_CLAUSE = re.compile(r"(?i)(?:^|\s)[A-Za-z0-9][A-Za-z0-9.\-]{0,24}\s{0,2}(?:模型|models?)\s{0,2}:?\s{0,2}$")
_ARRAY_OF = re.compile(r"(?i)\b(?:array|list)\s{1,2}of\s{1,2}$")
# "up to 200 (for Universal-2) or 1000 (for …)": a parenthesis right after the number says when it holds.
_PARENTHESISED_CONDITION = re.compile(r"(?i)\s{0,2}\(\s{0,2}(?:for|when|if|only for|对于|仅|当)\b")
# "at most 3 results per page when paging is enabled": the condition trails the bound.
_TRAILING_CONDITION = re.compile(r"(?i)\b(?:when|if|unless|only for)\b")


# Units a number field can itself be measured in: a bound in one of them holds on an integer or number
# field ("时长 4-12秒", "up to 4096 tokens"); sizes and pixels ("10MB", "2048px") usually measure a file.
_MEASURE = re.compile(
    r"(?i)秒|分钟|毫秒|小时|帧|次|倍|度|%|seconds?|secs?|s|ms|milliseconds?|minutes?|mins?|hours?|tokens?|steps|"
    r"percent|times|degrees|fps|frames|credits"
)


@attrs.frozen(kw_only=True)
class _Hit:
    """A match before overlap resolution: the number positions it claims and the bounds it gives."""

    start: int
    numbers: tuple[int, ...]
    bounds: tuple[Bound, ...]
    doubt: Doubt | None = None
    # The (side, kind) pairs a conditional bound would have set: "基础最多 7 个，若…则最多 3 个" has no one limit.
    # ``"scale"`` for the kind: "2 是使用输入图像时允许的最大值" makes a scale's named upper end conditional.
    conditional: tuple[tuple[Side, str | None], ...] = ()


# "0 means off, 3 is the strongest", "0表示关闭，3为最强": a scale named by its two ends.
_SCALE = re.compile(
    r"(?i)(?<![\w.-])(?P<lo>\d{1,6})\s{0,2}(?:means|is|=|表示|代表|为)\s{0,2}[^,;.\d]{1,30}[,;]\s{0,2}(?:and\s{1,2})?"
    r"(?P<hi>\d{1,6})\s{0,2}(?:means|is|=|表示|代表|为)\s{0,2}(?:the\s{1,2})?"
    r"(?:strongest|maximum|max|highest|most|最强|最大|最高|最多)"
)
# "1 indicates the strictest tolerance, and 6 indicates the most lenient", "0 最严格，6 最宽松", "100 is the best
# quality, and 0 is the lowest quality": two ends of one scale, each named by a superlative.
_END = (
    r"\s{0,2}(?:means|is|indicates|represents|=|表示|代表|为|是)?\s{0,2}(?:the\s{1,2})?"
    r"(?:(?:most|least)\s{1,2}[a-z]{3,15}|[a-z]{2,12}est|best|worst|最[\u4e00-\u9fff])"
)
_SCALE_ENDS = re.compile(
    r"(?i)(?<![\w.-])(?P<a>\d{1,6})" + _END + r"[^,;.\d]{0,30}[,;，]\s{0,2}(?:and\s{1,2}|而\s{0,2})?"
    r"(?P<b>\d{1,6})" + _END
)
# "2 是目前允许的最大值": the number named as the largest allowed.
_IS_THE_MAXIMUM = re.compile(
    r"(?<![\w.-])(?P<n>\d{1,6})\s{0,2}(?:是|为)(?P<between>[^,;.\d]{0,20}?)(?:允许|可用|可设置)的最大值"
)
_SIGN_CUE = re.compile(r"(?i)positive|negative|least|正整数|正数|非负|est\b|best|worst|max|most|最|single|单个|单张")
# "包含单个图像 URL 的数组", "an array containing a single URL": exactly one item; "only supports a single
# person": at most one.
_ONE_ITEM = re.compile(
    r"(?i)(?:包含|只包含|仅包含)\s{0,2}(?:单个|单张|1个|1张)[^,.;:]{0,24}的(?:数组|列表)"
    r"|\b(?:array|list)\s{1,2}(?:containing|with|of)\s{1,2}(?:exactly\s{1,2})?(?:a\s{1,2}single|one)\s{1,2}[a-z]"
    r"|(?P<only>\bonly\s{1,2}supports?\s{1,2}(?:[a-z]{2,20}ing\s{1,2})?a\s{1,2}single\s{1,2}[a-z])"
)
_AT_LEAST_ONE = re.compile(
    r"(?i)(?<![A-Za-z])(?:specify|provide|select|choose|include|pass|give|upload|add|attach|supply)\s{1,2}at\s{1,2}"
    r"least\s{1,2}one\b"
)
_SIGN = re.compile(
    r"(?i)(?<![A-Za-z-])(?:must|should|has to|needs to|can only)\s{1,2}be\s{1,2}(?:set\s{1,2}to\s{1,2})?(?:an?\s{1,2})?"
    r"(?P<word>positive|non-negative|nonnegative)(?:\s{1,2}(?:integer|number|value))?\b"
    r"|(?:必须|须|需|应)(?:为|是)\s{0,2}(?P<zh>正整数|正数|非负整数|非负数)"
)


def _signs(text: Text, start: int, end: int) -> list[_Hit]:
    """ "must be a positive integer" is ``exclusiveMinimum: 0``; "non-negative" is ``minimum: 0``."""
    hits: list[_Hit] = []
    for match in _SCALE.finditer(text.norm, start, end):
        low, high = parse_number(match.group("lo")), parse_number(match.group("hi"))
        if low < high:
            rule = "zh.range.scale" if _CJK.search(match.group(0)) else "en.range.scale"
            hit = _make_hit(text, match.start(), (match.start("lo"), match.start("hi")), match.end(), False,
                            [("min", match.group("lo"), False), ("max", match.group("hi"), False)], rule,
                            interval=True)  # fmt: skip
            if hit is not None:
                hits.append(hit)
    for match in _SCALE_ENDS.finditer(text.norm, start, end):
        first, second = parse_number(match.group("a")), parse_number(match.group("b"))
        if first == second:
            continue
        lower, upper = ("a", "b") if first < second else ("b", "a")
        rule = "zh.range.scale-ends" if _CJK.search(match.group(0)) else "en.range.scale-ends"
        hit = _make_hit(text, match.start(), (match.start("a"), match.start("b")), match.end(), False,
                        [("min", match.group(lower), False), ("max", match.group(upper), False)], rule,
                        interval=True, named_ends=True)  # fmt: skip
        if hit is not None:
            hits.append(hit)
    for match in _IS_THE_MAXIMUM.finditer(text.norm, start, end):
        evidence = sentence_evidence(text, match.start())
        if re.search(r"时|当|如果|若|使用", match.group("between")):  # "2 是使用输入图像时允许的最大值"
            hits.append(_Hit(start=match.start(), numbers=(match.start("n"),), bounds=(),
                             doubt=Doubt(evidence=evidence, reason="holds only under a condition"),
                             conditional=(("max", "scale"),)))  # fmt: skip
            continue
        hit = _make_hit(text, match.start(), (match.start("n"),), match.end(), False,
                        [("max", match.group("n"), False)], "zh.max.is-the-maximum", interval=False,
                        named_ends=True)  # fmt: skip
        if hit is not None:
            hits.append(hit)
    for match in _AT_LEAST_ONE.finditer(text.norm, start, end):
        if CONDITION_MARKERS.search(sentence_prefix(text, match.start())):
            continue
        bound = Bound(side="min", value=1, exclusive=False, kind="count", interval=False,
                      evidence=sentence_evidence(text, match.start()), rule="en.min.at-least-one",
                      items_only=True)  # fmt: skip
        hits.append(_Hit(start=match.start(), numbers=(match.start(),), bounds=(bound,)))
    for match in _ONE_ITEM.finditer(text.norm, start, end):
        if CONDITION_MARKERS.search(sentence_prefix(text, match.start())):
            continue
        exact = match.group("only") is None
        sides: tuple[Side, ...] = ("min", "max") if exact else ("max",)
        rule = ("zh" if _CJK.search(match.group(0)) else "en") + (".count.single" if exact else ".max.single")
        bounds = tuple(Bound(side=side, value=1, exclusive=False, kind="count", interval=False,
                             evidence=sentence_evidence(text, match.start()), rule=rule, items_only=True)
                       for side in sides)  # fmt: skip
        hits.append(_Hit(start=match.start(), numbers=(match.start(),), bounds=bounds))
    for match in _SIGN.finditer(text.norm, start, end):
        word = (match.group("word") or match.group("zh")).lower()
        exclusive = word in ("positive", "正整数", "正数")
        hit = _make_hit(text, match.start(), (match.start(),), match.end(), False, [("min", "0", exclusive)],
                        "zh.min.sign" if match.group("zh") else "en.min.sign", interval=False)  # fmt: skip
        if hit is not None:
            hits.append(hit)
    return hits


def find_bounds(text: Text) -> tuple[list[Bound], list[Doubt]]:
    hits: list[_Hit] = []
    for sentence in text.sentences:
        if _SIGN_CUE.search(text.norm, sentence.start, sentence.end):
            hits.extend(_signs(text, sentence.start, sentence.end))
        if not _DIGIT.search(text.norm, sentence.start, sentence.end):
            continue
        # One search for any comparison word saves trying each of them (most sentences with a number have none).
        if _ANY_COMPARISON.search(text.norm, sentence.start, sentence.end):
            hits.extend(_comparisons(text, sentence.start, sentence.end))
        if _POSTFIX_CUE.search(text.norm, sentence.start, sentence.end):
            hits.extend(_postfixes(text, sentence.start, sentence.end))
        hits.extend(_intervals(text, sentence.start, sentence.end))
    winners: dict[int, _Hit] = {}
    for hit in sorted(hits, key=lambda h: h.start):
        if all(n not in winners for n in hit.numbers):
            for n in hit.numbers:
                winners[n] = hit
    chosen = list(dict.fromkeys(winners.values()))
    bounds = [b for hit in chosen for b in hit.bounds]
    doubts = [hit.doubt for hit in chosen if hit.doubt is not None]
    conditional = {pair for hit in chosen for pair in hit.conditional}
    if conditional:
        # A limit that another clause changes under a condition is not the field's one limit.
        varying = [b for b in bounds if ((b.side, b.kind) in conditional and b.kind is not None)
                   or ((b.side, "scale") in conditional and b.rule.endswith("scale-ends"))]  # fmt: skip
        doubts.extend(Doubt(evidence=b.evidence, reason="the limit changes under a condition") for b in varying)
        bounds = [b for b in bounds if b not in varying]
    return _drop_unrefused(text, bounds, doubts)


# "目前仅支持 1 张图像，其余图像将被忽略", "extra images are ignored": the server drops the rest, it does not refuse.
_IGNORED = re.compile(
    r"(?i)(?:其余|多余|超出)[^,.;]{0,12}(?:忽略|丢弃)|\b(?:the\s{1,2}rest|others|extra|additional|remaining)\b[^,.;]{0,40}"
    r"\b(?:ignored|discarded|dropped)\b"
)


def _drop_unrefused(text: Text, bounds: list[Bound], doubts: list[Doubt]) -> tuple[list[Bound], list[Doubt]]:
    """A maximum the server meets by truncating text ("超过部分会自动截断") or ignoring extra items ("其余图像将被
    忽略") is not one it rejects past."""
    lowered = text.norm.lower()
    unrefused: list[tuple[str, str]] = []
    if "truncat" in lowered or "截断" in lowered:
        unrefused.append(("length", "longer text is truncated, not rejected"))
    if any(b.kind == "count" for b in bounds) and _IGNORED.search(text.norm):
        unrefused.append(("count", "items past the limit are ignored, not refused"))
    for kind, reason in unrefused:
        doubts.extend(Doubt(evidence=b.evidence, reason=reason) for b in bounds if b.kind == kind and b.side == "max")
        bounds = [b for b in bounds if not (b.kind == kind and b.side == "max")]
    return bounds, doubts


def _language(words: str) -> str:
    return "zh" if _CJK.search(words) else "en"


def _comparisons(text: Text, start: int, end: int) -> list[_Hit]:
    hits: list[_Hit] = []
    for comparison, pattern in _COMPARISON_PATTERNS:
        for match in pattern.finditer(text.norm, start, end):
            number_at = match.start("n")
            noun = match.groupdict().get("noun") or match.groupdict().get("tnoun")
            length_hint = comparison.length_words or (noun or "").lower() == "length"
            hit = _make_hit(
                text, match.start(), (number_at,), match.end(), length_hint,
                [(comparison.side, match.group("n"), comparison.exclusive)],
                comparison.rule, interval=False,
            )  # fmt: skip
            if hit is not None:
                hits.append(hit)
    return hits


def _postfixes(text: Text, start: int, end: int) -> list[_Hit]:
    hits: list[_Hit] = []
    postfixes: tuple[tuple[Side, re.Pattern[str]], ...] = (("max", _POSTFIX_MAX), ("min", _POSTFIX_MIN))
    for side, pattern in postfixes:
        for match in pattern.finditer(text.norm, start, end):
            lang = "zh" if _CJK.search(match.group(0)[-3:]) else "en"
            hit = _make_hit(
                text, match.start(), (match.start("n"),), match.end("n"), False,
                [(side, match.group("n"), False)],
                f"{lang}.{side}.postfix", interval=False,
            )  # fmt: skip
            if hit is not None:
                hits.append(hit)
    return hits


# Characters an interval form cannot do without: a sentence lacking them skips that form's scan.
_NEEDS: dict[str, re.Pattern[str]] = {
    name: re.compile(needs) for name, needs in {
        "range.interval": r"[\[(]", "range.tilde": "~", "range.hyphen": "-", "range.zh-to": "[到至]",
        "range.parenthesis": r"\(", "range.either": "[张个条项]", "range.exact": "[个张条]",
        "range.to-infinity": "(?i)inf|∞",
    }.items()
}  # fmt: skip


def _intervals(text: Text, start: int, end: int) -> list[_Hit]:
    hits: list[_Hit] = []
    norm = text.norm
    for name, pattern, needs_context in _INTERVALS:
        needed = _NEEDS.get(name)
        if needed is not None and needed.search(norm, start, end) is None:
            continue
        for match in pattern.finditer(text.norm, start, end):
            hit = _interval_hit(text, name, needs_context, match)
            if hit is not None:
                hits.append(hit)
    return hits


def _interval_hit(text: Text, name: str, needs_context: bool, match: re.Match[str]) -> _Hit | None:
    groups = match.groupdict()
    context = groups.get("ctx") or ""
    opening, closing = groups.get("open"), groups.get("close")
    if name == "range.to" and context.strip().lower() == "from":
        if not _FROM_CONTEXT.search(text.norm[text.sentence_of(match.start()).start : match.start()]):
            return None
    elif (needs_context or (opening == "(" and closing == ")")) and not context and name != "range.parenthesis":
        # "1-64 characters" needs no range word: the unit says it is a length.
        kind, _, _ = unit_after(text.norm, match.end())
        if name != "range.hyphen" or kind not in ("length", "count"):
            return None
    if name == "range.to-infinity":  # "[0, inf]": a lower end only
        return _make_hit(text, match.start(), (match.start("lo"),), match.end(), False,
                         [("min", match.group("lo"), opening == "(")], "en.range.to-infinity", interval=True)  # fmt: skip
    if name == "range.exact":  # "包含1个图片url": exactly that many
        return _make_hit(text, match.start(), (match.start("lo"),), match.start("u"), False,
                         [("min", match.group("lo"), False), ("max", match.group("lo"), False)], "zh.count.exact",
                         interval=False)  # fmt: skip
    low, high = parse_number(match.group("lo")), parse_number(match.group("hi"))
    if low > high:
        return None
    lang = _language(match.group(0))
    length_hint = bool(_LENGTH_CONTEXT.search(context))
    sides: list[tuple[Side, str, bool]] = [
        ("min", match.group("lo"), opening == "("),
        ("max", match.group("hi"), closing == ")"),
    ]
    number_end = match.start("u") if name == "range.either" else match.end()  # "1张或2张图片": the unit is 张
    return _make_hit(
        text, match.start(), (match.start("lo"), match.start("hi")), number_end,
        length_hint, sides, f"{lang}.{name}", interval=name != "range.either",
    )  # fmt: skip


def _make_hit(
    text: Text,
    start: int,
    numbers: tuple[int, ...],
    number_end: int,
    length_hint: bool,
    sides: list[tuple[Side, str, bool]],
    rule: str,
    *,
    interval: bool,
    named_ends: bool = False,
) -> _Hit | None:
    """Apply the checks every bound shares: unit, example, condition and per-element wording.

    ``named_ends``: a scale whose ends are named ("1 indicates the strictest, and 6 the most lenient")
    has no unit after its numbers, and its "indicates" is what makes it a rule.
    """
    evidence = sentence_evidence(text, start)
    one = sides[-1][1].strip("`") == "1"
    number_at = _after_closing(text.norm, number_end)
    kind, unit_end, conditional = (None, number_at, False) if named_ends else unit_after(text.norm, number_at, one=one)
    if kind == "other":
        if not interval or not _MEASURE.fullmatch(text.norm[number_at:unit_end].strip()):
            return None  # "must not be shorter than 2 seconds": a comparison in a unit measures something else
        kind = "measure"  # "可选区间: 4-12秒" on a duration: the field's own value, in its unit
    before = sentence_prefix(text, start)
    after = clause_suffix(text, number_at)
    if EXAMPLE_MARKERS.search(before) or (_DESCRIPTIVE.match(after) and not named_ends):
        return None
    if re.search(r"(?i)\bdefault\s{1,2}$|默认$", text.norm[max(0, start - 12) : start]):
        return None  # "Default maximum of 1000 characters": a default limit, not a bound on the value
    clause = clause_prefix(text, start)
    if ADVICE_MARKERS.search(clause):
        return _Hit(
            start=start, numbers=numbers, bounds=(), doubt=Doubt(evidence=evidence, reason="advice, not a rule")
        )
    if (conditional or CONDITION_MARKERS.search(before) or _TRAILING_CONDITION.search(after)
            or _PARENTHESISED_CONDITION.match(text.norm, number_at, number_at + 12)
            or _MODEL_CLAUSE.search(clause)):  # fmt: skip
        return _Hit(
            start=start,
            numbers=numbers,
            bounds=(),
            doubt=Doubt(evidence=evidence, reason="holds only under a condition"),
            conditional=tuple((side, kind) for side, _, _ in sides),
        )
    if EACH_MARKERS.search(clause):
        return _Hit(
            start=start,
            numbers=numbers,
            bounds=(),
            doubt=Doubt(evidence=evidence, reason="applies to each element, not the field"),
        )
    if kind is None and _ARRAY_OF.search(text.norm, max(0, start - 24), start):
        kind = "count"  # "An array of length 1-2": the length of an array is its item count
    elif kind is None and (length_hint or _LENGTH_CONTEXT.search(clause)):
        kind = "length"
    bounds = tuple(
        Bound(side=side, value=parse_number(raw), exclusive=exclusive, kind=kind, interval=interval,
              evidence=evidence, rule=rule)
        for side, raw, exclusive in sides
    )  # fmt: skip
    return _Hit(start=start, numbers=numbers, bounds=bounds)


def _after_closing(norm: str, pos: int) -> int:
    """Units follow a closing bracket or backtick: ``[1, 4] images``."""
    if pos < len(norm) and norm[pos] in "])`":
        return pos + 1
    return pos
