"""Stage 3: extract. Enumerations: "Enumeration Values: a, b", "枚举值：a、b", bullet lists under a header.

Input: a normalised ``Text``. Output: ``EnumClaim`` (raw value strings, still
untyped) and ``Doubt`` notes. A list is only taken when every item is a clean
literal once glosses are stripped (``subject (character feature reference)``
-> ``subject``, ``std: standard mode`` -> ``std``); a list with prose in it,
or one left open ("etc.", "等"), is a doubt, never a guess.
"""

from __future__ import annotations

import re

from ._claims import CONDITION_MARKERS, Doubt, EnumClaim, sentence_evidence, sentence_prefix
from ._lists import (
    IDENT,
    NOT_VALUES,
    OWN_FORMAT,
    SINGLE_CUE,
    TOKEN,
    bulleted_glosses,
    clean,
    file_words_before,
    glossed_run,
    meaning_list,
    number_alternatives,
    numbered_glossary,
    quoted_alternatives,
    supported_numbers,
    two_words,
    until_closing,
    word_alternatives,
)
from ._text import Span, Text

# Headers after which a colon is optional ("must be one of a, b", "可选值为a、b").
_OPEN_HEADERS = r"(?<!at least )(?<!at most )must be one of|choose from|can be one of|can be (?:selected|chosen) as|(?<!at least )(?<!at most )(?<!exactly )(?<!only )one of|can be either|must be either|supported values are|currently supported values are"
_COLON_HEADERS = (
    r"enumeration values?|enumerated values?|enum values?|possible enum values|enumerations?|enums?|"
    r"possible values|allowed values|valid values|accepted values|supported values|available values|"
    r"acceptable values|permitted values|value options|available options|options are available(?=\s{0,2}:)|optional values|options|can be|"
    r"supported(?:\s[a-z]{2,15}){1,3}(?=\s{0,2}:)|optional(?=\s{0,2}:)|"
    r"可用(?:的)?(?:模型|值|选项|取值|版本)(?=\s{0,2}:)|枚举值|枚举|可选值|可选项|可选择|可选|可取值|取值|允许值|有效值|支持的值|支持的[\u4e00-\u9fff]{1,4}有|之一"
)
_HEADER = re.compile(
    r"(?i)(?<![A-Za-z0-9_])(?:(?P<open>" + _OPEN_HEADERS + r")|(?P<colon>" + _COLON_HEADERS + r")"
    r"(?:\s{1,2}(?:are|include|includes))?\s{0,2}(?:为|有|包括|包含|是)?(?:如下)?)"
    r"(?:\s{0,2}the following(?:\s{1,2}[a-z]{2,12})?(?:\s{1,2}values)?(?=\s{0,2}:))?\s{0,2}(?P<sep>:)?"
    r"(?:\s{0,2}the following(?:\s{1,2}values)?\s{0,2}:?)?"
)
# Every header above contains one of these (lower-cased): a text without any has no header.
_HEADER_WORDS = ("one of", "choose from", "can be", "either", "enum", "values", "options", "supported", "optional",
                 "可用", "枚举", "可选", "取值", "允许值", "有效值", "支持的", "之一")  # fmt: skip
# One listed value as the header-less lists write it: "default", "1:1", "chirp-v3-5".
_LITERAL = r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,40}"
_OPEN_ENDED = re.compile(r"(?i)\betc\b|\.\.\.|…|等$|等等")
_BULLET = re.compile(r"\s{0,8}(?:[-*•]\s{1,3})?(?P<body>\S.{0,300})")
_MAX_ITEMS = 200
_MAX_HEADERS = 8  # per sentence: more is a repeated template, and scanning each would be quadratic
_NEXT_STATEMENT = re.compile(
    r"(?i),\s{0,2}(?:默认|default\b|取值范围|范围)|\s(?:and|with)\s{1,2}(?:the\s{1,2})?default\b"
)


_STRONG = re.compile(
    r"(?i)enumeration values?|enumerated values?|enum values?|possible enum values|possible values|allowed values|"
    r"valid values|accepted values|supported values|permitted values|optional values|枚举值|可选值|可选项|可取值|"
    r"允许值|有效值"
)
_SINGLE = re.compile(
    r"(?i)(?:(?<![A-Za-z])(?:must be|is always|always has the value|fixed (?:as|to|at))"
    r"|(?<![A-Za-z])(?:currently\s{1,2})?only\s{1,2}supports?"
    r"|固定为|固定值为?|固定(?=\s{0,2}[`\"'])|只能(?:为|是|填)|必须(?:为|是|使用)|仅支持|只支持|目前仅支持|此处应为|仅(?=\s{0,2}`)|仅(?=\s{0,2}[A-Za-z_]{1,64}\s{0,2}值))"
    r"\s{0,2}(?:`(?P<bq>[^`\n]{1,64})`|\"(?P<dq>[^\"\n]{1,64})\"|[‘'](?P<sq>[^’'\n]{1,64})[’']|(?P<bare>[A-Za-z][A-Za-z0-9_.\-]{0,63}|\d{1,5}[A-Za-z][A-Za-z0-9_.\-]{0,20}))"
)
_BRACKET_LIST = re.compile(
    r"(?i)(?:\b(?:range|ranges|options|allowed|values)|参数范围|取值范围|范围值|范围)\s{0,2}(?:is|are|:|为|是)?\s{0,2}"
    r"\[(?P<body>[^\[\]\n]{1,500})\]"
)
_GLOSSED = re.compile(
    r"(?:^|(?<=[.;\n])|(?<=[.;:] )|(?<=[\u4e00-\u9fff] ))\s{0,3}(?:[-*•]\s{1,3})?(?P<v>`?[A-Za-z0-9_][A-Za-z0-9_.\-]{0,40}`?):\s"
)


# What each enum form needs, lower-cased: a header word, a gloss colon, a quote or bracket, a single-value cue
# (SINGLE_CUE), an "or", "support(s)", "only", or a code and its gloss ("1-主机"). A text with none lists no values.
_CUE_WORDS = (*_HEADER_WORDS, ": ", "`", '"', "'", "[", "must", "always", "fixed", "only", "固定", "只能", "必须", "仅",
              "应为", " or", "或", "support", "支持", "只有")  # fmt: skip
_CODE_CUE = re.compile(r"\d\s{0,2}(?:-|=|表示|代表)\s{0,2}[^\s\d]")


def may_find_enums(norm: str, lowered: str) -> bool:
    return any(w in lowered for w in _CUE_WORDS) or _CODE_CUE.search(norm) is not None


def find_enums(text: Text) -> tuple[list[EnumClaim], list[Doubt]]:
    claims: list[EnumClaim] = []
    plain: list[Span] = []  # sentences without a header
    doubts: list[Doubt] = []
    colon_headers = 0
    # Most descriptions have no header: a substring test, then one scan, not one per sentence.
    lowered = text.norm.lower()
    any_header = any(w in lowered for w in _HEADER_WORDS) and _HEADER.search(text.norm) is not None
    for number, sentence in enumerate(text.sentences):
        headers = (
            [m for m in _HEADER.finditer(text.norm, sentence.start, sentence.end) if _usable(m)][:_MAX_HEADERS]
            if any_header
            else []
        )
        colon_headers += sum(1 for m in headers if m.group("sep"))
        for index, match in enumerate(headers):
            if _RECOMMENDED.search(text.norm, max(0, match.start() - 14), match.start()):
                doubts.append(Doubt(evidence=sentence_evidence(text, match.start()), reason="the values are "
                                    "recommended, not the only ones"))  # fmt: skip
                break
            if CONDITION_MARKERS.search(sentence_prefix(text, match.start())):
                doubts.append(Doubt(evidence=sentence_evidence(text, match.start()), reason="the list holds only "
                                    "under a condition"))  # fmt: skip
                break
            # "Supported formats: jpg, png" names the file's formats in the header itself.
            header_end = match.end() if (match.group("colon") or "").lower().startswith("supported") else match.start()
            if file_words_before(text.norm, max(sentence.start, match.start() - 24), header_end):
                break
            # A second header in the sentence ends the first list ("viduq1: 可选值 a, b viduq2: 可选值 a, b, c").
            end = headers[index + 1].start() if index + 1 < len(headers) else glossed_run(text, number)
            outcome = _after_header(text, match, sentence.start, end)
            if isinstance(outcome, EnumClaim):
                claims.append(outcome)
            elif isinstance(outcome, Doubt):
                doubts.append(outcome)
            if index + 1 < len(headers) and not isinstance(outcome, EnumClaim):
                break
        if not headers:
            plain.append(sentence)
    if not claims and not doubts:
        # A header-less glossed list needs two "value: meaning" colons; most descriptions have none.
        glossed = None
        if text.norm.count(": ") >= 2:
            glossed = _glossed(text, 0, 0, len(text.norm), headerless=True)
            if glossed is None and len(text.lines) >= 3:
                glossed = bulleted_glosses(text)
        if glossed is None and text.norm.count("`") >= 4:
            glossed = meaning_list(text)
        if glossed is None:
            glossed = numbered_glossary(text)
        if glossed is not None:
            claims.append(glossed)
        else:  # the header-less lists, only now that no header or glossed list took the description
            found = [_headerless(text, s.start, s.end) for s in plain]
            claims.extend(f for f in found if f is not None)
    if colon_headers > 1 and not doubts and not claims:
        doubts.append(Doubt(evidence=text.quote(0, len(text.norm))[:300], reason="several value lists"))
    if claims and _SEVERAL_FORMS.search(text.norm):
        # "Method 1 | Optional values: 1K, 2K, 4K Method 2 | width x height": the list is one form of several.
        return [], [
            *doubts,
            Doubt(evidence=claims[0].evidence, reason="the list is one of several forms the value takes"),
        ]
    if len(claims) > 1 or (claims and colon_headers > 1):
        # "viduq1: 可选值 a, b; viduq2: 可选值 a, b, c": lists that depend on another field are no enum.
        return [], [*doubts, Doubt(evidence=claims[0].evidence, reason="several different value lists")]
    return claims[:1], doubts


_ADJECTIVES = frozenset({
    "unique", "positive", "negative", "valid", "nonempty", "non-empty", "present", "null", "true", "false",
    "empty", "greater", "less", "larger", "smaller", "equal", "different", "distinct", "identical", "absent",
    "lowercase", "uppercase", "ascending", "descending", "consistent", "stable", "idempotent", "public", "private",
    "nonnegative", "non-negative", "available", "enabled", "disabled", "sorted", "omitted", "at", "in", "of",
})  # fmt: skip
_RECOMMENDED = re.compile(r"(?i)推荐|建议|常用|\b(?:recommended|suggested|common|typical)\s{0,2}$")
_SEVERAL_FORMS = re.compile(r"(?i)\bmethod\s{0,2}[12]\b|方式\s{0,2}[一二12](?![0-9])|方法\s{0,2}[一二12](?![0-9])")


def _headerless(text: Text, start: int, end: int) -> EnumClaim | None:
    """The lists that need no header; each is tried only when its tell-tale character is in the sentence."""
    sentence = text.norm[start:end]
    found = _single(text, start, end) if SINGLE_CUE.search(sentence) else None
    if found is None and "[" in sentence:
        found = _bracket_list(text, start, end)
    tail = sentence.rstrip(" .;\n")
    if found is None and (tail[-1:] in ('"', "'", "`", ")") or tail.endswith(("supported", "ratio", "ratios"))):
        found = quoted_alternatives(text, start, end)
    if found is None and (" or" in sentence or " OR" in sentence or " Or" in sentence or "或" in sentence):
        found = number_alternatives(text, start, end) or word_alternatives(text, start, end)
    if found is None and "support" in sentence:
        found = supported_numbers(text, start, end)
    if found is None and "支持" in sentence:
        found = _supports_list(text, start, end)
    if found is None and ("only" in sentence.lower() or "只有" in sentence or "仅有" in sentence):
        found = _only_available(text, start, end)
    return found


_ONLY_AVAILABLE = re.compile(
    r"(?i)\bonly\s{1,2}(?P<en>"
    + _LITERAL
    + r"(?:\s{0,2},\s{0,2}"
    + _LITERAL
    + r"){0,10}\s{0,2},?\s{1,2}(?:and|or)\s{1,2}"
    + _LITERAL
    + r")\s{1,2}(?:are|is)\s{1,2}(?:currently\s{1,2})?(?:available|supported|allowed|accepted)\b"
    r"|(?:只有|仅有)\s{0,2}(?P<zh>"
    + _LITERAL
    + r"(?:\s{0,2},\s{0,2}"
    + _LITERAL
    + r"){1,10})\s{0,2}(?:是|为)?\s{0,2}可用"
)


# "Currently, only whisper-1 is available", "(currently only 720P is supported)", "Only gpt-image-1,
# gpt-image-1-all, flux-kontext-pro.": one identifier, or a sentence that is nothing but "Only" and a list.
_ONLY_ONE_AVAILABLE = re.compile(
    r"(?i)\bonly\s{1,2}(?:(?P<v>"
    + IDENT
    + r")|(?:the\s{1,2})?(?:[a-z]{3,15}\s{1,2})?`(?P<q>[^`\n]{1,40})`(?:\s{1,2}[a-z]{3,15})?(?:\s{1,2}\([^()\n]{1,40}\))?)"
    r"\s{1,2}is\s{1,2}(?:currently\s{1,2})?(?:available|supported|allowed|accepted)\b"
)
_ONLY_LIST = re.compile(
    r"^\s{0,3}Only\s{1,2}(?P<body>" + IDENT + r"(?:\s{0,2},\s{0,2}" + IDENT + r"){1,20})\s{0,2}\.?\s{0,2}$"
)


def _only_available(text: Text, start: int, end: int) -> EnumClaim | None:
    """ "only whisper-1 and gpt-4o-mini-transcribe are available", "目前只有 a,b 是可用的": the whole list."""
    single = _ONLY_ONE_AVAILABLE.search(text.norm, start, end)
    if single is not None and not CONDITION_MARKERS.search(sentence_prefix(text, single.start())):
        value = single.group("v") or clean(single.group("q"))
        if single.group("q") and value is not None and value.isdigit():
            value = None  # "Only `1` image is supported": a count
        if value is not None:  # "Only the managed `twilio` inventory (…) is available"
            return EnumClaim(values=(value,), evidence=text.quote(start, end), rule="en.enum.only-one-available")
    listed = _ONLY_LIST.match(text.norm[start:end])
    if listed is not None:
        values = [v.strip().rstrip(".") for v in listed.group("body").split(",")]
        if len(set(values)) == len(values):
            return EnumClaim(values=tuple(values), evidence=text.quote(start, end), rule="en.enum.only-list")
    match = _ONLY_AVAILABLE.search(text.norm, start, end)
    if match is None:
        return None
    body = match.group("en") or match.group("zh")
    values = [v for v in re.split(r"\s{0,2}(?:,|\band\b|\bor\b)\s{0,2}", body) if v]
    if len(set(values)) != len(values) or any(clean(v) is None or v.lower() in NOT_VALUES for v in values):
        return None
    if not any(re.search(r"[-_.0-9]", v) for v in values):
        return None  # "only images and videos are supported": words of prose, not identifiers
    rule = "en.enum.only-available" if match.group("en") else "zh.enum.only-available"
    return EnumClaim(values=tuple(values), evidence=text.quote(start, end), rule=rule)


_SUPPORTS = re.compile(
    r"(?:^|(?<=[\s,.;:]))(?<![A-Za-z0-9_]\s)(?:目前|当前)?(?:仅|只)?支持\s{0,2}:?\s{0,2}(?P<body>"
    + _LITERAL
    + r"(?:\s{0,2}[,/]\s{0,2}"
    + _LITERAL
    + r"){1,20}(?:\s{0,2}(?:和|或|以及|及)\s{0,2}"
    + _LITERAL
    + r")?)"
    r"\s{0,2}(?=[.;,)]|$)"
)
_FILE_SUBJECT = re.compile(r"(?i)图片|图像|视频|音频|文件|\bfiles?\b|\bimages?\b|\burls?\b|链接")
_EXTENSION = re.compile(r"(?i)jpe?g|png|webp|gif|bmp|tiff?|heic|mp4|mov|avi|mkv|webm|mp3|wav|m4a|aac|flac|ogg|pdf")


def _supports_list(text: Text, start: int, end: int) -> EnumClaim | None:
    """ "支持default, png, jpeg": a clause that is "supports" and a list of literals, nothing after it."""
    match = _SUPPORTS.search(text.norm, start, end)
    if match is None:
        return None
    cleaned = [clean(v) for v in re.split(r"[,/]|和|或|以及|及", match.group("body")) if v.strip()]
    values = [v for v in cleaned if v is not None]
    if len(values) != len(cleaned) or len(set(values)) != len(values):
        return None
    if (
        all(_EXTENSION.fullmatch(v) for v in values)
        and _FILE_SUBJECT.search(text.norm)
        and not OWN_FORMAT.search(text.norm)
    ):
        return None  # "图片支持 png, jpeg": formats of the referenced file
    return EnumClaim(values=tuple(values), evidence=text.quote(start, end), rule="zh.enum.supports")


def _usable(match: re.Match[str]) -> bool:
    """A colon header needs its colon or a verb ("可选值为"); a strong Chinese one ("可选值 a, b") neither."""
    colon = match.group("colon")
    if not colon or match.group("sep") or _has_verb(match.group(0)):
        return True
    if colon == "可选":  # "可选 chirp-v3-0、chirp-v3-5": a list of literals right after it
        return bool(_LIST_AHEAD.match(match.string, match.end()))
    return colon in ("枚举值", "可选值")


_LIST_AHEAD = re.compile(r"\s{0,2}" + _LITERAL + r"(?:\s{0,2}\([^()\n]{1,20}\))?\s{0,2},\s{0,2}[A-Za-z0-9]")


def _after_header(text: Text, match: re.Match[str], sentence_start: int, end: int) -> EnumClaim | Doubt | None:
    if re.search(r"(?i)\binclude", match.group(0)):  # "options include a and b": examples from an open list
        return Doubt(evidence=text.quote(match.start(), end), reason="the value list is left open")
    if re.search(r"(?i)\bor\s{1,2}$", text.norm[max(sentence_start, match.start() - 6) : match.start()]):
        # "Either the identifier of a voice from the library, or one of ['track-clone', 'clip-clone']"
        return Doubt(evidence=text.quote(match.start(), end), reason="the value list is left open")
    strong = bool(match.group("colon") and _STRONG.fullmatch(match.group("colon")))
    rest = text.norm[match.end() : end]
    glossed = _glossed(text, match.start(), match.end(), len(text.norm)) if match.group("sep") else None
    if glossed is not None:
        return glossed
    if match.group("sep") and re.match(r"[ \t]{0,4}\n\s{0,8}[-*•]\s", rest):
        return _bullets(text, match.start(), end)  # "The following options are available:\n- `asc`\n- `desc`"
    if rest.strip(" .\n"):
        return _inline(text, match.start(), end, rest, strong=strong,
                       in_parenthesis=_inside_parenthesis(text.norm, sentence_start, match.start()))  # fmt: skip
    if match.group("sep"):
        index = text.line_index(match.start()) + 1
        after = text.lines[index] if index < len(text.lines) else None
        shown = text.norm[after.start : after.end].strip() if after is not None else ""
        if after is not None and "," in shown and shown[:1] not in "-*•" and ": " not in shown:
            # "Supported values:\n`music-2.6`, `music-cover`, …": the list on the next line, not as bullets
            return _inline(text, match.start(), after.end, text.norm[match.end() : after.end], strong=strong,
                           in_parenthesis=False)  # fmt: skip
        return _bullets(text, match.start(), end)
    return None


def _inside_parenthesis(norm: str, start: int, pos: int) -> bool:
    start = max(start, pos - 300)
    return norm.count("(", start, pos) > norm.count(")", start, pos)


def _single(text: Text, start: int, end: int) -> EnumClaim | None:
    """ "Must be `googleSearch`", "固定为 X", "仅支持 MiniMax-Hailuo-02": one allowed value, ending its clause."""
    match = _SINGLE.search(text.norm, start, end)
    if match is None:
        return None
    group = next(g for g in ("bq", "dq", "sq", "bare") if match.group(g) is not None)
    if group == "bare" and match.group(0)[:1].isascii() and "only" in match.group(0).lower():
        return None  # "This parameter only supports dall-e-3": which model it works with, not its value
    value = clean(match.group(group))
    if value is None or (group == "bare" and value.lower() in ("a", "an", "the", "one", "set", "provided", "used")):
        return None
    if group == "bare" and re.fullmatch(r"(?i)\d+(?:s|ms|secs?|px|mb|kb|gb|min|h)", value):
        return None  # "时长只支持5s": is the value 5 or "5s"? (LABELLING.md: no enum)
    if group == "bare" and re.match(r"(?i)must be|is always", match.group(0)) and value.lower() in _ADJECTIVES:
        return None  # "URLs must be unique", "must be positive", "must be null": a property, not a value
    if group == "bare" and match.group(0)[:1].isascii() and value.lower().endswith("ed"):
        return None  # "the vector dimension must be specified": a requirement, not a value
    if re.search(
        r"(?:此|该|本|这个)参数\s{0,2}$|(?i:this\s{1,2}parameter\s{1,2})$",
        text.norm[max(start, match.start() - 16) : match.start()],
    ):
        return None  # "此参数仅支持`dall-e-3`": which model the parameter works with, not its value
    tail = text.norm[match.end() : end].lstrip()
    if tail[:1] == "值" and group == "bare" and match.group(0).startswith("仅"):
        tail = tail[1:].lstrip()  # "仅 json_schema 值"
    if tail[:1] not in ("", ".", ";", ",", "(", ")") and not ("\u4e00" <= tail[:1] <= "\u9fff" and group != "bare"):
        return None
    if tail[:1] == "," and (group == "bare" or tail[1:].lstrip()[:1] in ("`", '"', "'")):
        return None  # "必须为 `audio/mp3`、`audio/m4a` …": the first of a list
    if re.search(r"(?i)\b(?:or|and)\b|或", tail[:12]):
        return None
    rule = "zh.enum.single" if re.search(r"[\u4e00-\u9fff]", match.group(0)) else "en.enum.single"
    return EnumClaim(values=(value,), evidence=text.quote(start, end), rule=rule)


def _bracket_list(text: Text, start: int, end: int) -> EnumClaim | None:
    """ "range [16:9, 9:16, 1:1]", "The range is [720p, 1080p]": a bracketed list of words, not two numbers."""
    match = _BRACKET_LIST.search(text.norm, start, end)
    if match is None:
        return None
    values = [clean(v) for v in match.group("body").split(",")]
    if len(values) < 2 or any(v is None for v in values) or len(set(values)) != len(values):
        return None
    if all(re.fullmatch(r"-?\d+(?:\.\d+)?|inf|infinity", v or "", re.I) for v in values):
        return None  # "[0, 1]" is a range
    return EnumClaim(values=tuple(v for v in values if v), evidence=text.quote(start, end), rule="en.enum.bracket")


def _glossed(text: Text, start: int, header_end: int, end: int, *, headerless: bool = False) -> EnumClaim | None:
    """``Possible values: Permanent: stored on VOD. Temporary: ...`` or, with no header, ``std: 标准模式. pro: 专业模式``.

    Each value opens its own clause and is followed by a colon and its meaning; without a header at least
    two such clauses must follow a first sentence that names the field, and their values must be lower case.
    """
    norm = text.norm
    values: list[str] = []
    first = None
    for match in _GLOSSED.finditer(norm, header_end, min(end, header_end + 4000)):
        value = match.group("v").strip("`")
        if value.lower() in NOT_VALUES or value in values:
            break
        if first is None:
            first = match.start("v")
            if not headerless and norm[header_end:first].strip():
                return None
        values.append(value)
    if len(values) < 2 or first is None:
        return None
    if any(q not in values for q in re.findall(r"`([^`\n]{1,40})`:\s", norm[first:end])):
        return None  # "`monthly-income`: once per month `monthly-balance-payment`: …": a value missed mid-clause
    if headerless and (first == 0 or any(not (v.islower() or v.isdigit()) for v in values) or
                       not norm[:first].strip().endswith((".", ";", ":"))):  # fmt: skip
        return None
    # Every colon after the first value opens a value's gloss ("其他数值：默认按1处理" leaves the list open);
    # only a default statement may follow.
    colons = len(re.findall(r":\s", re.sub(r"(?i)默认值?\s{0,2}:\s|default(?: value)?\s{0,2}:\s", "", norm[first:])))
    if headerless and colons != len(values):
        return None
    rule = "zh.enum.glossed" if re.search(r"[\u4e00-\u9fff]", norm) else "en.enum.glossed"
    return EnumClaim(values=tuple(values), evidence=text.quote(start if not headerless else first, len(norm))[:300],
                     rule=rule)  # fmt: skip


def _has_verb(header: str) -> bool:
    return bool(re.search(r"(?i)\b(?:are|include|includes)\b|为|有|包括|包含|是", header))


_PROSE_AFTER = re.compile(
    r"(?i),?\s{0,2}\bwhere\b:?|(?<=[A-Za-z0-9`\"'])\s{0,2},?\s{0,2}(?=(?![或和与及等])[\u4e00-\u9fff])"
)


def _inline(
    text: Text, start: int, end: int, rest: str, *, strong: bool, in_parenthesis: bool
) -> EnumClaim | Doubt | None:
    evidence = text.quote(start, end)
    rule = "zh.enum.inline" if re.search(r"[\u4e00-\u9fff]", text.norm[start : start + 6]) else "en.enum.inline"
    body = rest.strip()
    if in_parenthesis:
        body = until_closing(body)
    body = _until_next_statement(body.rstrip(".;!?").strip())
    if body.startswith("[") and "]" in body and "[" not in body[1 : body.index("]")]:
        body = body[1 : body.index("]")]  # "Possible values: [oauth, service_auth]", "可选值有 [and, or]，and：…"
    # Glosses are skipped: "768P (Hailuo 系列默认)" has Chinese after a Latin word, and still one value.
    masked = re.sub(r"\([^()]{0,200}\)", lambda m: "(" + "_" * (len(m.group(0)) - 2) + ")", body)
    masked = re.sub(
        r"(?<=[A-Za-z0-9`]): [^,;:]{1,80}", lambda m: ":" + "_" * (len(m.group(0)) - 1), masked
    )  # "13: tel号码"
    prose = _PROSE_AFTER.search(masked)
    if prose is not None and prose.start() > 0:
        body = body[: prose.start()].rstrip(" ,")
    if _OPEN_ENDED.search(body):
        return Doubt(evidence=evidence, reason="the value list is left open")
    items = _split(body)
    if len(items) == 1:
        items = _split_plain(items[0], strong=strong)
    values = [clean(item) or (two_words(item, items) if strong and len(items) >= 3 else None) for item in items]
    if len(items) < 2 and not (strong and len(items) == 1 and values[0] is not None):
        return None
    if any(v is None for v in values) or len(items) > _MAX_ITEMS:
        return Doubt(evidence=evidence, reason="a listed value is not a plain literal")
    if len(set(values)) != len(values):
        return Doubt(evidence=evidence, reason="a value is listed twice")
    return EnumClaim(values=tuple(v for v in values if v is not None), evidence=evidence, rule=rule)


_MEDIA_TYPES = ("image", "audio", "video", "application", "text", "multipart", "font", "model")


def _split_plain(item: str, *, strong: bool) -> list[str]:
    """One item left: "AUTO/ON/OFF", or, after a strong header, "kling-video-o1 kling-v3-omni"."""
    slashed = [p.strip() for p in item.split("/")]
    plain = len(slashed) >= 2 and slashed[0].lower() not in _MEDIA_TYPES and all(clean(p) for p in slashed)
    if plain and (len(slashed) >= 3 or strong):
        return slashed
    words = item.split()
    # Words of prose ("see the model list") are no values: each must look like an identifier.
    if strong and len(words) >= 2 and all(TOKEN.fullmatch(w) and w[0].isalnum() and not w.endswith(":") and
                                          (re.search(r"[-_0-9]", w) or w.isupper()) for w in words):  # fmt: skip
        return words
    return [item]


def _bullets(text: Text, start: int, header_end: int) -> EnumClaim | Doubt | None:
    """``Enumerated values:`` alone on its line, then one ``- value: meaning`` per line."""
    line_index = text.line_index(start)
    values: list[str] = []
    end = header_end
    bullets = False
    marker_indent = 0
    for span in text.lines[line_index + 1 : line_index + 1 + _MAX_ITEMS]:
        line = text.norm[span.start : span.end].rstrip("\n")
        bulleted = line.lstrip()[:1] in "-*•"
        indent = len(line) - len(line.lstrip())
        if bullets and line.strip() and not bulleted and indent > marker_indent:
            end = span.end  # a bullet's text wrapped onto an indented line
            continue
        match = _BULLET.fullmatch(line)
        if not line.strip() or match is None:
            break
        marker_indent = indent if bulleted else marker_indent
        if bullets and not bulleted and len(values) >= 2:
            break  # "- a: …\n- b: …\n注1: …": an unbulleted line after the bullets is a note, not a value
        bullets = bullets or bulleted
        value = _bullet_value(match.group("body"), bulleted=bulleted)
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
        return clean(body[: closing + 1]) if closing > 1 else None
    if re.search(r"\([^()]{0,8}`", body):
        return None  # "- Danish (`'da'`)": the code in the gloss may be the wire value, not the word
    for separator in (": ", " - ", " ("):
        if separator in body:
            return clean(body.split(separator, 1)[0])
    return clean(body)


def _until_next_statement(body: str) -> str:
    """Chinese joins clauses with commas: "可选值：a、b，默认a" lists a and b, then states a default."""
    match = _NEXT_STATEMENT.search(body)
    return body[: match.start()].rstrip(" ,") if match else body


def _split(body: str) -> list[str]:
    items: list[str] = []
    for part in re.split(r"[,;]", body):
        part = part.strip()
        if part.lower().startswith(("or ", "and ")):
            part = part.split(" ", 1)[1].strip()
        pieces = re.split(r"\s(?:or|and|\|)\s|\s\|\s|或者|或|和", part)
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
