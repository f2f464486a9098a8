"""The YAML emitter round-trips through ruamel.yaml for any JSON-like data, awkward strings included."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.render import yaml_emit

AWKWARD = [
    "",
    " ",
    "yes",
    "No",
    "null",
    "~",
    "0.5",
    "1e5",
    "0x1F",
    "16:9",
    "a: b",
    "- x",
    "#c",
    "a #b",
    "'q'",
    '"d"',
    "\\",
    "line\nbreak",
    "tab\there",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\x00",
    "zero\u200bwidth",
    "{{ 7*7 }}",
    "{% x %}",
    "&anchor",
    "*alias",
    "!tag",
    "%TAG",
    "@at",
    "`bt`",
    "key:",
    "trailing ",
    "ünïcödé",
    "中文：值",
    "1k",
    "2024-01-01",
    "true",
    ".inf",
    "-",
    "?",
    "|",
    ">",
    "[a]",
    "{a: 1}",
]

json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | st.sampled_from(AWKWARD),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text() | st.sampled_from(AWKWARD), inner, max_size=4)
    ),
    max_leaves=20,
)


def _load(text: str) -> Any:
    return YAML(typ="safe").load(text)


def test_awkward_strings_round_trip() -> None:
    data = {"strings": AWKWARD, "map": {s: s for s in AWKWARD}, "nums": [0, -1, 1.5, 1e300, math.inf, -math.inf]}
    assert _load(yaml_emit.dump(data)) == data


@settings(max_examples=300, derandomize=True)
@given(json_like)
def test_any_json_like_value_round_trips(value: Any) -> None:
    assert _load(yaml_emit.dump({"v": value})) == {"v": value}
