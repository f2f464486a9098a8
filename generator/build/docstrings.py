"""Stage 5, build: the docstrings of generated methods and models, composed in Python.

Input: operation and model facts (descriptions, rules, dependencies, return
class). Output: plain docstring text (Google style: summary, blank line,
wrapped description, ``Args:``, ``Returns:``, ``Raises:``), unescaped: the
template passes the whole text through the ``docstring`` filter once. Rules
are stated once, in words; the spec sentence they came from stays in the
description and in the error a violation raises.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from .rules import DependencySpec, RuleSpec, condition_text, dependency_sentence, show

WIDTH = 96
_INDENT = "    "


_ENDS = (".", ":", ";", ",", "!", "?", "。", "：", "；", "，", "！", "？")


def _clean(text: object) -> str:
    """One paragraph: each line a sentence (a full stop added where a line ends without punctuation),
    whitespace collapsed."""
    lines = [" ".join(line.split()) for line in str(text or "").splitlines()]
    lines = [line for line in lines if line]
    return " ".join(line if i == len(lines) - 1 or line.endswith(_ENDS) else line + "." for i, line in enumerate(lines))


def _numeric_phrase(rules: dict[str, Any]) -> str | None:
    low = next(((k, rules[k]) for k in ("exclusiveMinimum", "minimum") if k in rules), None)
    high = next(((k, rules[k]) for k in ("exclusiveMaximum", "maximum") if k in rules), None)
    if low and high and low[0] == "minimum" and high[0] == "maximum":
        return f"From {show(low[1])} to {show(high[1])}."
    parts = []
    if low:
        parts.append(("Greater than " if low[0] == "exclusiveMinimum" else "At least ") + show(low[1]))
    if high:
        parts.append(("less than " if high[0] == "exclusiveMaximum" else "at most ") + show(high[1]))
    if not parts:
        return None
    text = ", ".join(parts)
    return text[0].upper() + text[1:] + "."


def _span_phrase(rules: dict[str, Any], low_key: str, high_key: str, unit: str) -> str | None:
    low, high = rules.get(low_key), rules.get(high_key)
    if low is not None and high is not None:
        return f"{show(low)} to {show(high)} {unit}."
    if high is not None:
        return f"At most {show(high)} {unit}."
    if low is not None:
        return f"At least {show(low)} {unit}."
    return None


def rule_phrases(rules: Iterable[RuleSpec]) -> list[str]:
    """The constraints of one field in words, e.g. ``['One of "1k", "2k".', 'At most 2500 characters.']``."""
    own = {r.keyword: r.value for r in rules if not r.items}
    items = {r.keyword: r.value for r in rules if r.items}
    phrases = _phrases(own)
    item_phrases = _phrases(items)
    if item_phrases:
        phrases.append("Each item: " + " ".join(p[0].lower() + p[1:] for p in item_phrases))
    return phrases


def _phrases(rules: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if isinstance(rules.get("enum"), list):
        values = rules["enum"]
        out.append(
            f"Must be {show(values[0])}." if len(values) == 1 else "One of " + ", ".join(map(show, values)) + "."
        )
    for phrase in (
        _span_phrase(rules, "minLength", "maxLength", "characters"),
        _numeric_phrase(rules),
        _span_phrase(rules, "minItems", "maxItems", "items"),
    ):
        if phrase:
            out.append(phrase)
    if "multipleOf" in rules:
        out.append(f"A multiple of {show(rules['multipleOf'])}.")
    if "pattern" in rules:
        out.append(f"Matches the pattern ``{rules['pattern']}``.")
    if rules.get("nullable") is True:
        out.append("May be None.")
    return out


def field_dependency_phrase(dep: DependencySpec, field: str) -> str:
    """How ``dep`` reads in the entry of ``field``: "Required when model_name is "kling-v1-5" and image is set."."""
    if dep.kind == "if" and dep.fields == (field,):
        return "Required when " + " and ".join(condition_text(c.field, c.op, c.value) for c in dep.conditions) + "."
    return sentence(dependency_sentence(dep))


def sentence(text: str) -> str:
    """``text`` capitalised and ending in a full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _wrap(text: str, indent: str = "", hanging: str = _INDENT) -> list[str]:
    return textwrap.wrap(text, width=WIDTH, initial_indent=indent, subsequent_indent=indent + hanging) or [indent]


def _paragraphs(text: str) -> list[str]:
    """The description's paragraphs (blank-line separated), each collapsed to one line."""
    blocks = [" ".join(block.split()) for block in str(text or "").replace("\r", "").split("\n\n")]
    return [b for b in blocks if b]


def argument_entry(name: str, description: str, phrases: Sequence[str], fallback: str) -> list[str]:
    """One ``Args:`` entry: ``name: description. Rule. Rule.``, wrapped under the name."""
    text = _clean(description) or fallback
    if phrases:
        text = text.rstrip() + ("" if text.rstrip().endswith((".", "!", "?", "。")) else ".") + " " + " ".join(phrases)
    return _wrap(f"{name}: {text}", _INDENT)


def compose(
    *,
    summary: str,
    description: str = "",
    extra: Sequence[str] = (),
    args: Sequence[list[str]] = (),
    returns: str | None = None,
    raises: Sequence[tuple[str, str]] = (),
) -> str:
    """Assemble the sections; empty sections are left out."""
    lines = _wrap(_clean(summary) or "Call the operation.", hanging="")
    for paragraph in [*_paragraphs(description), *extra]:
        lines.append("")
        lines.extend(_wrap(paragraph, hanging=""))
    if args:
        lines.extend(["", "Args:"])
        for entry in args:
            lines.extend(entry)
    if returns:
        lines.extend(["", "Returns:"])
        lines.extend(_wrap(returns, _INDENT))
    if raises:
        lines.extend(["", "Raises:"])
        for exc, why in raises:
            lines.extend(_wrap(f"{exc}: {why}", _INDENT))
    return "\n".join(line.rstrip() for line in lines)
