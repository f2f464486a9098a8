"""Stage 3 (extract) dependency IDL: parse, format, round-trip, and rejection of text outside the grammar."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.vocab.idl import Conditional, Group, Predicate, format_rule, is_field_name, parse_rule, rule_fields

SEED_RULE = "IF model_name=='kling-v1-5' AND image THEN image_reference;"


def test_parses_the_seed_rule() -> None:
    rule = parse_rule(SEED_RULE)
    assert rule == Conditional(
        when=(Predicate(field="model_name", op="eq", literal="kling-v1-5"), Predicate(field="image")),
        then=("image_reference",),
    )
    assert format_rule(rule) == SEED_RULE
    assert rule_fields(rule) == ("model_name", "image", "image_reference")


@pytest.mark.parametrize(
    "text",
    [
        "IF NOT image THEN url;",
        "IF mode!='std' AND mode!='pro' THEN a AND b;",
        "IF a.b-c_1 THEN d;",
        "Or(image, image_url);",
        "OnlyOne(a, b, c);",
        "AllOrNone(start_time, end_time);",
        "ZeroOrOne(image_url, mask);",
        r"IF note=='it\'s' THEN x;",
        r"IF path=='C:\\dir' THEN x;",
        "IF title=='' THEN x;",
    ],
)
def test_canonical_text_round_trips(text: str) -> None:
    assert format_rule(parse_rule(text)) == text


def test_whitespace_is_normalised() -> None:
    assert format_rule(parse_rule("  IF   a  AND b=='x'   THEN c ;  ")) == "IF a AND b=='x' THEN c;"
    assert format_rule(parse_rule("Or( a ,b );")) == "Or(a, b);"


def test_escapes_are_decoded() -> None:
    rule = parse_rule(r"IF a=='x\'y\\z' THEN b;")
    assert isinstance(rule, Conditional)
    assert rule.when[0].literal == "x'y\\z"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "IF a THEN b",  # no semicolon
        "IF a THEN b; extra",
        "IF THEN b;",
        "IF a;",
        "IF a THEN;",
        "IF a OR b THEN c;",
        "if a then b;",
        "IF a=='x THEN b;",  # unterminated literal
        "IF a==x THEN b;",  # unquoted literal
        r"IF a=='\n' THEN b;",  # unknown escape
        'IF a=="x" THEN b;',
        "IF a b THEN c;",
        "IF NOT THEN b;",
        "IF AND THEN b;",
        "Or(a);",
        "Or();",
        "Or(a, b)",
        "Xor(a, b);",
        "Or(a b);",
        "Or(a, b,);",
        "IF a$ THEN b;",
        "IF a THEN b AND;",
    ],
)
def test_rejects_bad_syntax(text: str) -> None:
    with pytest.raises(ValueError):
        parse_rule(text)


def test_rule_fields_of_groups_keep_order_without_repeats() -> None:
    assert rule_fields(Group(kind="Or", fields=("b", "a", "b"))) == ("b", "a")
    assert rule_fields(parse_rule("IF a AND a=='1' THEN b AND a;")) == ("a", "b")


_names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,10}", fullmatch=True).filter(is_field_name)
_predicates = st.one_of(
    st.builds(Predicate, field=_names),
    st.builds(Predicate, field=_names, op=st.just("unset")),
    st.builds(Predicate, field=_names, op=st.sampled_from(["eq", "ne"]), literal=st.text(max_size=12)),
)
_rules = st.one_of(
    st.builds(
        Conditional,
        when=st.lists(_predicates, min_size=1, max_size=4).map(tuple),
        then=st.lists(_names, min_size=1, max_size=3).map(tuple),
    ),
    st.builds(
        Group,
        kind=st.sampled_from(["Or", "OnlyOne", "AllOrNone", "ZeroOrOne"]),
        fields=st.lists(_names, min_size=2, max_size=5).map(tuple),
    ),
)


@given(_rules)
def test_format_then_parse_is_identity(rule: Conditional | Group) -> None:
    assert parse_rule(format_rule(rule)) == rule
