"""Stage 3: extract. Default values: "Default: 1", "defaults to 16:9", "默认值为1", "`1.0` is the default".

Input: a normalised ``Text``. Output: ``DefaultClaim`` (raw, untyped) and
``Doubt`` notes. Only a single literal that ends its clause is taken:
"defaults to the latest model" or "defaults to 1 for dall-e-2" say nothing
a client could check.
"""

from __future__ import annotations

import re

from ._claims import CONDITION_MARKERS, DefaultClaim, Doubt, sentence_evidence, sentence_prefix
from ._numbers import read_word, skip_spaces, unit_after
from ._text import Text

_VALUE = (
    r"(?:`(?P<bq>[^`\n]{1,64})`|\"(?P<dq>[^\"\n]{0,64})\"|'(?P<sq>[^'\n]{1,64})'|(?P<bare>[A-Za-z0-9_.:+\-/*]{1,64}))"
)
_PATTERNS = (
    ("en.default.value", re.compile(r"(?i)\bdefault\s{0,2}value\s{0,2}(?:is|:|=)?\s{0,3}" + _VALUE)),
    ("en.default.defaults-to", re.compile(r"(?i)\bdefaults?\s{1,2}to\s{1,3}" + _VALUE)),
    ("en.default.default-is", re.compile(r"(?i)\bdefault\s{0,2}(?:is|:|=)\s{0,3}" + _VALUE)),
    # "Range 0-1000, default 100" and "(default 1)": a bare "default" opening a clause, number or quoted value only.
    (
        "en.default.clause",
        re.compile(r"(?i)(?:^|(?<=[,(;\n])|(?<=[.;!?] ))\s{0,2}default\s{1,2}(?=[`\"'\d-])" + _VALUE),
    ),
    ("en.default.postfix", re.compile(r"(?i)" + _VALUE + r"\s{1,2}is\s{1,2}the\s{1,2}default\b")),
    # "The default resolution for generated videos is "720p"", "The default setting is `true`".
    (
        "en.default.the-default-is",
        re.compile(
            r"(?i)\bthe\s{1,2}default\s{1,2}(?:[A-Za-z]{1,20}\s{1,2}){0,7}?(?:\([^()\n]{1,40}\)\s{1,2})?(?:is|are)\s{1,2}"
            r"(?:set\s{1,2}to\s{1,2})?" + _VALUE
        ),
    ),
    # "`false` indicates disabled (default)", "false表示关闭 (默认值)": the marker closes the value's gloss.
    (
        "en.default.marked-gloss",
        re.compile(
            r"(?i)(?:(?<=[\s,:;(])|^)" + _VALUE + r"\s{0,2}(?:indicates|means|represents|stands\s{1,2}for)\s{1,2}"
            r"[^,;()\n]{1,40}?\s{0,2}\((?:the\s{1,2})?default\)"
        ),
    ),
    (
        "zh.default.marked-gloss",
        re.compile(r"(?:(?<=[\s,:;(])|^)" + _VALUE + r"\s{0,2}(?:表示|代表)\s{0,2}[^,;()\n]{1,20}?\s{0,2}\(默认值?\)"),
    ),
    # "text: 默认, 纯文本输出": a value's gloss that opens with the default marker.
    ("zh.default.gloss", re.compile(r"(?:(?<=[\s;.])|^)" + _VALUE + r":\s{0,2}默认(?:值)?\s{0,2}[,;]")),
    # "`full` (default)", "\"auto\" (the default)", "768P（默认，...）": the marker after the value.
    (
        "en.default.marked",
        re.compile(r"(?i)(?:(?<=[\s,:(])|^)" + _VALUE + r"\s{0,2}\((?:the\s{1,2})?default\s{0,2}[),]"),
    ),
    # "last_touch 末次触达（默认）": a short Chinese gloss may stand between the value and the marker.
    (
        "zh.default.marked",
        re.compile(r"(?:(?<=[\s,:(])|^)" + _VALUE + r"(?:(?<!:)\s{1,2}[\u4e00-\u9fff]{1,8})?\s{0,2}\(默认\s{0,2}[),]"),
    ),
    # "- TASK_TYPE_UNSPECIFIED: 未指定（默认）", "* `weak` - may be reordered, works faster, default": a bullet's
    # gloss ends in the marker.
    (
        "zh.default.bullet-marked",
        re.compile(
            r"(?im)^\s{0,8}[-*•]\s{1,3}" + _VALUE + r"\s{0,2}(?::\s|\s-\s)[^\n()]{0,120}?"
            r"(?:\((?:默认值?|(?:the\s{1,2})?default)\)|,\s{0,2}(?:the\s{1,2})?default)\s{0,2}[.;]?\s{0,2}$"
        ),
    ),
    # "If not included, `page_size` is `30`", "If omitted …, the request falls back to `s2.1-pro`".
    (
        "en.default.if-omitted",
        re.compile(
            r"(?i)\bif\s{1,2}(?:not\s{1,2}(?:included|provided|specified|set|given|passed|supplied|present)|omitted|unspecified)"
            r"(?:\s{1,2}or\s{1,2}[^,.;]{1,40})?\s{0,2},?\s{1,2}(?:`[A-Za-z0-9_.\-]{1,64}`|this\s{1,2}(?:value|field|parameter)|it"
            r"|the\s{1,2}request)\s{1,2}(?:is|will\s{1,2}be|falls\s{1,2}back\s{1,2}to)\s{1,2}" + _VALUE
        ),
    ),
    ("zh.default.value", re.compile(r"默认值\s{0,2}(?:为|是)?\s{0,2}:?\s{0,3}" + _VALUE)),
    ("zh.default.default", re.compile(r"默认(?:为|是|使用)?\s{0,2}:?\s{0,3}" + _VALUE)),
    # "模块名, 默认模块为 default": the default names what it is of
    (
        "zh.default.named",
        re.compile(r"默认(?:模块|版本|模型|语言|格式|类型|分组|环境|分支)(?:为|是)\s{0,2}:?\s{0,3}" + _VALUE),
    ),
)
# "auto (default) for gpt-image-1": the marked default belongs to one model.
_TRAILING_CONDITION = re.compile(r"(?i)[)\s]{0,3}(?:for|when|if|with|on|in)\s|[)\s]{0,3}(?:仅|当|对于|适用)")
# A character each marked or glossed form cannot do without: a sentence lacking it skips that pattern.
_RULE_NEEDS = {
    "en.default.marked-gloss": "(", "zh.default.marked-gloss": "(", "zh.default.gloss": "默认",
    "en.default.marked": "(", "zh.default.marked": "(",
}  # fmt: skip
_ANY_DEFAULT = re.compile(r"(?i)default|默认")
_IF_OMITTED = re.compile(r"(?i)\bif\s{1,2}(?:not|omitted|unspecified)\b")
_NO_VALUE = frozenset({"null", "none", "nil", "empty", "undefined"})
_PARTICIPLES = frozenset({"used", "applied", "returned", "chosen", "selected", "generated", "ignored", "assumed",
                          "inherited", "kept", "taken", "omitted", "shown", "sent"})  # fmt: skip
_BENIGN_CONDITION = re.compile(
    r"(?i)\b(?:if|when)\s{1,2}(?:not|no|none|nothing|omitted|unset|unspecified|absent|left|empty)\b|不传|未传|未指定|未设置|不填"
    r"|不存在时|省略时|缺省时|为空时"
)

# "为 `true` 时若标签已存在则覆盖，默认为 `false`", "If true, vectors are served from disk, … Default: false": the
# opening clause glosses one of the field's own values; it conditions nothing that follows.
_SELF_CONDITION = re.compile(
    r"(?i)^[\s。.]{0,3}(?:(?:if|when)\s{1,2}(?:set\s{1,2}to\s{1,2})?`?(?:true|false)`?\s{0,2},"
    r"|(?:当|若|如果)?\s{0,2}(?:为|设为|设置为)\s{0,2}`?(?:true|false)`?\s{0,2}时)[^,;]{0,80}[,;]"
)
_SELF_IF = re.compile(r"(?i)^[\s。.]{0,3}(?:if|when)\s{1,2}(?:set\s{1,2}to\s{1,2})?$")

# "AI-optimized suggestion words are enabled by default", "默认开启", "默认不加": the state of a switch
# ("Playground 中默认启用" is the default somewhere else: the Chinese form must open its clause).
_SWITCH = re.compile(
    r"(?i)\b(?:is|are)\s{1,2}(?P<en_on>enabled|turned\s{1,2}on|on)\s{1,2}by\s{1,2}default\b"
    r"|\b(?:is|are)\s{1,2}(?P<en_off>disabled|turned\s{1,2}off|off)\s{1,2}by\s{1,2}default\b"
    r"|(?:^|(?<=[\s,;.:]))默认(?:(?P<zh_on>开启|启用|打开)(?![\u4e00-\u9fff]{0,2}的)|(?P<zh_off>关闭|不开启|禁用|不启用|不加|不添加|不打开))"
)


# "是否解析图片，默认不解析": the default names the question's own verb, with or without 不.
_WHETHER = re.compile(r"是否(?P<verb>[\u4e00-\u9fff]{2,8})")
_DEFAULT_VERB = re.compile(r"默认(?P<neg>不|不会|不进行)?(?P<verb>[\u4e00-\u9fff]{2,4})")


def _whether(text: Text, start: int, end: int) -> list[DefaultClaim]:
    question = _WHETHER.search(text.norm)
    answer = _DEFAULT_VERB.search(text.norm, start, end) if question is not None else None
    if question is None or answer is None or answer.group("verb")[:2] != question.group("verb")[:2]:
        return []
    return [DefaultClaim(value="false" if answer.group("neg") else "true", quoted=False, switch=True,
                         evidence=sentence_evidence(text, answer.start()), rule="zh.default.whether")]  # fmt: skip


def _switches(text: Text, start: int, end: int) -> list[DefaultClaim]:
    claims = _whether(text, start, end) if "是否" in text.norm else []
    for match in _SWITCH.finditer(text.norm, start, end):
        if CONDITION_MARKERS.search(sentence_prefix(text, match.start())):
            continue
        on = bool(match.group("en_on") or match.group("zh_on"))
        lang = "en" if (match.group("en_on") or match.group("en_off")) else "zh"
        claims.append(DefaultClaim(value="true" if on else "false", quoted=False, switch=True,
                                   evidence=sentence_evidence(text, match.start()), rule=f"{lang}.default.switch"))  # fmt: skip
    return claims


# "省略时默认为阻塞模式" beside "`blocking` 在完成后返回": the Chinese name of a mode the text lists in English.
_MODE_WORD = re.compile(r"默认(?:为|使用|是|采用)?\s{0,2}(?P<mode>阻塞|流式)\s{0,2}(?:模式|响应|方式|输出)")
_MODE_VALUES = {"阻塞": "blocking", "流式": "streaming"}


def _mode_word(text: Text, start: int, end: int) -> list[DefaultClaim]:
    match = _MODE_WORD.search(text.norm, start, end)
    prefix = sentence_prefix(text, match.start()) if match is not None else ""
    if match is None or (CONDITION_MARKERS.search(prefix) and not _BENIGN_CONDITION.search(prefix)):
        return []
    value = _MODE_VALUES[match.group("mode")]
    if f"`{value}`" not in text.norm:
        return []
    return [DefaultClaim(value=value, quoted=True, evidence=sentence_evidence(text, match.start()),
                         rule="zh.default.mode-word")]  # fmt: skip


def may_find_defaults(norm: str, lowered: str) -> bool:
    """Every default form says "default", "默认" or "if not …" (the sentence gate of ``find_defaults``)."""
    return (
        "default" in lowered
        or "默认" in norm
        or "if not" in lowered
        or "if omitted" in lowered
        or "if unspec" in lowered
    )


def find_defaults(text: Text) -> tuple[list[DefaultClaim], list[Doubt]]:
    claims: list[DefaultClaim] = []
    doubts: list[Doubt] = []
    omitted = "if " in text.norm or "If " in text.norm  # "If not included, `page_size` is `30`" says no "default"
    for sentence in text.sentences:
        if not _ANY_DEFAULT.search(text.norm, sentence.start, sentence.end) and not (
            omitted and _IF_OMITTED.search(text.norm, sentence.start, sentence.end)
        ):
            continue
        clause = text.norm[sentence.start : sentence.end]
        if not claims:
            claims.extend(_switches(text, sentence.start, sentence.end))
        if "模式" in clause or "方式" in clause:
            claims.extend(_mode_word(text, sentence.start, sentence.end))
        taken: set[int] = set()
        glosses: list[tuple[int, int]] = []  # "`false` indicates disabled (default)": "disabled" is no value
        for rule, pattern in _PATTERNS:
            needs = _RULE_NEEDS.get(rule)
            if (needs is not None and needs not in clause) or (rule == "en.default.if-omitted" and not omitted):
                continue
            for match in pattern.finditer(text.norm, sentence.start, sentence.end):
                value_group = next(g for g in ("bq", "dq", "sq", "bare") if match.group(g) is not None)
                at = match.start(value_group)
                if at in taken or any(lo < at < hi for lo, hi in glosses):
                    continue
                taken.add(at)
                if rule.endswith("marked-gloss"):
                    glosses.append((match.start(), match.end()))
                outcome = _judge(text, match, value_group, rule, sentence.end)
                if isinstance(outcome, DefaultClaim):
                    claims.append(outcome)
                elif isinstance(outcome, Doubt):
                    doubts.append(outcome)
    return claims, doubts


def _judge(text: Text, match: re.Match[str], group: str, rule: str, end: int) -> DefaultClaim | Doubt | None:
    value = match.group(group)
    value_end = match.end(group) + (0 if group == "bare" else 1)
    if group == "bare":
        trimmed = value.rstrip(".")
        value_end -= len(value) - len(trimmed)
        value = trimmed
        if not value:
            return None
    elif group != "dq" and not value:
        return None
    elif value in ("None", "NULL", "Null", "null", "Not set", "not set", "N/A"):
        return None  # 'Default: "None"', '默认值："Not set"': a quoted word for absence (not 'none', an enum value)
    if group == "bq" and len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]  # '默认为 `"untitled"`': the backticks quote a JSON string
    if re.match(
        r"\s{0,2}(?:的值|的取值|的内容)|(?i:'s\s{1,2}value|\s{1,2}(?:field|parameter)'s\s)", text.norm[value_end:]
    ):
        return None  # "默认为 `external_user_id` 的值": the value of another field, not a literal
    if (
        group == "bare"
        and match.group(0).startswith("默认使用")
        and "\u4e00" <= text.norm[match.end(group) :][:1] <= "\u9fff"
    ):
        return None  # "默认使用vidu生成的元数据标识": the word qualifies what is used, it is no value
    evidence = sentence_evidence(text, match.start())
    if group == "dq" and re.fullmatch(r"[\u4e00-\u9fff]{1,6}", value):
        # '默认“延展”': a Chinese word glosses the default mode; the token sent on the wire is not given.
        return Doubt(evidence=evidence, reason="a Chinese word names the default; the value sent is not given")
    prefix = _SELF_CONDITION.sub("", sentence_prefix(text, match.start()), count=1)
    if rule.endswith(".marked") and value.lower() in ("true", "false") and _SELF_IF.match(prefix):
        prefix = ""  # "If `false` (default), no timestamps are produced": the condition is the value itself
    if CONDITION_MARKERS.search(prefix) and not _BENIGN_CONDITION.search(prefix):
        return Doubt(evidence=evidence, reason="the default holds only under a condition")
    if rule.endswith(".marked") and _TRAILING_CONDITION.match(text.norm, match.end(), min(end, match.end() + 40)):
        return Doubt(evidence=evidence, reason="the default holds only under a condition")
    unit = False
    if not rule.endswith((".postfix", ".marked", "-marked", ".marked-gloss", ".gloss")):
        ends = _ends_clause(text.norm, value_end, end, value if group == "bare" else "")
        if ends is None:
            unit = True
        elif not ends:
            return None
    if group == "bare" and value.lower() in _PARTICIPLES:
        return None  # "in which case the default domain is used": what happens, not a value
    listed_only = group == "bare" and value.lower() in _NO_VALUE
    return DefaultClaim(value=value, quoted=group != "bare", evidence=evidence, rule=rule, unit=unit,
                        listed_only=listed_only)  # fmt: skip


def _ends_clause(norm: str, pos: int, end: int, bare: str) -> bool | None:
    """True when nothing but punctuation, a gloss, Chinese text or "if not set" follows the value.

    None when a unit follows a number and then the clause ends ("default is 5 seconds."): the number is
    the default of a numeric field measured in that unit.
    """
    index = skip_spaces(norm, pos, 4)
    if index >= end or norm[index] in ",;.)(\n!?:" or _RANGE_AFTER.match(norm, index, end):
        return True
    if _AND_RULE.match(norm, index, end):
        return True  # "Defaults to `48h` and cannot exceed 48 hours": a second statement joined by "and"
    if _is_number(bare):
        kind, unit_end, condition = unit_after(norm, pos)
        if kind == "other":
            after = skip_spaces(norm, unit_end, 2)
            named = norm[index].isalpha() or norm[index] == "%"  # "5 seconds", "5秒", not "0 -2.0"
            return None if named and not condition and (after >= end or norm[after] in ",;.)\n") else False
    if "\u4e00" <= norm[index] <= "\u9fff" or _NEXT_HEADER.match(norm, index, end):
        return True
    word, _ = read_word(norm, index)
    return bool(_BENIGN_CONDITION.match(norm, index, min(end, index + 24))) and word.lower() in ("if", "when")


_AND_RULE = re.compile(r"(?i)and\s{1,2}(?:cannot|can\s{0,2}not|must|may|should|is|has)\b")
# "Default: 3.5 Range: 1-20", "Default: "1:1" Supported verses: …": a capitalised header opens the next statement.
_NEXT_HEADER = re.compile(r"[A-Z][a-z]{1,15}(?:\s{1,2}[a-z]{1,15}){0,2}\s{0,2}(?::|\((?=[^()]{0,80}[,:]))")


# "默认为 0 -2.0 到 2.0 之间的数字": the range that follows the default is a statement of its own.
_RANGE_AFTER = re.compile(r"-?\d{1,9}(?:\.\d{1,9})?\s{0,2}(?:到|至|和|~)\s{0,2}-?\d")


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d{1,15}(?:\.\d{1,15})?", text))
