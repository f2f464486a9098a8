"""Stage 3: extract. Listed literals: what one listed value may look like, and the lists that need no header.

Input: a normalised ``Text`` and a sentence span. Output: ``EnumClaim`` (raw values) or None. Shared by
``_enums``: ``clean`` reads one literal out of a list item, glosses removed (``until_closing``,
``two_words`` and ``glossed_run`` help it cut a headed list's body). The finders here need no
header: lists joined by "or" ("720p or 1080p, default 720p", "Can be 'jpeg', 'png', or 'webp'",
"supports 6 and 10 seconds"), values with their meanings (``meaning_list``), codes with their glosses
(``numbered_glossary``: "状态: 0-待执行, 1-成功") and one bullet per value (``bulleted_glosses``).
"""

from __future__ import annotations

import re

from ._claims import CONDITION_MARKERS, EXAMPLE_MARKERS, EnumClaim, sentence_prefix
from ._text import Text

# A literal that is visibly an identifier (a digit, "_" or "-" in it), so "image or video" stays prose.
IDENT = r"(?=[A-Za-z0-9_.:\-]{0,40}[0-9_\-])[A-Za-z0-9][A-Za-z0-9_.:\-]{0,40}"
TOKEN = re.compile(r"[A-Za-z0-9_.:+\-/@#*=]{1,64}")
# "Image format options are: jpeg, png": values of the referenced file, not of this field.
_FILE_WORDS = re.compile(
    r"(?i)\bformats?\b|\bfile\s{1,2}types?\b|\bextensions?\b|\b(?:mime|content)[\s-]{1,2}types?\b|格式|文件类型|扩展名|后缀"
)


# "转录输出的格式, 可选择: json, text", "response format": the field's own output format, not a file's.
OWN_FORMAT = re.compile(
    r"(?i)(?:output|response|输出|返回)\s{0,3}(?:的)?\s{0,2}(?:(?:图片|图像|视频|音频|image|video|audio)\s{0,2})?(?:formats?|格式)"
)


def file_words_before(norm: str, start: int, end: int) -> bool:
    found = _FILE_WORDS.search(norm, start, end)
    return found is not None and not OWN_FORMAT.search(norm, max(0, found.start() - 12), found.end())


# A quoted value holds no comma: "`~`, `!`" must read one way only, or the alternatives backtrack exponentially.
_Q = r"(?:\"[^\"\n,]{1,40}\"|`[^`\n,]{1,40}`|'[^'\n,]{1,40}')(?:\s{0,2}\([^()\n,]{1,24}\))?"
# "Can be 'jpeg', 'png', or 'webp'", "You can use 'dense' or 'sparse'", "`a` (default), `b`, or `c`",
# ""16:9" or "9:16" aspect ratio supported", "supports "16:9" or "9:16" aspect ratios": quoted values and "or".
_QUOTED_ALTERNATIVES = re.compile(
    r"(?i)(?:^|(?<=[,:])|(?:\b(?:can|may|must|should)\s{1,2}be(?:\s{1,2}(?:either|one\s{1,2}of))?|\byou\s{1,2}can\s{1,2}use"
    r"(?:\s{1,2}either)?|\bsupports?|\b(?:specify|choose|pick|select)(?:\s{1,2}(?:either|one\s{1,2}of))?)(?=\s)"
    r"|(?:仅为|只能为|只能是|必须为|必须是|可以是|可为))\s{0,3}(?P<body>" + _Q + r"(?:\s{0,2}(?:,\s{0,2}or\b|,|\bor\b|或|、)\s{0,2}" + _Q
    + r"){1,20})(?:\s{1,2}(?:[a-z]{2,12}\s{1,2}){0,2}(?:supported|ratios?))?\s{0,2}[.;]?\s{0,2}$"
)  # fmt: skip


_NUMBER_ALTERNATIVES = re.compile(
    r"(?:^|(?<=[,:])|(?i:\b(?:must|can|should)\s{1,2}be(?:\s{1,2}either)?(?=\s))|只能为|必须为|可以是)"
    r"\s{0,3}(?P<body>-?\d{1,9}(?:\s{0,2}\([^()\n]{1,24}\))?(?:\s{0,2},\s{0,2}-?\d{1,9}(?:\s{0,2}\([^()\n]{1,24}\))?){0,10}"
    r"\s{0,2}(?:,?\s{1,2}or\s{1,2}|或)\s{0,2}-?\d{1,9}(?:\s{0,2}\([^()\n]{1,24}\))?)"
    r"\s{0,2}[.;]?\s{0,2}$"
)


def number_alternatives(text: Text, start: int, end: int) -> EnumClaim | None:
    """ "Resolution, 720 or 1080.": a clause of nothing but numbers joined by "or" lists the allowed values."""
    match = _NUMBER_ALTERNATIVES.search(text.norm[start:end])
    if match is None:
        return None
    values = re.findall(r"-?\d{1,9}", re.sub(r"\([^()\n]*\)", "", match.group("body")))  # "1 (mono) or 2 (stereo)"
    if len(set(values)) != len(values):
        return None
    rule = "zh.enum.numbers-or" if "或" in match.group("body") else "en.enum.numbers-or"
    return EnumClaim(values=tuple(values), evidence=text.quote(start, end), rule=rule)


# "720p or 1080p, default 720p", "web_search_preview or web_search_preview_2025_03_11": a sentence of nothing
# but identifiers joined by "or".
_WORD_ALTERNATIVES = re.compile(
    r"(?i)^\s{0,3}(?P<body>"
    + IDENT
    + r"(?:\s{0,2},\s{0,2}"
    + IDENT
    + r"){0,10}\s{0,2}(?:,?\s{1,2}or\s{1,2}|或者|或)\s{0,2}"
    + IDENT
    + r")\s{0,2}(?:,?\s{0,2}(?:default\s{1,2}|默认(?:为|值)?\s{0,2})(?P<default>"
    + IDENT
    + r"))?\s{0,2}[.;]?\s{0,2}$"
)


def word_alternatives(text: Text, start: int, end: int) -> EnumClaim | None:
    match = _WORD_ALTERNATIVES.search(text.norm[start:end])
    if match is None:
        return None
    values = [v for v in re.split(r"\s{0,2}(?:,|\bor\b|或者|或)\s{0,2}", match.group("body")) if v]
    if len(set(values)) != len(values) or (match.group("default") and match.group("default") not in values):
        return None
    if all(re.fullmatch(r"-?\d+", v) for v in values):
        return None  # numbers are _number_alternatives' business
    rule = "zh.enum.words-or" if re.search(r"或", match.group("body")) else "en.enum.words-or"
    return EnumClaim(values=tuple(values), evidence=text.quote(start, end), rule=rule)


# "Video length supports 6 and 10 seconds": the numbers a field supports, ending the sentence.
_SUPPORTED_NUMBERS = re.compile(
    r"(?i)\bsupports?\s{1,2}(?:only\s{1,2})?(?P<body>\d{1,6}(?:\s{0,2},\s{0,2}\d{1,6}){0,8}\s{0,2},?\s{1,2}(?:and|or)\s{1,2}\d{1,6})"
    r"(?:\s{1,2}(?:seconds?|s|frames|fps|steps))?\s{0,2}[.;]?\s{0,2}$"
)


def supported_numbers(text: Text, start: int, end: int) -> EnumClaim | None:
    match = _SUPPORTED_NUMBERS.search(text.norm, start, end)
    if match is None:
        return None
    values = re.findall(r"\d{1,6}", match.group("body"))
    if len(set(values)) != len(values):
        return None
    return EnumClaim(values=tuple(values), evidence=text.quote(start, end), rule="en.enum.supported-numbers")


def quoted_alternatives(text: Text, start: int, end: int) -> EnumClaim | None:
    """A clause that is nothing but quoted values joined by "or": ``仅veo3支持，“16:9”或“9:16”``."""
    match = _QUOTED_ALTERNATIVES.search(text.norm[start:end])
    if match is None:
        return None
    if file_words_before(text.norm, max(start, start + match.start() - 24), start + match.start("body")):
        return None  # "Allowed formats: `pdf`, `doc`": the referenced file's formats
    before = text.norm[start : start + match.start("body")].rstrip()
    opens_on_comma = before.endswith(",") and re.search(r"[`'\"]", sentence_prefix(text, start + match.start("body")))
    if opens_on_comma or EXAMPLE_MARKERS.search(before[-40:]):
        return None  # "Specify `warn`, `hide` or `blur`" read from `hide`, "for example `a`, `b` or `c`"
    if CONDITION_MARKERS.search(sentence_prefix(text, start + match.start("body"))):
        return None  # "required if `type` is `a`, `b` or `c`": the values of another field
    if not re.search(r"\bor\b|或", match.group("body"), re.I) and not match.group("body").startswith('"'):
        return None  # "Emitted by: `ERROR`, `EXIT`": code words in prose; a closed choice says "or"
    body = re.sub(r"\s{0,2}\([^()\n,]{1,24}\)", "", match.group("body"))
    values = [clean(v) for v in re.findall(r"\"([^\"\n]{1,40})\"|`([^`\n]{1,40})`|'([^'\n]{1,40})'", body)
              for v in [next(g for g in v if g)]]  # fmt: skip
    if len(values) < 2 or any(v is None for v in values) or len(set(values)) != len(values):
        return None
    rule = "zh.enum.quoted" if "或" in match.group("body") else "en.enum.quoted"
    return EnumClaim(values=tuple(v for v in values if v), evidence=text.quote(start, end), rule=rule)


def clean(item: str) -> str | None:
    """One literal from one list item, glosses removed; None when prose is left over."""
    value = _strip_glosses(item)
    if value is None:
        return None
    if ": " in value:
        value = value.split(": ", 1)[0]
    if _DASH_GLOSS.match(value):
        value = value.split(" - ", 1)[0]  # "biz - 业务": the value, then its gloss
    value = value.strip().rstrip(".").strip()
    quoted = len(value) > 2 and value[0] == value[-1] and value[0] in "\"'`"
    if quoted:
        value = value[1:-1]
        if _QUOTED_WORDS.fullmatch(value):
            return value  # "Valid values: 'AIR FORCE', 'ARMY'": the quotes hold a value of a few words
    return value if TOKEN.fullmatch(value) and not value.endswith(":") else None


_DASH_GLOSS = re.compile(r"[^-]{1,40} - \D")
_QUOTED_WORDS = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:+\-/]{0,30}(?: [A-Za-z0-9_.:+\-/]{1,30}){1,3}")


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


# "`constant` 表示将 `value` 作为字面字符串；`variable` 表示 …", "`waiting` means queued, `done` means …": each
# clause opens with a quoted value and says what it means.
_MEANING = re.compile(
    r"(?:^|(?<=[.;,:\n])|(?<=[.;,:] ))\s{0,3}(?:[-*•]\s{1,3})?`(?P<v>[^`\n,]{1,40})`\s{0,2}"
    r"(?:表示|代表|意为|意味着|(?i:means|indicates|stands\s{1,2}for))"
)


def meaning_list(text: Text) -> EnumClaim | None:
    found = list(_MEANING.finditer(text.norm))
    values = [clean(m.group("v")) for m in found]
    if len(values) < 2 or any(v is None or not re.search(r"[A-Za-z]", v) for v in values):
        return None  # "`0` means unlimited, `-1` means off": sentinels of a number, not its values
    if len(set(values)) != len(values) or CONDITION_MARKERS.search(text.norm[: found[0].start()]):
        return None
    rule = "zh.enum.meanings" if re.search(r"[\u4e00-\u9fff]", text.norm) else "en.enum.meanings"
    return EnumClaim(values=tuple(v for v in values if v), evidence=text.quote(found[0].start(), len(text.norm))[:300],
                     rule=rule)  # fmt: skip


# "must be", "fixed as", "仅支持": a sentence that may give one allowed value.
SINGLE_CUE = re.compile(r"(?i)must|always|fixed|only|固定|只能|必须|仅|只支持|应为")


_GLOSS_ITEM = re.compile(r"\s{0,3}`?[A-Za-z0-9][A-Za-z0-9_.\-]{0,40}`?\s{0,2}:\s")


def glossed_run(text: Text, number: int) -> int:
    """ "可选值有 is：等于； isNot：不等于； …": glossed values that semicolons split into sentences run on."""
    end = text.sentences[number].end
    for following in text.sentences[number + 1 :]:
        if not text.norm[max(0, end - 4) : end].rstrip().endswith(";") or not _GLOSS_ITEM.match(
            text.norm, following.start
        ):
            break
        end = following.end
    return end


def two_words(item: str, items: list[str]) -> str | None:
    """ "square pro" among "square, square pro, landscape_4_3": a variant of another listed value, after a
    strong header and among at least two other values ("a, b, see docs" stays prose)."""
    match = re.fullmatch(r"(?P<base>[a-z][a-z0-9_]{1,15}) (?:[a-z][a-z0-9_]{1,15})", item.strip())
    return item.strip() if match is not None and match.group("base") in (i.strip() for i in items) else None


def until_closing(body: str) -> str:
    depth = 0
    for index, ch in enumerate(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return body[:index]
            depth -= 1
    return body


# "任务状态: 0-待执行, 1-成功, 2-失败", "文件类型 1: excel 2: 文档 3: 音频", "0 表示失败; 1 表示成功": each code opens a
# clause and is followed by its meaning; the words before the first code name a kind of value.
# (Opens on the code, not on a lookbehind, so the engine can skip to each digit; ``_opens_clause`` checks before it.)
_CODE = re.compile(r"`?(?P<v>-?\d{1,4})`?(?:\s{0,2}(?:-|:|=|——)\s{0,2}|\s{0,2}(?:表示|代表)\s{0,2})(?=[^\s\d\-,;.])")
_GLUED = re.compile(r"(?<=[A-Za-z])(?P<v>\d{1,4})\s{0,2}(?:-|:)\s{0,2}(?=[^\s\d\-,;.])")
_CODE_MARK = re.compile(r"\d`?\s{0,2}(?:[-:=]|——|表示|代表)")
_KIND = re.compile(
    r"(?i)类型|状态|模式|策略|方式|等级|级别|位置|标志|来源|语言|(?:type|mode|status|state|level|strategy|kind)\b"
)


# "most strict" names a scale's end; a bare code inside a gloss ("2-暂停（0 不筛选）") is a value left unglossed.
_SCALE_GLOSS = re.compile(
    r"(?i)^\s{0,2}最[^\s,;.]{1,3}\s{0,2}[,;.]?\s{0,2}$|\b(?:most|least|strongest|weakest)\b|(?<![\w.])-?\d(?![\w.])"
)


def _opens_clause(norm: str, at: int) -> bool:
    return at == 0 or not (norm[at - 1].isascii() and (norm[at - 1].isalnum() or norm[at - 1] in "_.+-"))


def numbered_glossary(text: Text) -> EnumClaim | None:
    """Codes glossed one by one with no header: at least two, distinct, the first after words naming a kind
    ("状态", "type"), each gloss a few words that hold no other code."""
    norm = text.norm
    # Two code marks, then a kind word before the first: both searches are cheap, and most texts stop here.
    first = _CODE_MARK.search(norm)
    second = _CODE_MARK.search(norm, first.end()) if first is not None else None
    kind = _KIND.search(norm, 0, first.start()) if first is not None and second is not None else None
    found = [m for m in _CODE.finditer(norm, kind.end()) if _opens_clause(norm, m.start())] if kind is not None else []
    if len(found) < 2:
        return None
    # "…不超过4KM8: 时间短模式": a code glued to a gloss's last word counts when it is the next number.
    for glued in _GLUED.finditer(norm, found[0].end()):
        before = [m for m in found if m.start() < glued.start()][-1]
        if int(glued.group("v")) == int(before.group("v")) + 1 and glued.group("v") not in [
            m.group("v") for m in found
        ]:
            found = sorted([*found, glued], key=lambda m: m.start())
    head = norm[: found[0].start()]
    if not _KIND.search(head) or CONDITION_MARKERS.search(head) or EXAMPLE_MARKERS.search(head):
        return None
    values = [m.group("v") for m in found]
    if len(set(values)) != len(values) or (len(values) == 2 and abs(int(values[0]) - int(values[1])) != 1):
        return None  # "1 表示最严格, 5 表示最宽松": the ends of a scale, not its values
    for this, following in zip(found, [*found[1:], None], strict=True):
        gloss = norm[this.end() : following.start() if following is not None else len(norm)]
        if not gloss.strip(" ,;、") or (following is not None and len(gloss) > 80) or _SCALE_GLOSS.search(gloss):
            return None
    rule = "zh.enum.codes" if re.search(r"[\u4e00-\u9fff]", norm) else "en.enum.codes"
    return EnumClaim(values=tuple(values), evidence=text.quote(found[0].start(), len(norm))[:300], rule=rule)


NOT_VALUES = frozenset({"note", "notes", "example", "examples", "default", "tip", "tips", "warning", "important",
                        "format", "type", "range", "values", "value", "options", "usage", "description", "eg",
                        "http", "https"})  # fmt: skip


_GLOSS_LINE = re.compile(
    r"\s{0,8}(?P<bullet>[-*•]\s{1,3})?`?(?P<v>[A-Za-z0-9_][A-Za-z0-9_.:\-]{0,40}?)`?\s{0,2}:\s{1,3}\S.{0,300}"
)


def bulleted_glosses(text: Text) -> EnumClaim | None:
    """ "- true: 添加水印\n- false: 不添加水印", "- **fun**: … - **normal**: …": one bullet per value and its meaning.

    Exactly one run of at least two such bullets, after a first line that names the field; a later line
    that is not such a bullet ends the run ("注1: …"), and a second run makes it a doubt-free no.
    """
    runs: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []
    plain = False  # a run without bullets ("200: 成功\n401: 未授权") must run to the end of the description
    for index, span in enumerate(text.lines):
        match = _GLOSS_LINE.fullmatch(text.norm, span.start, span.end)
        if match is not None and not current and index > 0 and _own_header(text, index - 1):
            match = None  # "**人工介入事件**:\n- `a`: …": a list of its own, or the tail of a longer one
        if match is not None and index > 0 and (not current or (match.group("bullet") is None) == plain):
            plain = match.group("bullet") is None
            current.append((match.group("v"), span.end))
            continue
        line = text.norm[span.start : span.end]
        # "* 998: WebSDK\n* 自定义渠道 ID": a bullet with no gloss names values the run leaves open
        if len(current) >= 2 and not (plain and line.strip()) and not (current and re.match(r"\s{0,8}[-*•]\s", line)):
            runs.append(current)
        current = []
    if len(current) >= 2:
        runs.append(current)
    if len(runs) != 1:
        return None
    values = [v for v, _ in runs[0]]
    if len(set(values)) != len(values) or any(v.lower() in NOT_VALUES for v in values):
        return None
    first = text.lines[0]
    if text.norm[first.start : first.end].rstrip().endswith(":"):
        return None  # a header line of its own kind ("Notes:") that the header list does not know
    opening = next(span.start for span in text.lines if span.end == runs[0][0][1])
    if re.search(r"(?i)(?:包括|包含|\binclud(?:e|es|ing))\s{0,2}:?\s*$", text.norm[:opening]):
        return None  # "渠道 ID 包括:": the values include these, and may be more
    rule = "zh.enum.glossed" if re.search(r"[\u4e00-\u9fff]", text.norm) else "en.enum.glossed"
    return EnumClaim(values=tuple(values), evidence=text.quote(first.start, runs[0][-1][1])[:300], rule=rule)


def _own_header(text: Text, index: int) -> bool:
    """The line before a run of glosses is a header of its own ("**事件**:") or a bullet that is no gloss."""
    line = text.lines[index]
    shown = text.norm[line.start : line.end].strip()
    return shown.endswith(":") or shown[:1] in ("-", "*", "•")
