"""Stage 3: extract. Conditional requirements and field groups, as IDL rule strings.

Input: a normalised ``Text`` of a property (or object) description, the
property's own name, and the object's fields with their known enum values.
Output: ``RuleClaim`` (canonical IDL text, see ``generator.idl``) and
``Doubt`` notes. A bare value ("When using kling-v1-5") is resolved to the one
sibling whose enum contains it; no sibling, or two, is a doubt, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from ...vocab import idl
from ._claims import Doubt
from ._decide import UNFIT, same_value, type_literal
from ._text import Text


@attrs.frozen(kw_only=True)
class Field:
    """A sibling field as conditions see it: its type, and its allowed values (stated or extracted), typed."""

    values: tuple[object, ...] | None = None
    type: str | None = None


Fields = Mapping[str, Field]


@attrs.frozen(kw_only=True)
class RuleClaim:
    text: str
    evidence: str
    rule: str


_F = r"(?<![A-Za-z0-9_.\-])[A-Za-z0-9_.\-]{1,64}"
_V = r"[A-Za-z0-9_.:+\-/@#*=]{1,64}"
_REQUIRED = re.compile(
    r"(?i)\b(?:is|are|becomes|be)\s{1,2}(?:required|mandatory)\b|^\s{0,3}(?:required|mandatory)\b"
    r"|\bmust\s{1,2}be\s{1,2}(?:provided|specified|set|passed|supplied)\b"
    r"|\bmust\s{1,2}(?:also\s{1,2})?be\s{1,2}(?:provided|specified|set|passed|supplied|included)\b"
    r"|必须传入|必须提供|必须填写|必须传|必填|必传|必选|必需|不(?:得|能|可)为空"
)
_EN_MARKER = re.compile(r"(?i)\b(?:when|if)\b")
_ZH_MARKER = re.compile(r"(?<![相适应恰妥充担])当(?![前天日])|如果|假如|若(?!干)")
_SPLIT_AND = re.compile(r"(?i),?\s{1,2}and\s{1,2}|并且|且|同时")
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

# (shape, pattern) in order: emptiness before inequality before equality, because "is not empty" also reads "is not X".
_PREDICATES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("use", re.compile(r"(?i)(?:using|use|you use|selecting|使用|选择|选用)\s{0,2}(?P<v>" + _V + r")")),
    ("use", re.compile(r"(?i)(?P<v>" + _V + r")\s{1,2}is\s{1,2}(?:used|selected)")),
    ("set", re.compile(r"(?i)(?P<f>" + _F + r")\s{1,2}(?:is|are)\s{1,2}(?:not\s{1,2}empty|set|provided|specified|"
                       r"passed|present|given|not\s{1,2}null)")),
    ("set", re.compile(r"(?P<f>" + _F + r")\s{0,2}(?:不为空|非空|有值|已设置|已传入|不为null)")),
    ("set", re.compile(r"(?i)(?:传入了?|设置了|提供了|(?:you\s{1,2})?(?:provide|pass|set|specify))\s{0,2}(?P<f>" + _F + r")")),
    ("unset", re.compile(r"(?i)(?P<f>" + _F + r")\s{1,2}(?:is|are)\s{1,2}(?:empty|null|omitted|absent|not\s{1,2}"
                         r"(?:set|provided|specified|passed|given))")),
    ("unset", re.compile(r"(?P<f>" + _F + r")\s{0,2}(?:为空|未设置|未传入|不传)")),
    ("unset", re.compile(r"(?:未传入?|不传)\s{0,2}(?P<f>" + _F + r")")),
    ("ne", re.compile(r"(?i)(?P<f>" + _F + r")\s{1,2}(?:is\s{1,2}not|!=|does\s{1,2}not\s{1,2}equal)\s{1,2}(?P<v>" + _V + r")")),
    ("ne", re.compile(r"(?P<f>" + _F + r")\s{0,2}(?:不为|不是|!=|不等于)\s{0,2}(?P<v>" + _V + r")")),
    ("in", re.compile(r"(?i)(?P<f>" + _F + r")\s{1,2}(?:is|equals|is\s{1,2}set\s{1,2}to)\s{1,2}(?:either\s{1,2})?"
                      r"(?P<vs>" + _V + r"(?:\s{0,2},\s{0,2}" + _V + r"){0,8}\s{0,2},?\s{1,2}or\s{1,2}" + _V + r")")),
    ("in", re.compile(r"(?P<f>" + _F + r")\s{0,2}(?:为|是|等于)\s{0,2}(?P<vs>" + _V + r"(?:\s{0,2}(?:,|或)\s{0,2}" + _V + r"){1,8})")),
    ("eq", re.compile(r"(?i)(?P<f>" + _F + r")\s{1,2}(?:is|==|=|equals|is\s{1,2}set\s{1,2}to)\s{1,2}(?P<v>" + _V + r")")),
    ("eq", re.compile(r"(?P<f>" + _F + r")\s{0,2}(?:为|是|=|==|等于)\s{0,2}(?P<v>" + _V + r")")),
)  # fmt: skip

_GROUPS: tuple[tuple[idl.GroupKind, str, re.Pattern[str]], ...] = (
    ("ZeroOrOne", "en.dependency.mutually-exclusive",
     re.compile(r"(?i)(?P<a>" + _F + r")\s{1,2}and\s{1,2}(?P<b>" + _F + r")\s{1,2}(?:are\s{1,2}mutually\s{1,2}exclusive"
                r"|cannot\s{1,2}be\s{1,2}(?:used|set|provided|specified|passed)\s{1,2}(?:together|at\s{1,2}the\s{1,2}same\s{1,2}time|simultaneously))")),
    ("ZeroOrOne", "en.dependency.not-with",
     re.compile(r"(?i)(?:cannot|can\s{0,2}not|must\s{1,2}not|may\s{1,2}not)\s{1,2}be\s{1,2}(?:used|set|provided|specified|combined|passed)"
                r"\s{1,2}(?:together\s{1,2}|simultaneously\s{1,2}|at\s{1,2}the\s{1,2}same\s{1,2}time\s{1,2}|in\s{1,2}conjunction\s{1,2})?"
                r"(?:with|alongside)\s{1,2}(?:the\s{1,2})?(?P<list>" + _F + r"(?:\s{0,2}(?:,|\bor\b|\band\b|/|、|和|与)\s{0,2}" + _F + r"){0,5})|mutually\s{1,2}exclusive\s{1,2}with\s{1,2}(?:the\s{1,2})?(?P<c>" + _F + r")")),
    ("ZeroOrOne", "zh.dependency.not-with",
     re.compile(r"(?:不能|不可|不得|不要|请勿|勿)(?:与|和)\s{0,2}(?P<b>" + _F + r")\s{0,2}(?:参数)?\s{0,2}同时(?:使用|传入|设置|存在|出现|提供)|与\s{0,2}(?P<c>" + _F + r")\s{0,2}互斥")),
    ("ZeroOrOne", "zh.dependency.mutually-exclusive",
     re.compile(r"(?P<a>" + _F + r")\s{0,2}(?:和|与|、|,)\s{0,2}(?P<b>" + _F + r")\s{0,2}(?:参数)?\s{0,2}(?:不能同时(?:使用|传入|设置|存在|出现|提供)|互斥)")),
    ("ZeroOrOne", "en.dependency.not-when-set",
     re.compile(r"(?i)(?:don't|dont|do\s{1,2}not|must\s{1,2}not|cannot|can\s{0,2}not)\s{1,2}(?:be\s{1,2})?(?:use|used|set|provide|provided|send|sent)"
                r"\s{1,2}(?:this\s{1,2})?(?:when|if)\s{1,2}(?P<b>" + _F + r")\s{1,2}is\s{1,2}(?:set|provided|specified|given|present)")),
    ("ZeroOrOne", "en.dependency.fields-exclusive",
     re.compile(r"(?i)(?P<a>" + _F + r")\s{1,2}(?:field|parameter)\s{1,2}and\s{1,2}(?:the\s{1,2})?(?P<b>" + _F + r")\s{1,2}(?:fields?|parameters?)\s{1,2}"
                r"are\s{1,2}mutually\s{1,2}exclusive")),
    ("OnlyOne", "en.dependency.not-both-empty-or-present",
     re.compile(r"(?i)(?P<a>" + _F + r")\s{1,2}and\s{1,2}(?:the\s{1,2})?(?P<b>" + _F + r")\s{1,2}(?:parameters?\s{1,2}|fields?\s{1,2})?"
                r"(?:are\s{1,2}optional\s{1,2}(?:and|but)\s{1,2})?cannot\s{1,2}both\s{1,2}be\s{1,2}empty\s{1,2}or\s{1,2}(?:both\s{1,2})?"
                r"(?:present|set|provided|filled)")),
    ("Or", "zh.dependency.choose-one-with",
     re.compile(r"(?:与|和)\s{0,2}(?P<b>" + _F + r")\s{0,2}(?:参数)?\s{0,2}二选一")),
    ("Or", "en.dependency.either",
     re.compile(r"(?i)\beither\s{1,2}(?:the\s{1,2})?(?P<a>" + _F + r")\s{1,2}(?:parameter\s{1,2})?or\s{1,2}(?:the\s{1,2})?(?P<b>" + _F + r")"
                r"\s{1,2}(?:parameters?\s{1,2})?(?:must|should|has\s{1,2}to|needs\s{1,2}to|can)\s{1,2}be\s{1,2}"
                r"(?:provided|specified|set|passed|supplied|given|selected|filled(?:\s{1,2}in)?)|\bat\s{1,2}least\s{1,2}one\s{1,2}of\s{1,2}(?P<c>" + _F + r")\s{0,2}(?:,|or|and)\s{1,2}(?P<d>" + _F + r")")),
    ("Or", "zh.dependency.at-least-one-of-list",
     re.compile(r"(?P<list>" + _F + r"(?:\s{0,2}(?:/|、|,|和|与|或)\s{0,2}" + _F + r"){1,5})\s{0,2}(?:参数)?\s{0,2}(?:中|之中)?\s{0,2}"
                r"(?:至少(?:需要|要|须|必须|需)?(?:提供|传入|填写|传|填|设置)\s{0,2}(?:1个|1项|其一)|必须(?:提供|传入|填写)其一)")),
    ("Or", "en.dependency.only-one-needed",
     re.compile(r"(?i)\bonly\s{1,2}one\s{1,2}of\s{1,2}(?:the\s{1,2})?(?P<a>" + _F + r")\s{1,2}(?:or|and)\s{1,2}(?:the\s{1,2})?(?P<b>" + _F + r")"
                r"\s{1,2}(?:needs|has)\s{1,2}to\s{1,2}be\s{1,2}(?:provided|specified|set|passed|supplied|given)")),
    ("Or", "zh.dependency.choose-one",
     re.compile(r"(?P<a>" + _F + r")\s{0,2}(?:和|与|或|、|,)\s{0,2}(?P<b>" + _F + r")\s{0,2}(?:参数)?\s{0,2}(?:二选一|必须传入其一|至少传入一个|必填其一|至少提供一个)")),
    ("OnlyOne", "en.dependency.use-either",
     re.compile(r"(?i)\b(?:use|choose|select|pick)\s{1,2}either\s{1,2}(?:the\s{1,2})?(?P<a>" + _F + r")\s{1,2}(?:option\s{1,2}|parameter\s{1,2}|field\s{1,2})?"
                r"or\s{1,2}(?:the\s{1,2})?(?P<b>" + _F + r")(?!\s{1,2}or\s{1,2}both)\b")),
    ("OnlyOne", "en.dependency.exactly-one",
     re.compile(r"(?i)\bexactly\s{1,2}one\s{1,2}of\s{1,2}(?P<a>" + _F + r")\s{0,2}(?:,|or|and)\s{1,2}(?P<b>" + _F + r")")),
    ("AllOrNone", "en.dependency.together",
     re.compile(r"(?i)(?P<a>" + _F + r")\s{1,2}and\s{1,2}(?P<b>" + _F + r")\s{1,2}must\s{1,2}be\s{1,2}(?:provided|specified|set|used|passed)\s{1,2}together")),
    ("AllOrNone", "zh.dependency.together",
     re.compile(r"(?P<a>" + _F + r")\s{0,2}(?:和|与)\s{0,2}(?P<b>" + _F + r")\s{0,2}(?:参数)?\s{0,2}(?:必须|需要|需)同时(?:传入|提供|设置)")),
)  # fmt: skip


# "二选一，不能同时为空，也不能同时有值", "both cannot be empty or have values simultaneously": exactly one.
_EXACTLY_ONE = re.compile(
    r"(?i)不能同时为空.{0,12}不能同时有值?|不能同时有值.{0,12}不能同时为空|cannot\s{1,2}(?:both\s{1,2})?be\s{1,2}empty\s{1,2}or\s{1,2}"
    r"(?:both\s{1,2})?have\s{1,2}values?|cannot\s{1,2}both\s{1,2}be\s{1,2}empty\s{1,2}or\s{1,2}both\s{1,2}be\s{1,2}(?:filled|set)"
)


# Every group pattern and every requirement word contains one of these: a sentence without any says no rule.
_CUE = re.compile(
    r"(?i)requir|mandator|must|either|exclusive|at\s{1,2}least|exactly|together|both|use\b|can\s{0,2}not|cannot"
    r"|必|二选一|互斥|同时|为空|其一|至少"
)


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
    r"(?:需(?:要)?配合\s{0,2}`?(?P<a>" + _F + r")`?\s{0,2}(?:字段|参数)?\s{0,2}(?:一起)?使用"
    r"|需(?:要)?(?:同时)?(?:提供|传入|设置)\s{0,2}`?(?P<b>" + _F + r")`?"
    r"|需(?:要)?在\s{0,2}`?(?P<c>" + _F + r")`?\s{0,2}(?:字段|参数)?\s{0,2}中(?:提供|传入))"
)


def _gloss_needs(text: Text, own_name: str | None, fields: Fields) -> list[RuleClaim]:
    own = fields.get(own_name or "")
    if own is None or own_name is None or "需" not in text.norm:
        return []
    claims: list[RuleClaim] = []
    for match in _GLOSS_NEEDS.finditer(text.norm):
        other = match.group("a") or match.group("b") or match.group("c")
        literal = _typed(own, match.group("v"))
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
_FIELD_LIST = r"`" + _F + r"`(?:\s{0,2}(?:,|和|与|及|以及|and)\s{0,2}`" + _F + r"`){0,8}"
_MODE_NEEDS = re.compile(
    r"(?:(?:如果|若|当)\s{0,2}`(?P<cf>"
    + _F
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
        literal = _typed(own, mode.group("v")) if mode is not None else None
        if mode is None or literal is None:
            continue
        for need in _MODE_NEEDS.finditer(line, mode.end()):
            when = [idl.Predicate(field=own_name, op="eq", literal=literal)]
            if need.group("cf"):
                other = fields.get(need.group("cf"))
                extra = _typed(other, need.group("cv")) if other is not None else None
                if other is None or extra is None or need.group("cf") == own_name:
                    continue
                when.append(idl.Predicate(field=need.group("cf"), op="eq", literal=extra))
            named = re.findall(r"`(" + _F + r")`", need.group("list"))
            if not named or any(n not in fields or n == own_name for n in named):
                continue
            evidence = text.quote(span.start + need.start(), span.start + need.end())
            claims.extend(RuleClaim(text=idl.format_rule(idl.Conditional(when=tuple(when), then=(n,))),
                                    evidence=evidence, rule="zh.dependency.mode-needs") for n in named)  # fmt: skip
    return claims


def _find(text: Text, own_name: str | None, fields: Fields) -> tuple[list[RuleClaim], list[Doubt]]:
    claims: list[RuleClaim] = _gloss_needs(text, own_name, fields) + _mode_needs(text, own_name, fields)
    doubts: list[Doubt] = []
    for span in text.sentences:
        if not _CUE.search(text.norm, span.start, span.end):
            continue
        evidence = text.quote(span.start, span.end)
        modes = _mode_conditions(text.norm[span.start : span.end], fields)
        sentence = _plain(text.norm[span.start : span.end])
        outcome = _group(sentence, own_name, fields) or _conditional(sentence, own_name, fields, modes)
        if outcome is None:
            continue
        rule_id, found = outcome
        if isinstance(found, str):
            claims.append(RuleClaim(text=found, evidence=evidence, rule=rule_id))
        elif isinstance(found, _Reason):
            doubts.append(Doubt(evidence=evidence, reason=found[0]))
        else:
            claims.extend(RuleClaim(text=rule, evidence=evidence, rule=rule_id) for rule in found)
    return claims, doubts


class _Reason(tuple[str]):
    """Why a sentence that looks like a rule gives none (a one-element tuple, told apart from a rule list)."""

    __slots__ = ()


Outcome = tuple[str, "str | tuple[str, ...]"]


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
    "zh.dependency.not-with": ("同时", "互斥"),
    "zh.dependency.mutually-exclusive": ("同时", "互斥"),
    "en.dependency.not-when-set": ("not", "n't", "dont"),
    "en.dependency.fields-exclusive": ("mutually",),
    "en.dependency.not-both-empty-or-present": ("both",),
    "zh.dependency.choose-one-with": ("二选一",),
    "en.dependency.either": ("either", "at least"),
    "zh.dependency.at-least-one-of-list": ("至少", "其一"),
    "en.dependency.only-one-needed": ("only",),
    "zh.dependency.choose-one": ("二选一", "其一", "至少"),
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
        literal = _typed(field, match.group("v")) if field is not None else None
        if literal is not None:
            found.append(idl.Predicate(field=match.group("f"), op="eq", literal=literal))
    return tuple(found)


def _conditional(
    sentence: str, own_name: str | None, fields: Fields, modes: tuple[idl.Predicate, ...] = ()
) -> Outcome | None:
    required = _REQUIRED.search(sentence)
    if required is None:
        return None
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
        if 0 <= first < cut and isinstance(_predicates(condition.strip(), own_name, fields), str):
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
    if target is None:
        return rule_id, _Reason(("cannot tell which field becomes required",))
    predicates = _predicates(condition.strip().removesuffix("时").strip(), own_name, fields)
    if isinstance(predicates, str):
        return rule_id, _Reason((predicates,))
    if modes:  # "自定义模式下（customMode: true）：当 instrumental 为 false 时必填": both conditions hold
        predicates = (*modes, *predicates)
    if any(p.field == target for p in predicates):
        return rule_id, _Reason(("the condition names the field it makes required",))
    return rule_id, idl.format_rule(idl.Conditional(when=predicates, then=(target,)))


_IMPLIED = re.compile(
    r"(?i)(?:an?\s{1,2}|the\s{1,2})?(?P<f>"
    + _F
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
    if len(words) == 1 and words[0] in fields:
        return words[0]
    return None


_NEITHER = re.compile(
    r"(?i)neither\s{1,2}(?P<a>" + _F + r")\s{1,2}nor\s{1,2}(?P<b>" + _F + r")\s{1,2}(?:is|are)\s{1,2}"
    r"(?:provided|set|specified|given|passed|present)"
)


def _predicates(condition: str, own_name: str | None, fields: Fields) -> tuple[idl.Predicate, ...] | str:
    neither = _NEITHER.fullmatch(re.sub(r"(?i)\b(?:the|parameter|field|param)\b", " ", condition).strip())
    if neither is not None:  # "Required if neither models nor preset is provided"
        names = (neither.group("a"), neither.group("b"))
        if not all(n in fields and n != own_name for n in names):
            return f"{names!r} are not fields of this object"
        return tuple(idl.Predicate(field=n, op="unset") for n in names)
    found: list[idl.Predicate] = []
    for part in _SPLIT_AND.split(condition):
        cleaned = re.sub(r"(?i)\b(?:the|parameter|field|param)\b|参数|字段", " ", part)
        cleaned = re.sub(r"\s{2,}", " ", cleaned).strip(" ,")
        predicate = _predicate(cleaned, own_name, fields)
        if isinstance(predicate, str):
            return predicate
        found.append(predicate)
    return tuple(found) if found else "no condition found"


def _predicate(part: str, own_name: str | None, fields: Fields) -> idl.Predicate | str:
    for shape, pattern in _PREDICATES:
        match = pattern.fullmatch(part)
        if match is None:
            continue
        groups = match.groupdict()
        name, value = groups.get("f"), groups.get("v")
        if shape == "use" and value is not None:
            return _resolve_value(value, own_name, fields)
        if name is None or name not in fields or name == own_name:
            if shape == "eq" and value is not None:
                return _resolve_value(value, own_name, fields)
            own = fields.get(own_name or "")
            if shape == "set" and name is not None and own is not None and own_name is not None:
                literal = _typed(own, name) if own.values else None
                if literal is not None:  # "When `REQUIRED` is specified": one of this field's own values
                    return idl.Predicate(field=own_name, op="eq", literal=literal)
            return f"{name!r} is not a field of this object"
        if shape in ("set", "unset"):
            return idl.Predicate(field=name, op="set" if shape == "set" else "unset")
        raw = [v for v in re.split(r"\s{0,2}(?:,|\bor\b|或)\s{0,2}", groups["vs"]) if v] if shape == "in" else [value]
        literals: list[idl.Value] = []
        for text in raw:
            literal = _typed(fields[name], text) if text is not None else None
            if literal is None:
                return f"{text!r} is not an allowed value of {name!r}"
            literals.append(literal)
        if not literals:
            return f"no value given for {name!r}"
        if shape == "in":
            return idl.Predicate(field=name, op="in", options=tuple(dict.fromkeys(literals)))
        return idl.Predicate(field=name, op="eq" if shape == "eq" else "ne", literal=literals[0])
    return f"cannot read the condition {part!r}"


def _typed(field: Field, text: str) -> idl.Value | None:
    """``true`` for a boolean, ``720`` for an integer: the literal the field can hold, or None."""
    value = type_literal(text, field.type)
    if value is UNFIT or not isinstance(value, str | int | float | bool):
        return None
    if field.values is not None and not any(same_value(value, allowed) for allowed in field.values):
        return None
    return value


def _resolve_value(value: str, own_name: str | None, fields: Fields) -> idl.Predicate | str:
    """``using kling-v1-5``: the one other field that has kling-v1-5 among its values."""
    if value in fields:  # "When using `tool_results`, `tools` must be passed": the field itself may be the condition
        return idl.Predicate(field=value)
    owners = [name for name, field in fields.items() if name != own_name and field.values and
              _typed(field, value) is not None]  # fmt: skip
    if len(owners) != 1:
        return f"no single field takes the value {value!r}"
    literal = _typed(fields[owners[0]], value)
    assert literal is not None
    return idl.Predicate(field=owners[0], op="eq", literal=literal)
