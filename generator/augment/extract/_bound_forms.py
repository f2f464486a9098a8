"""Stage 3: extract. The written forms of a numeric bound, as patterns: comparison words and interval shapes.

Input: nothing (module constants). Output: ``COMPARISON_PATTERNS`` ("cannot exceed", "不超过" before a
number), ``POSTFIX_MAX``/``POSTFIX_MIN`` ("500字以内"), and ``INTERVALS`` ("[1, 9]", "1-9 after a range
word", "between 1 and 9", "1到9之间"), each named by the rule id ``_bounds`` reports.
"""

from __future__ import annotations

import re

import attrs

from ._claims import Side
from ._numbers import amount_re, number_re, range_start_re


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
        words=r"(?:no|not|(?:can ?not|can't|must not|mustn't|should not|shouldn't|may not|shall not|will not)"
        r"(?: (?:be|contain|have|include|hold|accept|take))?) (?:more|greater|larger|longer|bigger|higher) than",
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
        words=r"max(?:imum|\.)?(?: (?:text|input|prompt|string|name|character) (?P<tnoun>length)| (?P<noun>length|value|size|count))?"
        # "Maximum number of inputs per call is `96`"
        r"|max(?:imum)? number of (?:[a-z]{2,20} ){1,3}?(?:per (?:call|request) )?(?=is )",
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
        words=r"(?:no|not|(?:can ?not|can't|must not|mustn't|should not|shouldn't|may not|shall not|will not)"
        r"(?: (?:be|contain|have|include|hold|accept|take))?) (?:less|fewer|smaller|lower|shorter) than",
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
    r"(?:\s{0,2}(?:is|of|=|:|must be|为|是|要|需|应|须|可以|可|支持|能|只能|允许|仅|输入|可传|限制|上传|传入|引用|包含|添加|提供|容纳))"
    r"{0,3}\s{0,3}"
)
# (comparison, pattern, whether its words are all Chinese: an English sentence skips those)
COMPARISON_PATTERNS = tuple(
    (
        c,
        re.compile(r"(?i)(?<![A-Za-z0-9_])(?:" + c.words + ")" + _JOIN + amount_re("n")),
        not re.search("[A-Za-z]", c.words),
    )
    for c in _COMPARISONS
)

ANY_COMPARISON = re.compile(
    r"(?i)(?<![A-Za-z0-9_])(?:"
    + "|".join(c.words.replace("(?P<noun>", "(?:").replace("(?P<tnoun>", "(?:") for c in _COMPARISONS)
    + ")"
)
_UNIT_WORDS = r"(?:characters|character|chars|images|items|elements|entries|values|个字符|个汉字|个字|字符|汉字|字|位|个|张|项|条)"
POSTFIX_MAX = re.compile(
    r"(?i)"
    + amount_re("n")
    + r"\s{0,2}"
    + _UNIT_WORDS
    + r"?\s{0,2}(?:or fewer|or less|or under|or below|max\b|at most|以内|之内|以下)"
)
POSTFIX_MIN = re.compile(
    r"(?i)"
    + amount_re("n")
    + r"\s{0,2}"
    + _UNIT_WORDS
    + r"?\s{0,2}(?:or more|or above|or greater|at least|及以上|或以上)"
)

# Every postfix form ends in one of these words: a sentence without any skips both postfix scans.
POSTFIX_CUE = re.compile(r"(?i)\bor\s|max\b|at most|at least|以内|之内|以下|及以上|或以上")

_CONTEXT = (
    r"(?:value range|valid range|allowed range|range of values|range values?|ranges|range|interval|between|"
    r"取值范围|有效范围|取值区间|数值范围|范围值|范围|区间|值域|length|长度|字数|数量|must\s{1,2}be|should\s{1,2}be)"
)
_CONTEXT_JOIN = r"(?:\s{0,2}(?:is|are|of|from|:|为|是|在|应在|需在|须在|应为|从)){0,2}\s{0,3}"
LENGTH_CONTEXT = re.compile(r"(?i)length|长度|字数|字符数")
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
INTERVALS = (
    ("range.interval", re.compile(_WITH_CONTEXT + _BRACKET), False),
    ("range.tilde", re.compile(_WITH_CONTEXT + _NOT_CHAINED + _LO + r"\s{0,2}~\s{0,2}" + _HI_FREE + _NO_MORE), False),
    ("range.hyphen", re.compile(_WITH_CONTEXT + _NOT_CHAINED + range_start_re("lo") + r"\s{0,2}-\s{0,2}" + _HI_FREE + _NO_MORE), True),
    ("range.to", re.compile(r"(?i)(?P<ctx>" + _CONTEXT + _CONTEXT_JOIN + r"|from\s{1,3})" + _LO + r"\s{1,3}to\s{1,3}" + _HI), True),
    # "— 1 to 2000 characters": no range word, but the unit says what the two numbers bound
    ("range.to", re.compile(r"(?i)(?P<ctx>)(?<![\w.-])" + _LO + r"\s{1,3}to\s{1,3}" + _HI), True),
    ("range.between", re.compile(r"(?i)between\s{1,3}" + amount_re("lo") + r"\s{0,3}(?:\sand|和)\s{1,3}" + amount_re("hi")), False),
    ("range.between", re.compile(r"(?:介于|在)\s{0,2}" + _LO + r"\s{0,2}(?:和|与|到|至|~|-)\s{0,2}" + _HI + r"\s{0,3}(?:[^\s\d]{0,3}\s{0,2})?之间"), False),
    ("range.between", re.compile(_LO + r"\s{0,2}(?:到|至|和|与)\s{0,2}" + _HI + r"\s{0,3}(?:[^\s\d]{0,3}\s{0,2})?之间"), False),
    ("range.zh-to", re.compile(r"(?P<ctx>" + _CONTEXT + _CONTEXT_JOIN + r")" + _LO + r"\s{0,2}(?:到|至)\s{0,2}" + _HI), True),
    # "(0-5)", "(1-100, default 20)": the range opens the parenthesis and ends its first clause
    ("range.parenthesis", re.compile(r"\((?P<ctx>)\s{0,2}" + range_start_re("lo") + r"\s{0,2}-\s{0,2}" + _HI_FREE + r"\s{0,2}(?=\)|,\s{0,2}(?i:default))"), False),
    # "The compression level (0-100%)": a range in percent, the field's own unit
    ("range.parenthesis", re.compile(r"\((?P<ctx>)\s{0,2}" + range_start_re("lo") + r"\s{0,2}-\s{0,2}`?(?P<hi>\d{1,3}(?:\.\d{1,4})?)`?%\s{0,2}(?=\))"), False),
    ("range.either", re.compile(_LO + r"\s{0,2}(?P<u>张|个|条|项)\s{0,2}(?:或|到|至|-|~)\s{0,2}" + _HI + r"\s{0,2}(?P=u)"), False),
    ("range.to-infinity", re.compile(r"(?i)(?P<open>[\[(])\s{0,3}" + _LO + r"\s{0,3},\s{0,3}\+?(?:inf|infinity|∞)\s{0,3}[\])](?P<hi>)"), False),
    ("range.exact", re.compile(r"(?:(?<![A-Za-z\u4e00-\u9fff])|(?<=[)\s]))(?:只能|仅)?(?:包含|上传|传入)\s{0,2}(?P<ctx>)" + _LO + r"(?P<u>个|张|条)(?P<hi>)"), False),
)  # fmt: skip
FROM_CONTEXT = re.compile(
    r"(?i)\b(?:range|ranges|ranging|value|values|an?\s{1,2}(?:number|integer|float|decimal))\b|取值|范围"
)
