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

from ._bound_forms import (
    ANY_COMPARISON,
    COMPARISON_PATTERNS,
    FROM_CONTEXT,
    INTERVALS,
    LENGTH_CONTEXT,
    POSTFIX_CUE,
    POSTFIX_MAX,
    POSTFIX_MIN,
)
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
from ._numbers import parse_number, unit_after
from ._text import Text

_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
# "status codes between 200 and 299 indicate success" describes values; it does not restrict them.
_DESCRIPTIVE = re.compile(
    r"(?i)\)?\s{0,3}(?:[a-z]{1,20}\s{1,2}){0,2}?(?:indicates?|means?|represents?|denotes?|signals?|"
    r"(?:is|are)\s{1,2}(?:considered|treated|returned)|will\s{1,2}be\s{1,2}returned)\b|\s{0,2}(?:表示|代表)"
)
# "q2模型1-7张图片", "viduq1 model: 1-7 images": a clause that opens on a model name holds for that model.
_QUOTA = re.compile(
    r"(?i)\bper\s{1,2}(?:user|organi[sz]ation|org|project|team|workspace|tenant|customer)\b"
    r"|每个(?:账号|账户|用户|组织|项目|团队)"
)
# "Note: some providers enforce a minimum of 16": a limit of some backends, not of the API.
_SOME_OF = re.compile(r"(?i)\bsome\s{1,2}(?:providers|models|vendors|backends)\b|部分(?:模型|供应商|厂商)")
_MODEL_CLAUSE = re.compile(r"(?i)(?:^|\s)[A-Za-z0-9][A-Za-z0-9.\-]{0,24}\s{0,2}(?:模型|models?)\s{0,2}:?\s{0,2}$")
_ARRAY_OF = re.compile(r"(?i)\b(?:array|list)\s{1,2}of\s{1,2}$")
# "up to 200 (for Universal-2) or 1000 (for …)": a parenthesis right after the number says when it holds.
_PARENTHESISED_CONDITION = re.compile(r"(?i)\s{0,2}\(\s{0,2}(?:for|when|if|only for|对于|仅|当)\b")
# "When provided, must be 1-3", "If set, must be greater than 0": the condition is the field being sent.
_SELF_CONDITION = re.compile(
    r"(?i)^\s{0,3}(?:when|if)\s{1,2}(?:(?:this|the)\s{1,2}(?:field|parameter|value)\s{1,2}is\s{1,2})?"
    r"(?:provided|set|specified|given|present|supplied|passed|used)\s{0,2},"
    r"|^\s{0,3}(?:如果|若|当)?(?:提供|传入|设置|指定)了?(?:该|此|本)?(?:参数|字段)?时?\s{0,2},"
)
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
_SIGN_CUE = re.compile(
    r"(?i)positive|negative|least|正整数|正数|非负|est\b|best|worst|max|most|最|single|单个|单张|空字符串|empty\s{1,2}string|开始|-based"
    r"|only\s{1,2}`?1\b"
)
# "包含单个图像 URL 的数组", "an array containing a single URL": exactly one item; "only supports a single
# person": at most one.
_ONE_ITEM = re.compile(
    r"(?i)(?:包含|只包含|仅包含)\s{0,2}(?:单个|单张|1个|1张)[^,.;:]{0,24}的(?:数组|列表)"
    r"|\b(?:array|list)\s{1,2}(?:containing|with|of)\s{1,2}(?:exactly\s{1,2})?(?:a\s{1,2}single|one)\s{1,2}[a-z]"
    r"|(?P<only>\bonly\s{1,2}supports?\s{1,2}(?:[a-z]{2,20}ing\s{1,2})?a\s{1,2}single\s{1,2}[a-z]"
    r"|\bonly\s{1,2}`?1`?\s{1,2}[a-z]{2,20}\s{1,2}(?:is|can\s{1,2}be)\s{1,2}(?:supported|allowed|accepted)\b)"
)
_AT_LEAST_ONE = re.compile(
    r"(?i)(?<![A-Za-z])(?:specify|provide|select|choose|include|pass|give|upload|add|attach|supply)\s{1,2}at\s{1,2}"
    r"least\s{1,2}one\b|\bat\s{1,2}least\s{1,2}one\s{1,2}(?:(?!of\b)[a-z]{2,20}\s{1,2}){0,2}(?:is\s{1,2})?required\b"
)
# "页码(从1开始)": the first allowed value; "实测服务端不接受空字符串", "cannot be an empty string": a length of at least 1.
_STARTS_AT = re.compile(r"从\s{0,2}(?P<n>\d{1,6})\s{0,2}开始|\((?P<based>[01])-based\)")
_NOT_EMPTY = re.compile(
    r"(?:不接受|不能为|不可为|不允许为?|不得为)\s{0,2}空字符串"
    r"|(?i:\bempty\s{1,2}strings?\s{1,2}(?:are|is)\s{1,2}not\s{1,2}(?:allowed|accepted|permitted)"
    r"|\b(?:must\s{1,2}not|cannot|can\s{0,2}not)\s{1,2}be\s{1,2}(?:an\s{1,2})?empty\s{1,2}string)"
)
_ONE_ITEM_CUE = re.compile(r"single|\bone\b|单个|单张|1个|1张|only\s{1,2}`?1\b")
_SIGN_WORD = re.compile(r"positive|negative|正整数|正数|非负")
_OR_MORE = re.compile(r"(?i)[^.;]{0,60}\bor\s{1,2}(?:multiple|more|several|many)\b")
_SIGN = re.compile(
    r"(?i)(?<![A-Za-z-])(?:must|should|has to|needs to|can only)\s{1,2}be\s{1,2}(?:set\s{1,2}to\s{1,2})?(?:an?\s{1,2})?"
    r"(?P<word>positive|non-negative|nonnegative)(?:\s{1,2}(?:integer|number|value))?\b"
    r"|(?:必须|须|需|应)(?:为|是)\s{0,2}(?P<zh>正整数|正数|非负整数|非负数)"
)


def _signs(text: Text, start: int, end: int) -> list[_Hit]:
    """ "must be a positive integer" is ``exclusiveMinimum: 0``; "non-negative" is ``minimum: 0``."""
    hits: list[_Hit] = []
    # Each form is tried only when the sentence has the word it cannot do without.
    sentence = text.norm[start:end]
    lowered = sentence.lower()
    digits = _DIGIT.search(sentence) is not None
    for match in _SCALE.finditer(text.norm, start, end) if digits else ():
        low, high = parse_number(match.group("lo")), parse_number(match.group("hi"))
        if low < high:
            rule = "zh.range.scale" if _CJK.search(match.group(0)) else "en.range.scale"
            hit = _make_hit(text, match.start(), (match.start("lo"), match.start("hi")), match.end(), False,
                            [("min", match.group("lo"), False), ("max", match.group("hi"), False)], rule,
                            interval=True)  # fmt: skip
            if hit is not None:
                hits.append(hit)
    for match in _SCALE_ENDS.finditer(text.norm, start, end) if digits else ():
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
    for match in _IS_THE_MAXIMUM.finditer(text.norm, start, end) if "最大值" in sentence else ():
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
    for match in _AT_LEAST_ONE.finditer(text.norm, start, end) if "least" in lowered else ():
        if CONDITION_MARKERS.search(sentence_prefix(text, match.start())):
            continue
        bound = Bound(side="min", value=1, exclusive=False, kind="count", interval=False,
                      evidence=sentence_evidence(text, match.start()), rule="en.min.at-least-one",
                      items_only=True)  # fmt: skip
        hits.append(_Hit(start=match.start(), numbers=(match.start(),), bounds=(bound,)))
    for match in _ONE_ITEM.finditer(text.norm, start, end) if _ONE_ITEM_CUE.search(lowered) else ():
        if CONDITION_MARKERS.search(sentence_prefix(text, match.start())) or _OR_MORE.match(
            text.norm, match.end(), end
        ):
            continue  # "an array of one item for a single import, or multiple items": one of two uses
        exact = match.group("only") is None
        sides: tuple[Side, ...] = ("min", "max") if exact else ("max",)
        rule = ("zh" if _CJK.search(match.group(0)) else "en") + (".count.single" if exact else ".max.single")
        bounds = tuple(Bound(side=side, value=1, exclusive=False, kind="count", interval=False,
                             evidence=sentence_evidence(text, match.start()), rule=rule, items_only=True)
                       for side in sides)  # fmt: skip
        hits.append(_Hit(start=match.start(), numbers=(match.start(),), bounds=bounds))
    for match in _STARTS_AT.finditer(text.norm, start, end) if "开始" in sentence or "based" in lowered else ():
        group = "n" if match.group("n") is not None else "based"  # "页码（0-based）": the first index
        hit = _make_hit(text, match.start(), (match.start(group),), match.end(), False, [("min", match.group(group), False)],
                        "zh.min.starts-at", interval=False, named_ends=True)  # fmt: skip
        if hit is not None:
            hits.append(hit)
    for match in _NOT_EMPTY.finditer(text.norm, start, end) if "空" in sentence or "empty" in lowered else ():
        if CONDITION_MARKERS.search(sentence_prefix(text, match.start())):
            continue
        bound = Bound(side="min", value=1, exclusive=False, kind="length", interval=False,
                      evidence=sentence_evidence(text, match.start()),
                      rule="zh.min.not-empty" if _CJK.search(match.group(0)) else "en.min.not-empty")  # fmt: skip
        hits.append(_Hit(start=match.start(), numbers=(match.start(),), bounds=(bound,)))
    for match in _SIGN.finditer(text.norm, start, end) if _SIGN_WORD.search(lowered) else ():
        word = (match.group("word") or match.group("zh")).lower()
        exclusive = word in ("positive", "正整数", "正数")
        hit = _make_hit(text, match.start(), (match.start(),), match.end(), False, [("min", "0", exclusive)],
                        "zh.min.sign" if match.group("zh") else "en.min.sign", interval=False)  # fmt: skip
        if hit is not None:
            hits.append(hit)
    return hits


# "the two-letter country code", "three-character [ISO currency code](…)", "ISO 3166-1 alpha-2", "两位字母国家代码": a
# code of a fixed size is a string of exactly that length.
_CODE_SIZE = re.compile(
    r"(?i)\b(?P<n>two|three|four|[2-9]|1[0-2])[- ](?:letter|character|char)\b(?P<open>\s{1,2}or\s{1,2}(?:longer|more|less|fewer))?(?:\s{1,2}[^\s.,;]{1,40}){0,5}?"
    r"\s{1,2}\[?(?:code|abbreviation)s?\b|\bISO[\s_\-]{0,2}3166(?:-1)?[\s_]{0,2}alpha-(?P<alpha>[23])\b"
    r"|(?P<zh>[两二三]|[2-3])\s{0,2}位(?:大写)?字母"
)
_SIZE_WORDS = {"two": 2, "three": 3, "four": 4, "两": 2, "二": 2, "三": 3}
_LINK_TARGET = re.compile(r"\]\([^()\s]{1,300}\)")


def _code_sizes(text: Text, start: int, end: int) -> list[_Hit]:
    links = [m.span() for m in _LINK_TARGET.finditer(text.norm, start, end)]
    # "[country code](https://…/ISO_3166-1_alpha-2)": only the link's address says it
    found = [m for m in _CODE_SIZE.finditer(text.norm, start, end) if not any(lo <= m.start() < hi for lo, hi in links)]
    sizes = {_size(m) for m in found}
    if (
        len(sizes) != 1
        or any(m.group("open") for m in found)
        or CONDITION_MARKERS.search(sentence_prefix(text, found[0].start()))
    ):
        return []  # "a 4 character area code and 6 character local code": the sizes of the value's parts
    match = found[0]
    rule = "zh.length.code-size" if match.group("zh") else "en.length.code-size"
    evidence = sentence_evidence(text, match.start())
    bounds = tuple(Bound(side=side, value=_size(match), exclusive=False, kind="length", interval=False,
                         evidence=evidence, rule=rule) for side in ("min", "max"))  # fmt: skip
    return [_Hit(start=match.start(), numbers=(match.start(),), bounds=bounds)]


def _size(match: re.Match[str]) -> int:
    size = next(g for g in (match.group("n"), match.group("alpha"), match.group("zh")) if g is not None)
    return _SIZE_WORDS.get(size.lower()) or int(size)


# What every bound form needs (lower-cased substrings of _SIGN_CUE, or a digit): see ``_core``'s one seam.
CUE_WORDS = ("positive", "negative", "least", "best", "worst", "est", "max", "most", "最", "single", "单个", "单张",
             "非负", "正整数", "正数", "空字符串", "empty string", "empty  string", "开始")  # fmt: skip
# A code's size without a digit ("two-letter", "两位字母"); with one, the digit opens the gate.
_SIZE_CUE = re.compile(r"(?i)(?:two|three|four|\d)[- ](?:letter|character|char)\b|alpha-[23]|位(?:大写)?字母")
_WORD_SIZE = re.compile(r"(?i)\b(?:two|three|four)[- ](?:letter|char)|[两二三]位")


def may_find_bounds(norm: str, lowered: str) -> bool:
    return (
        _DIGIT.search(norm) is not None or any(w in lowered for w in CUE_WORDS) or _WORD_SIZE.search(norm) is not None
    )


def find_bounds(text: Text) -> tuple[list[Bound], list[Doubt]]:
    hits: list[_Hit] = []
    # Each cue is searched in the whole text first: most descriptions lack it, and then no sentence has it.
    signs = _SIGN_CUE.search(text.norm) is not None
    digits = _DIGIT.search(text.norm) is not None
    comparisons = digits and ANY_COMPARISON.search(text.norm) is not None
    postfixes = digits and POSTFIX_CUE.search(text.norm) is not None
    sizes = ("char" in text.norm or "letter" in text.norm or "lpha-" in text.norm or "位" in text.norm) and (
        _SIZE_CUE.search(text.norm) is not None
    )
    for sentence in text.sentences if signs or digits or sizes else ():
        if signs and _SIGN_CUE.search(text.norm, sentence.start, sentence.end):
            hits.extend(_signs(text, sentence.start, sentence.end))
        if sizes:
            hits.extend(_code_sizes(text, sentence.start, sentence.end))
        if not digits or not _DIGIT.search(text.norm, sentence.start, sentence.end):
            continue
        # One search for any comparison word saves trying each of them (most sentences with a number have none).
        if comparisons and ANY_COMPARISON.search(text.norm, sentence.start, sentence.end):
            hits.extend(_comparisons(text, sentence.start, sentence.end))
        if postfixes and POSTFIX_CUE.search(text.norm, sentence.start, sentence.end):
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
    if "clamp" in lowered:  # "values are clamped to [1, 10]": the server moves the value, it does not refuse it
        doubts.extend(
            Doubt(evidence=b.evidence, reason="out-of-range values are clamped, not rejected") for b in bounds
        )
        bounds = []
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
    chinese = _CJK.search(text.norm, start, end) is not None
    for comparison, pattern, zh_only in COMPARISON_PATTERNS:
        if zh_only and not chinese:
            continue
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
    postfixes: tuple[tuple[Side, re.Pattern[str]], ...] = (("max", POSTFIX_MAX), ("min", POSTFIX_MIN))
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
# What each interval form cannot do without (lower-cased substrings): a sentence lacking them skips its scan.
_NEEDS: dict[str, tuple[str, ...]] = {
    "range.interval": ("[", "("), "range.tilde": ("~",), "range.hyphen": ("-",), "range.zh-to": ("到", "至"),
    "range.parenthesis": ("(",), "range.either": ("张", "个", "条", "项"), "range.exact": ("个", "张", "条"),
    "range.to-infinity": ("inf", "∞"), "range.to": ("to",), "range.between": ("between", "之间"),
}  # fmt: skip


# Every interval form but these two writes two numbers: a sentence with one number skips the rest.
_ONE_NUMBER_FORMS = frozenset({"range.to-infinity", "range.exact"})
_TWO_NUMBERS = re.compile(r"\d\D+\d")


def _intervals(text: Text, start: int, end: int) -> list[_Hit]:
    hits: list[_Hit] = []
    norm = text.norm
    two = _TWO_NUMBERS.search(norm, start, end) is not None
    lowered = norm[start:end].lower()
    for name, pattern, needs_context in INTERVALS:
        if not two and name not in _ONE_NUMBER_FORMS:
            continue
        needed = _NEEDS.get(name)
        if needed is not None and not any(n in lowered for n in needed):
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
        if not FROM_CONTEXT.search(text.norm[text.sentence_of(match.start()).start : match.start()]):
            return None
    elif (needs_context or (opening == "(" and closing == ")")) and not context and name != "range.parenthesis":
        # "1-64 characters" needs no range word: the unit says it is a length.
        kind, _, _ = unit_after(text.norm, match.end())
        if name not in ("range.hyphen", "range.to") or kind not in ("length", "count"):
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
    length_hint = bool(LENGTH_CONTEXT.search(context))
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
    if (
        EXAMPLE_MARKERS.search(_CLOSED_ASIDE.sub(" ", before))  # "(例如“giphy”)(≤ 8 个字符)": the example is closed
        or (_DESCRIPTIVE.match(after) and not named_ends)
        or _QUOTA.search(after)
        or _SOME_OF.search(before)
    ):
        return None  # "a maximum of 20 unique labels per account": a quota, not this field's limit
    if _GROUP_BEFORE.search(text.norm, max(0, start - 60), start):
        return None  # "ids 和 names 至少提供一个", "与 ai_backends 至少提供一种": a rule over fields, not a count
    if _WHOLE_REQUEST.search(text.norm, max(0, start - 24), start) and _LIMIT_WORD.match(text.norm, start):
        return None  # "All web services have a URL limit of 8192 characters": the request's limit, not the field's
    if re.search(r"(?i)\bdefault\s{1,2}$|默认$", text.norm[max(0, start - 12) : start]):
        return None  # "Default maximum of 1000 characters": a default limit, not a bound on the value
    clause = clause_prefix(text, start)
    if ADVICE_MARKERS.search(clause):
        return _Hit(
            start=start, numbers=numbers, bounds=(), doubt=Doubt(evidence=evidence, reason="advice, not a rule")
        )
    if (conditional or CONDITION_MARKERS.search(_SELF_CONDITION.sub("", before)) or _TRAILING_CONDITION.search(after)
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
    elif kind is None and (length_hint or LENGTH_CONTEXT.search(clause)):
        kind = "length"
    bounds = tuple(
        Bound(side=side, value=parse_number(raw), exclusive=exclusive, kind=kind, interval=interval,
              evidence=evidence, rule=rule)
        for side, raw, exclusive in sides
    )  # fmt: skip
    return _Hit(start=start, numbers=numbers, bounds=bounds)


_GROUP_BEFORE = re.compile(
    r"(?:[A-Za-z_][\w.]{0,63}\s{0,2}(?:和|与|或|、)\s{0,2}|(?:与|和)\s{0,2})[A-Za-z_][\w.]{0,63}\s{0,2}(?:参数|字段)?\s{0,2}"
    r"(?:中|之中)?\s{0,2}(?:须|需|必须)?\s{0,2}$"
)
_WHOLE_REQUEST = re.compile(r"(?i)\b(?:URL|URI|request|query[ \t]{1,2}string|header)s?[ \t]{1,2}(?:length[ \t]{1,2})?$")
_LIMIT_WORD = re.compile(r"(?i)(?:a\s{1,2})?(?:limit|max)")
_CLOSED_ASIDE = re.compile(r"\([^()]{0,80}\)")


def _after_closing(norm: str, pos: int) -> int:
    """Units follow a closing bracket or backtick: ``[1, 4] images``."""
    if pos < len(norm) and norm[pos] in "])`":
        return pos + 1
    return pos
