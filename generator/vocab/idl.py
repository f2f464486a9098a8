"""Inter-parameter dependency rules: a tiny IDL, parsed and formatted.

Stage 3: extract (writes rules) and later stages (read them). Input: one rule
string such as ``IF model_name=='kling-v1-5' AND image THEN image_reference;``
or ``Or(image, image_url);``. Output: a frozen ``DependencyRule`` value, and
back to canonical text. The grammar is deliberately small:

    rule      := conditional | group
    conditional := "IF" pred ("AND" pred)* "THEN" field ("AND" field)* ";"
    pred      := field | "NOT" field | field "==" literal | field "!=" literal
               | field "IN" "(" literal ("," literal)* ")"
    group     := ("Or" | "OnlyOne" | "AllOrNone" | "ZeroOrOne") "(" field ("," field)+ ")" ";"
    literal   := "'" (any char but ' and \\ | "\\'" | "\\\\")* "'" | number | "true" | "false"
    field     := [A-Za-z0-9_.-]+   (not one of IF, AND, THEN, NOT, IN)

A bare ``field`` predicate means the field is set: present, not null and not
the empty string. Literals are typed: ``multi_shot==true`` compares with the
boolean ``True``, ``n==2`` with the number 2, ``mode=='pro'`` with a string.
"""

from __future__ import annotations

from typing import Literal

import attrs

Operator = Literal["set", "unset", "eq", "ne", "in"]
Value = str | int | float | bool
GroupKind = Literal["Or", "OnlyOne", "AllOrNone", "ZeroOrOne"]

GROUP_KINDS: tuple[GroupKind, ...] = ("Or", "OnlyOne", "AllOrNone", "ZeroOrOne")
_GROUP_BY_NAME: dict[str, GroupKind] = {kind: kind for kind in GROUP_KINDS}
_KEYWORDS = frozenset({"IF", "AND", "THEN", "NOT", "IN"})
_NUMBER_CHARS = frozenset("0123456789+-.eE")
_FIELD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


@attrs.frozen(kw_only=True)
class Predicate:
    """One condition on one field; ``literal`` is set for ``eq``/``ne``, ``options`` for ``in``."""

    field: str
    op: Operator = "set"
    literal: Value | None = None
    options: tuple[Value, ...] = ()


@attrs.frozen(kw_only=True)
class Conditional:
    """``IF <when...> THEN <then...>;``: all ``then`` fields are required when every predicate holds."""

    when: tuple[Predicate, ...]
    then: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Group:
    """A cardinality rule over a set of fields (``Or``: at least one, ``OnlyOne``: exactly one, ...)."""

    kind: GroupKind
    fields: tuple[str, ...]


DependencyRule = Conditional | Group


def is_field_name(text: str) -> bool:
    return bool(text) and all(ch in _FIELD_CHARS for ch in text) and text not in _KEYWORDS


def quote_literal(value: Value) -> str:
    """A literal in rule syntax: strings quoted, booleans ``true``/``false``, numbers as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def format_rule(rule: DependencyRule) -> str:
    """Canonical text: single spaces, ``, `` between group members, trailing ``;``."""
    if isinstance(rule, Group):
        return f"{rule.kind}({', '.join(rule.fields)});"
    preds = " AND ".join(_format_predicate(p) for p in rule.when)
    return f"IF {preds} THEN {' AND '.join(rule.then)};"


def _format_predicate(pred: Predicate) -> str:
    if pred.op == "set":
        return pred.field
    if pred.op == "unset":
        return f"NOT {pred.field}"
    if pred.op == "in":
        return f"{pred.field} IN ({', '.join(quote_literal(o) for o in pred.options)})"
    operator = "==" if pred.op == "eq" else "!="
    return f"{pred.field}{operator}{quote_literal(pred.literal if pred.literal is not None else '')}"


def rule_fields(rule: DependencyRule) -> tuple[str, ...]:
    """Every property name the rule mentions, first occurrence order, no repeats."""
    names = rule.fields if isinstance(rule, Group) else (*(p.field for p in rule.when), *rule.then)
    return tuple(dict.fromkeys(names))


def parse_rule(text: str) -> DependencyRule:
    """Parse one rule; raises ``ValueError`` (with the offset) on anything outside the grammar."""
    return _Parser(text).rule()


class _Parser:
    """Hand-written scanner: linear time, exact error offsets, no regex backtracking."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, expected: str) -> ValueError:
        return ValueError(f"bad dependency rule at offset {self.pos}: expected {expected} in {self.text!r}")

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def word(self) -> str:
        self.skip_spaces()
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in _FIELD_CHARS:
            self.pos += 1
        return self.text[start : self.pos]

    def expect(self, token: str) -> None:
        self.skip_spaces()
        if not self.text.startswith(token, self.pos):
            raise self.fail(repr(token))
        self.pos += len(token)

    def peek_word(self) -> str:
        saved = self.pos
        found = self.word()
        self.pos = saved
        return found

    def field(self) -> str:
        name = self.word()
        if not is_field_name(name):
            raise self.fail("a field name")
        return name

    def rule(self) -> DependencyRule:
        head = self.peek_word()
        rule: DependencyRule
        if head == "IF":
            self.word()
            rule = self.conditional()
        elif head in _GROUP_BY_NAME:
            self.word()
            rule = self.group(_GROUP_BY_NAME[head])
        else:
            raise self.fail("'IF' or a group name (Or, OnlyOne, AllOrNone, ZeroOrOne)")
        self.expect(";")
        self.skip_spaces()
        if self.pos != len(self.text):
            raise self.fail("end of rule after ';'")
        return rule

    def conditional(self) -> Conditional:
        when = [self.predicate()]
        while self.peek_word() == "AND":
            self.word()
            when.append(self.predicate())
        if self.word() != "THEN":
            raise self.fail("'AND' or 'THEN'")
        then = [self.field()]
        while self.peek_word() == "AND":
            self.word()
            then.append(self.field())
        return Conditional(when=tuple(when), then=tuple(then))

    def predicate(self) -> Predicate:
        if self.peek_word() == "NOT":
            self.word()
            return Predicate(field=self.field(), op="unset")
        name = self.field()
        self.skip_spaces()
        if self.text.startswith("==", self.pos):
            self.pos += 2
            return Predicate(field=name, op="eq", literal=self.literal())
        if self.text.startswith("!=", self.pos):
            self.pos += 2
            return Predicate(field=name, op="ne", literal=self.literal())
        if self.peek_word() == "IN":
            self.word()
            self.expect("(")
            options = [self.literal()]
            self.skip_spaces()
            while self.text.startswith(",", self.pos):
                self.pos += 1
                options.append(self.literal())
                self.skip_spaces()
            self.expect(")")
            return Predicate(field=name, op="in", options=tuple(options))
        return Predicate(field=name)

    def literal(self) -> Value:
        self.skip_spaces()
        if self.text.startswith("'", self.pos):
            return self.string()
        start = self.pos
        while self.pos < len(self.text) and (self.text[self.pos].isalpha() or self.text[self.pos] in _NUMBER_CHARS):
            self.pos += 1
        token = self.text[start : self.pos]
        if token in ("true", "false"):
            return token == "true"  # noqa: S105 -- a boolean literal, not a password
        try:
            return int(token) if token.lstrip("+-").isdigit() and len(token) <= 30 else float(token)
        except ValueError:
            self.pos = start
            raise self.fail("a literal ('text', a number, true or false)") from None

    def string(self) -> str:
        self.expect("'")
        chars: list[str] = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            self.pos += 1
            if ch == "'":
                return "".join(chars)
            if ch == "\\":
                if self.pos >= len(self.text) or self.text[self.pos] not in "'\\":
                    raise self.fail("\\' or \\\\ after a backslash")
                chars.append(self.text[self.pos])
                self.pos += 1
            else:
                chars.append(ch)
        raise self.fail("closing quote")

    def group(self, kind: GroupKind) -> Group:
        self.expect("(")
        fields = [self.field()]
        self.skip_spaces()
        while self.text.startswith(",", self.pos):
            self.pos += 1
            fields.append(self.field())
            self.skip_spaces()
        self.expect(")")
        if len(fields) < 2:
            raise self.fail("at least two fields in a group")
        return Group(kind=kind, fields=tuple(fields))
