"""Stage 3: extract. Conditional requirements and field groups, as IDL rule strings.

Input: a normalised ``Text`` of a property (or object) description, the
property's own name, and the object's fields with their known enum values.
Output: ``RuleClaim`` (canonical IDL text, see ``generator.idl``) and
``Doubt`` notes. A bare value ("When using kling-v1-5") is resolved to the one
sibling whose enum contains it; no sibling, or two, is a doubt, never a guess.
"""

from __future__ import annotations

import re

import attrs

from ...vocab import idl
from ._claims import Doubt
from ._conditions import FIELD, Fields, read_conditions, typed
from ._text import Text


@attrs.frozen(kw_only=True)
class RuleClaim:
    text: str
    evidence: str
    rule: str


_REQUIRED = re.compile(
    r"(?i)\b(?:is|are|becomes|be)\s{1,2}(?:only\s{1,2})?(?:required|mandatory)\b|^\s{0,3}(?:only\s{1,2})?(?:required|mandatory)\b"
    r"|\bmust\s{1,2}be\s{1,2}(?:provided|specified|set|passed|supplied)\b"
    r"|\bmust\s{1,2}(?:also\s{1,2})?be\s{1,2}(?:provided|specified|set|passed|supplied|included)\b"
    r"|必须传入|必须提供|必须填写|必须传|必填|必传|必选|必需|不(?:得|能|可)为空"
)
_EN_MARKER = re.compile(r"(?i)\b(?:when|if)\b")
_ZH_MARKER = re.compile(r"(?<![相适应恰妥充担])当(?![前天日])|如果|假如|若(?!干)")
_ENGLISH_FILLER = frozenset(
    {
        "this",
        "the",
        "parameter",
        "field",
        "value",
        "it",
        "is",
        "then",
        "also",
        "only",
        "param",
        "argument",
        "be",
        "must",
        "property",
        "attribute",
        "option",
        "as",
        "well",
        "too",
        "and",
        "in",
        "request",
        "body",
    }
)
_CHINESE_FILLER = re.compile(r"此参数|该参数|当前参数|本参数|此字段|该字段|本字段|则|也|需要|需|参数|字段")

_GROUPS: tuple[tuple[idl.GroupKind, str, re.Pattern[str]], ...] = (
    ("ZeroOrOne", "en.dependency.mutually-exclusive",
     re.compile(r"(?i)(?P<a>" + FIELD + r")\s{1,2}and\s{1,2}(?P<b>" + FIELD + r")\s{1,2}(?:are\s{1,2}mutually\s{1,2}exclusive"
                r"|cannot\s{1,2}be\s{1,2}(?:used|set|provided|specified|passed)\s{1,2}(?:together|at\s{1,2}the\s{1,2}same\s{1,2}time|simultaneously))")),
    ("ZeroOrOne", "en.dependency.not-with",
     re.compile(r"(?i)(?:cannot|can\s{0,2}not|must\s{1,2}not|may\s{1,2}not)\s{1,2}be\s{1,2}(?:used|set|provided|specified|combined|passed)"
                r"\s{1,2}(?:together\s{1,2}|simultaneously\s{1,2}|at\s{1,2}the\s{1,2}same\s{1,2}time\s{1,2}|in\s{1,2}conjunction\s{1,2})?"
                r"(?:with|alongside)\s{1,2}(?:the\s{1,2})?(?P<list>" + FIELD + r"(?:\s{0,2}(?:,|\bor\b|\band\b|/|、|和|与)\s{0,2}" + FIELD + r"){0,5})|mutually\s{1,2}exclusive\s{1,2}with\s{1,2}(?:the\s{1,2})?(?P<c>" + FIELD + r")")),
    ("ZeroOrOne", "zh.dependency.not-with",
     re.compile(r"(?:不能|不可|不得|不要|请勿|勿)(?:与|和)\s{0,2}(?P<b>" + FIELD + r")\s{0,2}(?:参数)?\s{0,2}(?:同时|一起|一同|共同)(?:使用|传入|设置|存在|出现|提供)|与\s{0,2}(?P<c>" + FIELD + r")\s{0,2}互斥")),
    ("ZeroOrOne", "zh.dependency.mutually-exclusive",
     re.compile(r"(?P<a>" + FIELD + r")\s{0,2}(?:和|与|、|,)\s{0,2}(?P<b>" + FIELD + r")\s{0,2}(?:参数)?\s{0,2}(?:不能同时(?:使用|传入|设置|存在|出现|提供)|互斥)")),
    ("ZeroOrOne", "en.dependency.not-when-set",
     re.compile(r"(?i)(?:don't|dont|do\s{1,2}not|must\s{1,2}not|cannot|can\s{0,2}not)\s{1,2}(?:be\s{1,2})?(?:use|used|set|provide|provided|send|sent)"
                r"\s{1,2}(?:this\s{1,2})?(?:when|if)\s{1,2}(?P<b>" + FIELD + r")\s{1,2}is\s{1,2}(?:set|provided|specified|given|present)")),
    ("ZeroOrOne", "en.dependency.fields-exclusive",
     re.compile(r"(?i)(?P<a>" + FIELD + r")\s{1,2}(?:field|parameter)\s{1,2}and\s{1,2}(?:the\s{1,2})?(?P<b>" + FIELD + r")\s{1,2}(?:fields?|parameters?)\s{1,2}"
                r"are\s{1,2}mutually\s{1,2}exclusive")),
    ("OnlyOne", "en.dependency.not-both-empty-or-present",
     re.compile(r"(?i)(?P<a>" + FIELD + r")\s{1,2}and\s{1,2}(?:the\s{1,2})?(?P<b>" + FIELD + r")\s{1,2}(?:parameters?\s{1,2}|fields?\s{1,2})?"
                r"(?:are\s{1,2}optional\s{1,2}(?:and|but)\s{1,2})?cannot\s{1,2}both\s{1,2}be\s{1,2}empty\s{1,2}or\s{1,2}(?:both\s{1,2})?"
                r"(?:present|set|provided|filled)")),
    ("Or", "zh.dependency.choose-one-with",
     re.compile(r"(?<![A-Za-z0-9_`])(?<![A-Za-z0-9_`] )(?<![A-Za-z0-9_`]  )(?:与|和)\s{0,2}(?P<b>" + FIELD + r")\s{0,2}(?:参数)?\s{0,2}(?:须|需|必须)?\s{0,2}"
                r"(?:二选一|至少(?:需要|须|需)?(?:提供|传入|填写|传|填)\s{0,2}(?:一|1)\s{0,2}(?:种|个|项))")),
    ("Or", "zh.dependency.must-provide-either",
     re.compile(r"必须(?:提供|传入|填写|指定)\s{0,2}(?P<a>" + FIELD + r")\s{0,2}(?:或者|或)\s{0,2}(?P<b>" + FIELD + r")")),
    ("Or", "en.dependency.either",
     re.compile(r"(?i)\beither\s{1,2}(?:the\s{1,2})?(?P<a>" + FIELD + r")\s{1,2}(?:parameter\s{1,2})?or\s{1,2}(?:the\s{1,2})?(?P<b>" + FIELD + r")"
                r"\s{1,2}(?:parameters?\s{1,2})?(?:must|should|has\s{1,2}to|needs\s{1,2}to|can)\s{1,2}be\s{1,2}"
                r"(?:provided|specified|set|passed|supplied|given|selected|filled(?:\s{1,2}in)?)|\bat\s{1,2}least\s{1,2}one\s{1,2}of\s{1,2}(?:the\s{1,2})?(?P<c>" + FIELD + r")\s{0,2}(?:,|or|and)\s{1,2}(?P<d>" + FIELD + r")")),
    ("Or", "zh.dependency.at-least-one-of-list",
     re.compile(r"(?P<list>" + FIELD + r"(?:\s{0,2}(?:/|、|,|和|与|或)\s{0,2}" + FIELD + r"){1,5})\s{0,2}(?:参数)?\s{0,2}(?:中|之中)?\s{0,2}"
                r"(?:至少(?:需要|要|须|必须|需)?(?:提供|传入|填写|传|填|设置)\s{0,2}(?:1个|1项|其一)|必须(?:提供|传入|填写)其一)")),
    ("Or", "en.dependency.one-of-required",
     re.compile(r"(?i)(?<!exactly\s)(?<!only\s)(?<!least\s)(?<![A-Za-z])one\s{1,2}of\s{1,2}(?:the\s{1,2})?(?P<a>" + FIELD + r")\s{1,2}or\s{1,2}(?:the\s{1,2})?(?P<b>" + FIELD + r")"
                r"\s{1,2}(?:parameters?\s{1,2}|fields?\s{1,2})?(?:is|must\s{1,2}be)\s{1,2}(?:required|provided|specified|set|given)")),
    ("Or", "en.dependency.only-one-needed",
     re.compile(r"(?i)\bonly\s{1,2}one\s{1,2}of\s{1,2}(?:the\s{1,2})?(?P<a>" + FIELD + r")\s{1,2}(?:or|and)\s{1,2}(?:the\s{1,2})?(?P<b>" + FIELD + r")"
                r"\s{1,2}(?:needs|has)\s{1,2}to\s{1,2}be\s{1,2}(?:provided|specified|set|passed|supplied|given)")),
    ("Or", "zh.dependency.choose-one",
     re.compile(r"(?P<a>" + FIELD + r")\s{0,2}(?:和|与|或|、|,)\s{0,2}(?P<b>" + FIELD + r")\s{0,2}(?:参数)?\s{0,2}(?:二选一|必须传入其一|至少传入一个|必填其一|至少提供一个|必填(?:一|1)(?:个|项)|须二选一)")),
    ("OnlyOne", "en.dependency.use-either",
     re.compile(r"(?i)\b(?:use|choose|select|pick)\s{1,2}either\s{1,2}(?:the\s{1,2})?(?P<a>" + FIELD + r")\s{1,2}(?:option\s{1,2}|parameter\s{1,2}|field\s{1,2})?"
                r"or\s{1,2}(?:the\s{1,2})?(?P<b>" + FIELD + r")(?!\s{1,2}or\s{1,2}both)\b")),
    ("OnlyOne", "en.dependency.exactly-one",
     re.compile(r"(?i)\bexactly\s{1,2}one\s{1,2}of\s{1,2}(?:the\s{1,2})?(?P<a>" + FIELD + r")\s{0,2}(?:,|or|and)\s{1,2}(?P<b>" + FIELD + r")")),
    ("AllOrNone", "en.dependency.together",
     re.compile(r"(?i)(?P<a>" + FIELD + r")\s{1,2}and\s{1,2}(?P<b>" + FIELD + r")\s{1,2}must\s{1,2}be\s{1,2}(?:provided|specified|set|used|passed)\s{1,2}together")),
    ("AllOrNone", "zh.dependency.together",
     re.compile(r"(?P<a>" + FIELD + r")\s{0,2}(?:和|与)\s{0,2}(?P<b>" + FIELD + r")\s{0,2}(?:参数)?\s{0,2}(?:必须|需要|需)同时(?:传入|提供|设置)")),
)  # fmt: skip


# "二选一，不能同时为空，也不能同时有值", "both cannot be empty or have values simultaneously": exactly one.
_EXACTLY_ONE = re.compile(
    r"(?i)不能同时为空.{0,12}不能同时有值?|不能同时有值.{0,12}不能同时为空|cannot\s{1,2}(?:both\s{1,2})?be\s{1,2}empty\s{1,2}or\s{1,2}"
    r"(?:both\s{1,2})?have\s{1,2}values?|cannot\s{1,2}both\s{1,2}be\s{1,2}empty\s{1,2}or\s{1,2}both\s{1,2}be\s{1,2}(?:filled|set)"
)


# Every group pattern and every requirement word contains one of these: a sentence without any says no rule.
_CUE = re.compile(
    r"(?i)requir|mandator|must|either|exclusive|at\s{1,2}least|exactly|together|both|use\b|can\s{0,2}not|cannot"
    r"|only\s{1,2}be\s{1,2}used|必|二选一|互斥|同时|一起|一同|共同|为空|其一|至少"
)


# Lower-cased substrings of _CUE, plus "需" for the value-gloss forms: a text with none gives no rule.
_CUE_WORDS = ("requir", "mandator", "must", "either", "exclusive", "least", "exactly", "together", "both", "use",
              "cannot", "can not", "can  not", "必", "二选一", "互斥", "同时", "一起", "一同", "共同", "为空", "其一",
              "至少", "需")  # fmt: skip


def may_find_dependencies(norm: str, lowered: str) -> bool:
    return any(w in lowered for w in _CUE_WORDS)


def find_dependencies(text: Text, own_name: str | None, fields: Fields) -> tuple[list[RuleClaim], list[Doubt]]:
    claims, doubts = _find(text, own_name, fields)
    cue = "为空" in text.norm or "mpty" in text.norm or "MPTY" in text.norm  # every form says "empty"
    exactly = _EXACTLY_ONE.search(text.norm) if cue else None
    if exactly is not None:
        claims = [attrs.evolve(c, text=c.text.replace("Or(", "OnlyOne(", 1)) if c.text.startswith("Or(") else c
                  for c in claims]  # fmt: skip
        if not claims and own_name is not None:
            claims = _exactly_one_with(text, exactly, own_name, fields)
    return claims, doubts


def _exactly_one_with(text: Text, exactly: re.Match[str], own_name: str, fields: Fields) -> list[RuleClaim]:
    """ "… and the `video_id` parameter …; both cannot be empty or have values": the one sibling it names."""
    named = [n for n in fields if n != own_name and len(n) > 2 and
             re.search(r"(?<![A-Za-z0-9_.\-])" + re.escape(n) + r"(?![A-Za-z0-9_\-])", text.norm)]  # fmt: skip
    if len(named) != 1:
        return []
    rule = idl.format_rule(idl.Group(kind="OnlyOne", fields=tuple(sorted((own_name, named[0])))))
    sentence = text.sentence_of(exactly.start())
    evidence = text.quote(sentence.start, sentence.end)
    lang = "zh" if re.search(r"[\u4e00-\u9fff]", exactly.group(0)) else "en"
    return [RuleClaim(text=rule, evidence=evidence, rule=f"{lang}.dependency.exactly-one-with")]


# "json_schema: 按指定 JSON Schema 约束输出 (需配合 json_schema 字段使用)", "- REFERENCE_2_VIDEO: … 需要在 imageUrls
# 中提供1-3张图片": one of this field's values, glossed with the sibling it needs.
_GLOSS_NEEDS = re.compile(
    r"(?:^|(?<=[;\n.])|(?<=[;.] ))\s{0,3}(?:[-*•]\s{1,3})?`?(?P<v>[A-Za-z0-9_][A-Za-z0-9_.\-]{0,40})`?\s{0,2}:\s[^;\n]{0,160}?"
    r"(?:需(?:要)?配合\s{0,2}`?(?P<a>" + FIELD + r")`?\s{0,2}(?:字段|参数)?\s{0,2}(?:一起)?使用"
    r"|需(?:要)?(?:同时)?(?:提供|传入|设置)\s{0,2}`?(?P<b>" + FIELD + r")`?"
    r"|需(?:要)?在\s{0,2}`?(?P<c>" + FIELD + r")`?\s{0,2}(?:字段|参数)?\s{0,2}中(?:提供|传入))"
)


def _gloss_needs(text: Text, own_name: str | None, fields: Fields) -> list[RuleClaim]:
    own = fields.get(own_name or "")
    if own is None or own_name is None or "需" not in text.norm:
        return []
    claims: list[RuleClaim] = []
    for match in _GLOSS_NEEDS.finditer(text.norm):
        other = match.group("a") or match.group("b") or match.group("c")
        literal = typed(own, match.group("v"))
        if other == own_name or other not in fields or literal is None:
            continue
        rule = idl.Conditional(when=(idl.Predicate(field=own_name, op="eq", literal=literal),), then=(other,))
        claims.append(RuleClaim(text=idl.format_rule(rule), evidence=text.quote(match.start("v"), match.end()),
                                rule="zh.dependency.value-needs"))  # fmt: skip
    return claims


# "- 设为 `true` 使用自定义模式（需要提供 `style` 和 `title`；如果 `instrumental` 为 `false`，则需要提供 `prompt`）",
# "- 如果为 `true`：… 需要 `continueAt`、`prompt` 和 `title`": one bullet per value of this field, with the
# siblings that value needs. "仅需要 `audioId`" (only needs) names what suffices, not a requirement.
_MODE_BULLET = re.compile(
    r"^\s{0,8}[-*•]\s{1,3}(?:设为|设置为|如果为|若为|当为|为|(?i:if|when|set\s{1,2}to))\s{0,2}`(?P<v>[^`\n]{1,40})`"
)
_FIELD_LIST = r"`" + FIELD + r"`(?:\s{0,2}(?:,|和|与|及|以及|and)\s{0,2}`" + FIELD + r"`){0,8}"
_MODE_NEEDS = re.compile(
    r"(?:(?:如果|若|当)\s{0,2}`(?P<cf>"
    + FIELD
    + r")`\s{0,2}(?:为|是|=)\s{0,2}`(?P<cv>[^`\n]{1,40})`\s{0,2}(?:时)?\s{0,2},\s{0,2}"
    r"(?:则)?\s{0,2})?(?<![仅只])需要(?:提供|传入|填写|设置)?\s{0,2}(?P<list>" + _FIELD_LIST + r")"
)


def _mode_needs(text: Text, own_name: str | None, fields: Fields) -> list[RuleClaim]:
    own = fields.get(own_name or "")
    if own is None or own_name is None or "需要" not in text.norm:
        return []
    claims: list[RuleClaim] = []
    for span in text.lines:
        line = text.norm[span.start : span.end]
        mode = _MODE_BULLET.match(line)
        literal = typed(own, mode.group("v")) if mode is not None else None
        if mode is None or literal is None:
            continue
        for need in _MODE_NEEDS.finditer(line, mode.end()):
            when = [idl.Predicate(field=own_name, op="eq", literal=literal)]
            if need.group("cf"):
                other = fields.get(need.group("cf"))
                extra = typed(other, need.group("cv")) if other is not None else None
                if other is None or extra is None or need.group("cf") == own_name:
                    continue
                when.append(idl.Predicate(field=need.group("cf"), op="eq", literal=extra))
            named = re.findall(r"`(" + FIELD + r")`", need.group("list"))
            if not named or any(n not in fields or n == own_name for n in named):
                continue
            evidence = text.quote(span.start + need.start(), span.start + need.end())
            claims.extend(RuleClaim(text=idl.format_rule(idl.Conditional(when=tuple(when), then=(n,))),
                                    evidence=evidence, rule="zh.dependency.mode-needs") for n in named)  # fmt: skip
    return claims


# "(If this parameter is present, the other image source parameters must be empty.)": the siblings that are
# other forms of the same input (image, image_url; data, data_file, data_file_url), one at most.
_OTHER_FORMS = re.compile(
    r"(?i)\bif\s{1,2}this\s{1,2}(?:parameter|field)\s{1,2}is\s{1,2}(?:present|set|provided|given),?\s{1,2}the\s{1,2}other"
    r"\s{1,2}[a-z ]{0,40}?(?:parameters|fields)\s{1,2}must\s{1,2}be\s{1,2}(?:empty|omitted|null|unset|absent)"
)
_FORM_SUFFIX = r"_(?:url|id|file|base64|path|uri|b64)"


def _other_forms(text: Text, own_name: str | None, fields: Fields) -> list[RuleClaim]:
    match = _OTHER_FORMS.search(text.norm) if own_name is not None and "other" in text.norm else None
    if match is None or own_name is None:
        return []
    stem = re.sub(_FORM_SUFFIX + "$", "", own_name)
    form = re.compile(re.escape(stem) + "(?:" + _FORM_SUFFIX + ")*")
    others = sorted(n for n in fields if n != own_name and form.fullmatch(n))
    evidence = text.quote(match.start(), match.end())
    return [RuleClaim(text=idl.format_rule(idl.Group(kind="ZeroOrOne", fields=tuple(sorted((own_name, n))))),
                      evidence=evidence, rule="en.dependency.other-forms") for n in others]  # fmt: skip


def _find(text: Text, own_name: str | None, fields: Fields) -> tuple[list[RuleClaim], list[Doubt]]:
    claims: list[RuleClaim] = _gloss_needs(text, own_name, fields) + _mode_needs(text, own_name, fields)
    claims += _other_forms(text, own_name, fields)
    doubts: list[Doubt] = []
    for span in text.sentences if _CUE.search(text.norm) else ():  # one search first: most texts have no cue
        if not _CUE.search(text.norm, span.start, span.end):
            continue
        evidence = text.quote(span.start, span.end)
        raw = text.norm[span.start : span.end]
        modes = _mode_conditions(raw, fields)
        sentence = _plain(raw)
        outcome = _group(sentence, own_name, fields) or _conditional(sentence, own_name, fields, modes)
        for inner in _parenthesised(raw) if outcome is None and "(" in raw else ():
            # "文件 URL（当 `transfer_method` 为 `remote_url` 时必填）": the gloss is the whole rule
            outcome = _group(_plain(inner), own_name, fields) or _conditional(_plain(inner), own_name, fields)
            if outcome is not None:
                break
        if outcome is None:
            continue
        rule_id, found = outcome
        if (
            rule_id == "en.dependency.use-either"
            and not isinstance(found, _Reason)
            and _NEITHER_APPLIES.search(text.norm)
        ):
            # "Use either bg_color or bg_image_url. When not provided the default … applies": at most one
            found = tuple(
                r.replace("OnlyOne(", "ZeroOrOne(", 1) for r in ((found,) if isinstance(found, str) else found)
            )
        if isinstance(found, str):
            claims.append(RuleClaim(text=found, evidence=evidence, rule=rule_id))
        elif isinstance(found, _Reason):
            doubts.append(Doubt(evidence=evidence, reason=found[0]))
        else:
            claims.extend(RuleClaim(text=rule, evidence=evidence, rule=rule_id) for rule in found)
    return claims, doubts


_NEITHER_APPLIES = re.compile(
    r"(?i)\bdefaults?\b|\bwhen\s{1,2}(?:not|neither)\b|\bif\s{1,2}(?:not|neither)\b|\bneither\b"
)


class _Reason(tuple[str]):
    """Why a sentence that looks like a rule gives none (a one-element tuple, told apart from a rule list)."""

    __slots__ = ()


Outcome = tuple[str, "str | tuple[str, ...]"]


_GROUP_CUE = re.compile(r"至少|二选一|其一|互斥|(?i:\bat\s{1,2}least\b|\bexactly\b|\bmutually\b)")


def _parenthesised(raw: str) -> list[str]:
    """The top-level ``(…)`` glosses of a sentence that state a requirement."""
    found: list[str] = []
    depth, start = 0, 0
    for index, ch in enumerate(raw):
        if ch == "(":
            depth += 1
            start = index + 1 if depth == 1 else start
        elif ch == ")" and depth > 0:
            depth -= 1
            # a slice, not search(raw, start, index): "^required" must match at the gloss's start
            if depth == 0 and (_REQUIRED.search(raw[start:index]) or _GROUP_CUE.search(raw[start:index])):
                found.append(raw[start:index])
    tail = raw[start:].rstrip().rstrip(";")
    if depth == 1 and raw.rstrip().endswith(";") and (_REQUIRED.search(tail) or _GROUP_CUE.search(tail)):
        found.append(tail)  # "目标 URL（link_type=CUSTOM 时必填；…）": a semicolon split the gloss off its ")"
    return found


def _plain(sentence: str) -> str:
    """Drop code quotes and glosses: "`image` (the source)" reads as "image"."""
    without_quotes = sentence.replace("`", "").replace('"', "").replace("'", "")
    kept: list[str] = []
    depth = 0
    for ch in without_quotes:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            kept.append(ch)
    return re.sub(r"\s{2,}", " ", "".join(kept)).strip().rstrip(".").strip()


# Words each group pattern cannot match without (lower-cased): a sentence lacking them skips the pattern.
_GROUP_NEEDS: dict[str, tuple[str, ...]] = {
    "en.dependency.mutually-exclusive": ("mutually", "cannot", "can not"),
    "en.dependency.not-with": ("with", "alongside"),
    "zh.dependency.not-with": ("同时", "互斥", "一起", "一同", "共同"),
    "zh.dependency.mutually-exclusive": ("同时", "互斥"),
    "en.dependency.not-when-set": ("not", "n't", "dont"),
    "en.dependency.fields-exclusive": ("mutually",),
    "en.dependency.not-both-empty-or-present": ("both",),
    "zh.dependency.choose-one-with": ("二选一", "至少"),
    "zh.dependency.must-provide-either": ("必须",),
    "en.dependency.either": ("either", "at least"),
    "zh.dependency.at-least-one-of-list": ("至少", "其一"),
    "en.dependency.one-of-required": ("one of",),
    "en.dependency.only-one-needed": ("only",),
    "zh.dependency.choose-one": ("二选一", "其一", "至少", "必填"),
    "en.dependency.exactly-one": ("exactly",),
    "en.dependency.use-either": ("either",),
    "en.dependency.together": ("together",),
    "zh.dependency.together": ("同时",),
}


def _group(sentence: str, own_name: str | None, fields: Fields) -> Outcome | None:
    lowered = sentence.lower()
    for kind, rule_id, pattern in _GROUPS:
        needs = _GROUP_NEEDS.get(rule_id)
        if needs is not None and not any(n in lowered for n in needs):
            continue
        match = pattern.search(sentence)
        if match is None:
            continue
        clause = re.split(r"[,;]", sentence[: match.start()])[-1]
        if re.search(r"(?<!同)时", clause) or _EN_MARKER.search(clause) or _ZH_MARKER.search(clause):
            return rule_id, _Reason(("holds only under a condition",))  # "创建环境时与 backends 至少提供一种"
        listed = match.groupdict().get("list")
        if listed is not None and kind == "ZeroOrOne":
            # "Cannot be used with style_reference_images or style_type": one pair per sibling named.
            others = [m for m in _members(listed) if m in fields and m != own_name]
            if own_name is None or not others:
                return rule_id, _Reason(("names a field this object does not have",))
            return rule_id, tuple(idl.format_rule(idl.Group(kind=kind, fields=tuple(sorted({own_name, m}))))
                                  for m in dict.fromkeys(others))  # fmt: skip
        named = _members(listed) if listed is not None else [v for v in match.groupdict().values() if v]
        named = [_by_name(n, fields) for n in named]
        members = named if len(named) >= 2 else [own_name or "", *named]
        if not all(m in fields for m in members) or len(set(members)) < 2:
            return rule_id, _Reason(("names a field this object does not have",))
        return rule_id, (idl.format_rule(idl.Group(kind=kind, fields=tuple(sorted(set(members))))),)
    return None


def _by_name(name: str, fields: Fields) -> str:
    """ "choose either the URL or …": a name that differs from one field's only in case means that field."""
    if name in fields:
        return name
    same = [f for f in fields if f.lower() == name.lower()]
    return same[0] if len(same) == 1 else name


def _members(listed: str) -> list[str]:
    return [m for m in re.split(r"\s{0,2}(?:,|\bor\b|\band\b|/|、|和|与|或)\s{0,2}", listed) if m]


_MODE = re.compile(
    r"\(\s{0,2}`?(?P<f>[A-Za-z_][A-Za-z0-9_.\-]{0,63})\s{0,2}:\s{0,2}(?P<v>[A-Za-z0-9_.\-]{1,64})`?\s{0,2}\)"
)
_MODE_ONLY = re.compile(
    r"^(?:在|于)?[\u4e00-\u9fff]{0,12}(?:模式|情况)(?:下|时)?\s{0,2}:?\s{0,2}(?:始终|总是|也)?$|^(?:always|also)?$"
)


def _mode_conditions(raw: str, fields: Fields) -> tuple[idl.Predicate, ...]:
    """ "在自定义模式（`customMode: true`）下必填": the parenthesis names the mode as a field and its value."""
    found: list[idl.Predicate] = []
    for match in _MODE.finditer(raw):
        field = fields.get(match.group("f"))
        literal = typed(field, match.group("v")) if field is not None else None
        if literal is not None:
            found.append(idl.Predicate(field=match.group("f"), op="eq", literal=literal))
    return tuple(found)


def _conditional(
    sentence: str, own_name: str | None, fields: Fields, modes: tuple[idl.Predicate, ...] = ()
) -> Outcome | None:
    only_with = _ONLY_WITH.search(sentence)
    if only_with is not None and own_name is not None:
        return _only_with(only_with.group("f"), own_name, fields)
    needs = _REQUIRES_SIBLING.search(sentence)
    if needs is not None and own_name is not None:
        return _only_with(needs.group("f"), own_name, fields)  # "This requires the `source_lang` parameter to be set"
    required = _REQUIRED.search(sentence)
    if required is None:
        return None
    unless = _UNLESS.search(sentence)
    if unless is not None:
        return _unless(unless, own_name, fields)
    marker = _EN_MARKER.search(sentence) or _ZH_MARKER.search(sentence)
    lang = "zh" if _ZH_MARKER.search(sentence) or re.search(r"[\u4e00-\u9fff]", required.group(0)) else "en"
    if modes and (marker is None or marker.start() > required.start()):
        # "自定义模式下必填", "非自定义模式下: 始终必填": the mode is the whole condition.
        if own_name is None or not _MODE_ONLY.match(re.sub(r"\s+", "", sentence[: required.start()]).strip(",:-*•")):
            return f"{lang}.dependency.mode-required", _Reason(("cannot tell which field becomes required",))
        return f"{lang}.dependency.mode-required", idl.format_rule(idl.Conditional(when=modes, then=(own_name,)))
    if marker is not None and marker.start() < required.start():
        head = sentence[marker.end() : required.start()]
        cut = max(head.rfind(","), head.rfind("时"))
        if cut < 0:
            return None
        condition, consequence = head[:cut], sentence[marker.end() + cut + 1 :]
        first = head.find(",")
        if 0 <= first < cut and isinstance(read_conditions(condition.strip(), own_name, fields), str):
            # "When `REQUIRED` is specified, the model …, and the `tools` parameter must be passed": the
            # condition is the first clause; the clauses between say what happens, not what is needed.
            condition = head[:first]
        rule_id = f"{lang}.dependency.when-required"
    elif marker is not None:
        consequence, condition = sentence[: marker.start()], sentence[marker.end() :]
        rule_id = f"{lang}.dependency.required-when"
    else:
        implied = _IMPLIED.fullmatch(sentence)
        if implied is not None and own_name is not None:
            # "A document_annotation_format must be provided", said of another field: using this one needs it.
            other = implied.group("f")
            if other == own_name or other not in fields:
                return None
            rule = idl.Conditional(when=(idl.Predicate(field=own_name),), then=(other,))
            return "en.dependency.needs-sibling", idl.format_rule(rule)
        split = _split_at_shi(sentence[: required.start()])
        if split is None:
            return None
        condition, consequence = split[0], sentence[required.start() :]
        rule_id = "zh.dependency.when-required"
    target = _target(consequence, own_name, fields)
    if target is None and "," in consequence and rule_id.endswith("required-when"):
        target = _target(consequence.rsplit(",", 1)[1], own_name, fields)  # "Cover image, this is required if …"
    if target is None:
        return rule_id, _Reason(("cannot tell which field becomes required",))
    predicates = read_conditions(condition.strip().removesuffix("时").strip(), own_name, fields)
    if isinstance(predicates, str):
        return rule_id, _Reason((predicates,))
    if modes:  # "自定义模式下（customMode: true）：当 instrumental 为 false 时必填": both conditions hold
        predicates = (*modes, *predicates)
    if any(p.field == target for p in predicates):
        return rule_id, _Reason(("the condition names the field it makes required",))
    return rule_id, idl.format_rule(idl.Conditional(when=predicates, then=(target,)))


# "Can only be used with ultraUpscaleStyle": setting this field needs the other one.
_ONLY_WITH = re.compile(
    r"(?i)\b(?:can|may)\s{1,2}only\s{1,2}be\s{1,2}used\s{1,2}(?:together\s{1,2})?(?:with|alongside|in\s{1,2}conjunction\s{1,2}with)"
    r"\s{1,2}(?:the\s{1,2})?(?P<f>" + FIELD + r")(?:\s{1,2}(?:parameter|field))?\s{0,2}$"
)


def _only_with(other: str, own_name: str, fields: Fields) -> Outcome:
    if other == own_name or other not in fields:
        return "en.dependency.only-with", _Reason(("names a field this object does not have",))
    rule = idl.Conditional(when=(idl.Predicate(field=own_name),), then=(other,))
    return "en.dependency.only-with", idl.format_rule(rule)


# "除非 `auto_generate` 为 `true`，否则必填", "Required unless `mode` is `auto`": required when the condition fails.
_UNLESS = re.compile(
    r"^(?:(?:此|该|本)?(?:参数|字段)?\s{0,2})除非\s{0,2}(?P<zh>[^,]{1,60}?)\s{0,2},\s{0,2}否则\s{0,2}(?:此|该|本)?(?:参数|字段)?\s{0,2}"
    r"(?:必填|必传|必须(?:提供|传入|填写))$"
    r"|(?i:^(?:this\s{1,2}(?:field|parameter)\s{1,2}is\s{1,2})?required\s{1,2}unless\s{1,2}(?P<en>.{1,60}))$"
)


def _unless(match: re.Match[str], own_name: str | None, fields: Fields) -> Outcome:
    lang = "zh" if match.group("zh") else "en"
    rule_id = f"{lang}.dependency.unless"
    predicates = read_conditions((match.group("zh") or match.group("en")).strip(), own_name, fields)
    if isinstance(predicates, str) or own_name is None:
        return rule_id, _Reason((predicates if isinstance(predicates, str) else "no field to require",))
    if len(predicates) != 1 or predicates[0].op not in ("eq", "set"):
        return rule_id, _Reason(("cannot negate the condition",))
    (only,) = predicates
    if only.op == "set":
        negated = idl.Predicate(field=only.field, op="unset")
    elif isinstance(only.literal, bool):
        negated = idl.Predicate(field=only.field, op="eq", literal=not only.literal)
    else:
        negated = idl.Predicate(field=only.field, op="ne", literal=only.literal)
    return rule_id, idl.format_rule(idl.Conditional(when=(negated,), then=(own_name,)))


_REQUIRES_SIBLING = re.compile(
    r"(?i)\b(?:this|it)\s{1,2}(?:parameter\s{1,2}|field\s{1,2}|option\s{1,2})?requires\s{1,2}(?:the\s{1,2})?(?P<f>"
    + FIELD
    + r")\s{1,2}(?:parameter\s{1,2}|field\s{1,2})?to\s{1,2}be\s{1,2}(?:set|provided|specified|passed|given)\b"
)
_IMPLIED = re.compile(
    r"(?i)(?:an?\s{1,2}|the\s{1,2})?(?P<f>"
    + FIELD
    + r")\s{1,2}(?:parameter\s{1,2}|field\s{1,2})?must\s{1,2}(?:also\s{1,2})?be\s{1,2}"
    r"(?:provided|specified|set|passed|supplied|included)(?:\s{1,2}as\s{1,2}well)?"
)


def _split_at_shi(head: str) -> tuple[str] | None:
    """``image不为空时必填``: the condition is the clause ending in 时, with at most filler after it."""
    cut = head.rfind("时")
    if cut < 0 or _CHINESE_FILLER.sub("", head[cut + 1 :]).strip(" ,"):
        return None
    clause_start = head.rfind(",", 0, cut) + 1
    return (head[clause_start:cut],)


def _target(consequence: str, own_name: str | None, fields: Fields) -> str | None:
    rest = _REQUIRED.sub(" ", consequence)
    words: list[str] = [w for w in re.findall(r"[A-Za-z0-9_.\-]+", rest) if w.lower() not in _ENGLISH_FILLER]
    leftover = _CHINESE_FILLER.sub("", re.sub(r"[A-Za-z0-9_.\-\s,;:]+", "", rest))
    if leftover:
        return None
    if not words:
        return own_name
    named = _by_name(words[0], fields) if len(words) == 1 else None
    return named if named in fields else None  # "Prompt is required if …" on `prompt`
