"""Stage 3: extract. Turn claims into schema keywords, or into findings when they do not fit.

Input: the claims read from every description that targets one schema, the
schema itself and where each description is. Output: ``Extraction`` and
``Finding`` records. This is where types are applied (a bound on a string is a
length, on an array a count), where the explicit schema wins over prose, and
where two statements that disagree cancel each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

import attrs

from ...vocab.findings import Extraction, Finding, Level, Location
from ...vocab.sourcemap import join_pointer
from ._claims import Bound, DefaultClaim, Doubt, EnumClaim

Locate = Callable[[str], Location | None]

_INTEGER = re.compile(r"-?\d{1,18}")
_DECIMAL = re.compile(r"-?\d{1,18}(?:\.\d{1,18})?")
_LENGTH = {"min": "minLength", "max": "maxLength"}
_ITEMS = {"min": "minItems", "max": "maxItems"}
_RANGE = {"min": "minimum", "max": "maximum"}
_EXCLUSIVE = {"minimum": "exclusiveMinimum", "maximum": "exclusiveMaximum"}
_MAX_FINDINGS_PER_DESCRIPTION = 10
_HEADERLESS_LISTS = frozenset(
    {"zh.enum.supports", "en.enum.bracket", "en.enum.only-available", "zh.enum.only-available", "en.enum.quoted",
     "zh.enum.quoted", "en.enum.numbers-or", "zh.enum.numbers-or"}
)  # fmt: skip


@attrs.frozen(kw_only=True)
class Limit:
    """A minimum or maximum with its exclusivity: compared as one value so ">0" and "[0," disagree."""

    value: int | float
    exclusive: bool


@attrs.frozen(kw_only=True)
class Sourced:
    """A claim together with the description it came from."""

    claim: Bound | EnumClaim | DefaultClaim | Doubt
    description_pointer: str


@attrs.frozen(kw_only=True)
class _Proposal:
    pointer: str
    keyword: str
    value: object
    evidence: str
    rule: str
    description_pointer: str


class Decider:
    """Collects proposals per (schema, keyword) and settles them against the schema."""

    def __init__(self, locate: Locate) -> None:
        self.locate = locate
        self.proposals: dict[tuple[str, str], list[_Proposal]] = {}
        self.schemas: dict[str, Mapping[str, object]] = {}
        self.findings: list[Finding] = []
        self._seen: set[tuple[str, str, str]] = set()
        self._per_description: dict[tuple[str, str], int] = {}

    def finding(self, level: Level, code: str, message: str, pointer: str, description_pointer: str) -> None:
        """Record a finding once; a description that repeats itself gets at most a handful per code."""
        key = (pointer, code, message)
        count_key = (description_pointer, code)
        if key in self._seen or self._per_description.get(count_key, 0) >= _MAX_FINDINGS_PER_DESCRIPTION:
            return
        self._seen.add(key)
        self._per_description[count_key] = self._per_description.get(count_key, 0) + 1
        self.findings.append(
            Finding(level=level, code=code, message=message, pointer=pointer, location=self.locate(description_pointer))
        )

    def propose(self, pointer: str, schema: Mapping[str, object], keyword: str, value: object, source: Sourced) -> None:
        if isinstance(source.claim, Doubt):
            return
        self.schemas[pointer] = schema
        proposal = _Proposal(
            pointer=pointer, keyword=keyword, value=value, evidence=source.claim.evidence,
            rule=source.claim.rule, description_pointer=source.description_pointer,
        )  # fmt: skip
        self.proposals.setdefault((pointer, keyword), []).append(proposal)

    def add_claims(self, pointer: str, schema: Mapping[str, object], claims: list[Sourced]) -> None:
        """Type every claim for ``schema``; defaults last, so they can be checked against the enum."""
        for source in claims:
            claim = source.claim
            if isinstance(claim, Doubt):
                self.finding("note", "ambiguous-constraint", f"not applied ({claim.reason}): {claim.evidence!r}",
                             pointer, source.description_pointer)  # fmt: skip
            elif isinstance(claim, Bound):
                self._bound(pointer, schema, claim, source)
            elif isinstance(claim, EnumClaim):
                self._enum(pointer, schema, claim, source)
        defaults = [(source, source.claim) for source in claims if isinstance(source.claim, DefaultClaim)]
        if defaults:
            allowed = _known_enum(schema, self.proposals.get((pointer, "enum"), []))
            for source, default in defaults:
                self._default(pointer, schema, default, source, allowed)

    def _bound(self, pointer: str, schema: Mapping[str, object], bound: Bound, source: Sourced) -> None:
        kind = field_type(schema)
        quantity = bound.kind
        if bound.items_only and kind != "array":
            return
        if quantity is None and kind == "array" and not bound.interval:
            quantity = "count"
        member = _string_member(pointer, schema) if quantity == "length" and kind is None else None
        if member is not None:  # "1-255 characters" on anyOf [string, null]: the string member's length
            self._count_like(member[0], member[1], _LENGTH[bound.side], bound, source)
        elif quantity == "length" and (kind == "string" or (kind is None and not _composed(schema))):
            self._count_like(pointer, schema, _LENGTH[bound.side], bound, source)
        elif quantity == "length" and kind in ("integer", "number"):
            self.finding("warning", "length-on-number", f"a length rule on a {kind} field is not applied: "
                         f"{bound.evidence!r}", pointer, source.description_pointer)  # fmt: skip
        elif quantity == "count" and kind == "array":
            self._count_like(pointer, schema, _ITEMS[bound.side], bound, source)
        elif quantity in ("count", "measure", None) and kind in ("integer", "number"):
            limit = Limit(value=bound.value, exclusive=bound.exclusive)
            self.propose(pointer, schema, _RANGE[bound.side], limit, source)
        elif quantity is None and kind == "string":
            self.finding("warning", "range-on-string", f"a numeric range on a string field is not applied: "
                         f"{bound.evidence!r}", pointer, source.description_pointer)  # fmt: skip
        elif quantity is not None or kind in ("array", None):
            self.finding("note", "ambiguous-constraint", f"not applied (unclear what the bound measures on a "
                         f"{kind or 'untyped'} field): {bound.evidence!r}", pointer, source.description_pointer)  # fmt: skip

    def _count_like(
        self, pointer: str, schema: Mapping[str, object], keyword: str, bound: Bound, source: Sourced
    ) -> None:
        value = bound.value
        if isinstance(value, float) and not value.is_integer():
            self.finding("note", "ambiguous-constraint", f"not applied (a fractional {keyword}): {bound.evidence!r}",
                         pointer, source.description_pointer)  # fmt: skip
            return
        count = int(value)
        if bound.exclusive:
            count = count + 1 if keyword.startswith("min") else count - 1
        if count < 0:
            return
        self.propose(pointer, schema, keyword, count, source)

    def _enum(self, pointer: str, schema: Mapping[str, object], claim: EnumClaim, source: Sourced) -> None:
        target, target_schema = pointer, schema
        items = schema.get("items")
        if field_type(schema) == "array" and isinstance(items, Mapping) and "$ref" not in items:
            target, target_schema = join_pointer(pointer, "items"), items
        kind = field_type(target_schema)
        composed = target != pointer and kind is None and _composed(target_schema)
        if composed:  # "Items can be `ComparisonFilter` or `CompoundFilter`": the items' variants, not values
            self.finding("note", "ambiguous-constraint", f"not applied (a value list on a composed schema): "
                         f"{claim.evidence!r}", target, source.description_pointer)  # fmt: skip
            return
        if kind == "object" or (kind == "array" and target == pointer):
            self.finding("note", "ambiguous-constraint", f"not applied (a value list on an {kind} field): "
                         f"{claim.evidence!r}", target, source.description_pointer)  # fmt: skip
            return
        values = claim.values
        if kind == "string" and "null" in values and len(values) > 2 and not set(values) <= _JSON_TYPES:
            # "- `null`: … - `stop`: …" lists JSON null beside the strings; a list of JSON type names means "null"
            values = tuple(v for v in values if v != "null")
        typed = [fit_format(type_literal(value, kind), target_schema) for value in values]
        if kind == "boolean" and {v for v in typed if isinstance(v, bool)} == {True, False}:
            return  # "- true: …\n- false: …" glosses both values of a boolean; it restricts nothing
        if any(t is _UNFIT for t in typed):
            bad = [v for v, t in zip(values, typed, strict=True) if t is _UNFIT]
            self.finding("warning", "enum-type-mismatch", f"listed values {bad} do not fit type "
                         f"{kind or 'untyped'}: {claim.evidence!r}", target, source.description_pointer)  # fmt: skip
            return
        self.propose(target, target_schema, "enum", tuple(dict.fromkeys(typed)), source)

    def _default(
        self,
        pointer: str,
        schema: Mapping[str, object],
        claim: DefaultClaim,
        source: Sourced,
        allowed: list[object] | None,
    ) -> None:
        kind = field_type(schema) or _nullable_scalar(schema)
        if claim.listed_only and not (allowed is not None and claim.value in allowed):
            return  # "Default: none" on a field that does not list "none": no value is the default
        # "(allowed values: 4, 8, 12). Default is 4 seconds." on a string: the unit names what "4" counts.
        listed_unit = claim.unit and kind == "string" and allowed is not None and claim.value in allowed
        if claim.switch and kind != "boolean" and not (allowed is not None and claim.value in allowed):
            self.finding("note", "ambiguous-constraint", f"not applied (a switch's default on a {kind or 'untyped'} "
                         f"field): {claim.evidence!r}", pointer, source.description_pointer)  # fmt: skip
            return
        if claim.unit and kind not in ("integer", "number") and not listed_unit:
            self.finding("note", "ambiguous-constraint", f"not applied (a default with a unit on a {kind or 'untyped'} "
                         f"field): {claim.evidence!r}", pointer, source.description_pointer)  # fmt: skip
            return
        raw = _SWITCH_WORDS.get(claim.value.lower(), claim.value) if kind == "boolean" else claim.value
        value = fit_format(type_literal(raw, kind), schema)  # "(Default: disabled)" on a boolean is false
        if value is _UNFIT or kind in ("array", "object"):
            self.finding("warning", "default-type-mismatch", f"default {claim.value!r} does not fit type "
                         f"{kind or 'untyped'}: {claim.evidence!r}", pointer, source.description_pointer)  # fmt: skip
            return
        if allowed is not None and value not in allowed:
            self.finding("note", "ambiguous-constraint", f"not applied (default {claim.value!r} is not one of the "
                         f"allowed values): {claim.evidence!r}", pointer, source.description_pointer)  # fmt: skip
            listed = self.proposals.get((pointer, "enum"), [])
            if not isinstance(schema.get("enum"), list) and listed and all(p.rule in _HEADERLESS_LISTS for p in listed):
                # A list without an enumeration header ("支持 a, b") that leaves out the stated default is not
                # the whole value set; an "Enum: a, b" list still is.
                del self.proposals[(pointer, "enum")]
            return
        self.propose(pointer, schema, "default", value, source)

    def settle(self) -> list[Extraction]:
        """One extraction per agreed keyword; contradictions and schema conflicts become findings."""
        agreed: dict[tuple[str, str], _Proposal] = {}
        for (pointer, keyword), proposals in self.proposals.items():
            values = list(dict.fromkeys(_key(p.value) for p in proposals))
            if len(values) > 1:
                quotes = "; ".join(dict.fromkeys(repr(p.evidence) for p in proposals))
                self.finding("warning", "prose-contradiction", f"the description gives different {keyword} values: "
                             f"{quotes}", pointer, proposals[0].description_pointer)  # fmt: skip
                continue
            if self._conflicts(self.schemas[pointer], proposals[0]):
                continue
            agreed[(pointer, keyword)] = proposals[0]
        self._check_order(agreed)
        return [e for proposal in agreed.values() for e in self._emit(proposal)]

    def _conflicts(self, schema: Mapping[str, object], proposal: _Proposal) -> bool:
        keyword, value = proposal.keyword, proposal.value
        if isinstance(value, Limit):
            exclusive_keyword = _EXCLUSIVE[keyword]
            if keyword not in schema and exclusive_keyword not in schema:
                return False
            stated = Limit(value=_as_number(schema.get(keyword)), exclusive=schema.get(exclusive_keyword) is True)
            same = _key(stated) == _key(value)
        elif keyword not in schema:
            return False
        else:
            same = _key(_explicit(schema[keyword], keyword)) == _key(value)
        if not same:
            shown = value if not isinstance(value, Limit) else value.value
            self.finding("warning", "prose-conflicts-schema", f"the schema's {keyword} wins over the description, "
                         f"which says {shown!r}: {proposal.evidence!r}", proposal.pointer,
                         proposal.description_pointer)  # fmt: skip
        return True

    def _check_order(self, agreed: dict[tuple[str, str], _Proposal]) -> None:
        for low, high in (("minimum", "maximum"), ("minLength", "maxLength"), ("minItems", "maxItems")):
            for pointer in {p for p, _ in agreed}:
                lower, upper = agreed.get((pointer, low)), agreed.get((pointer, high))
                if lower is None or upper is None or _magnitude(lower.value) <= _magnitude(upper.value):
                    continue
                self.finding("warning", "prose-contradiction", f"{low} is above {high}: {lower.evidence!r}",
                             pointer, lower.description_pointer)  # fmt: skip
                del agreed[(pointer, low)], agreed[(pointer, high)]

    def _emit(self, proposal: _Proposal) -> list[Extraction]:
        def make(keyword: str, value: object) -> Extraction:
            return Extraction(pointer=proposal.pointer, keyword=keyword, value=value, evidence=proposal.evidence,
                              rule=proposal.rule, location=self.locate(proposal.description_pointer))  # fmt: skip

        value = proposal.value
        if isinstance(value, Limit):
            made = [make(proposal.keyword, value.value)]
            if value.exclusive:
                made.append(make(_EXCLUSIVE[proposal.keyword], True))
            return made
        if isinstance(value, tuple):
            return [make(proposal.keyword, list(value))]
        return [make(proposal.keyword, value)]


class _Unfit:
    """Marker for a literal that does not fit the schema type."""


_UNFIT = _Unfit()
UNFIT = _UNFIT


def type_literal(text: str, kind: str | None) -> object:
    """``"1"`` -> 1 for integer, 1.5 for number, True for boolean; ``_UNFIT`` when it cannot be."""
    if kind == "integer":
        return int(text) if _INTEGER.fullmatch(text) else _UNFIT
    if kind == "number":
        if not _DECIMAL.fullmatch(text):
            return _UNFIT
        return float(text) if "." in text else int(text)
    if kind == "boolean":
        return {"true": True, "false": False}.get(text.lower(), _UNFIT)
    if kind is None and _DECIMAL.fullmatch(text):
        # Untyped: "1" could be the string or the number; a wrong guess rejects valid requests.
        return _UNFIT
    return text


_FORMATS: dict[str, re.Pattern[str]] = {
    "date-time": re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})?"),
    "email": re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}"),
    "uuid": re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}"),
    "uri": re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,31}:\S{1,2000}"),
    "ipv4": re.compile(r"(?:\d{1,3}\.){3}\d{1,3}"),
    "int32": re.compile(r"-?\d{1,10}"),
    "int64": re.compile(r"-?\d{1,19}"),
}
_INT_RANGES = {"int32": 2**31, "int64": 2**63}


def fit_format(value: object, schema: Mapping[str, object]) -> object:
    """``value`` when it also satisfies the schema's ``format`` ("yesterday" is no date-time), else ``_UNFIT``."""
    form = schema.get("format")
    if value is _UNFIT or not isinstance(form, str):
        return value
    if form in _INT_RANGES and isinstance(value, int) and not isinstance(value, bool):
        return value if -_INT_RANGES[form] <= value < _INT_RANGES[form] else _UNFIT
    pattern = _FORMATS.get(form)
    if pattern is None or not isinstance(value, str):
        return value
    return value if pattern.fullmatch(value) else _UNFIT


def _composed(schema: Mapping[str, object]) -> bool:
    """An ``anyOf``/``oneOf`` wrapper: its members carry the types, so a length on it measures nothing known."""
    return any(k in schema for k in ("oneOf", "anyOf", "allOf"))


_JSON_TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "null"})


_SWITCH_WORDS = {"enabled": "true", "on": "true", "yes": "true", "disabled": "false", "off": "false", "no": "false"}


def _nullable_wrappers(schema: Mapping[str, object]) -> Iterator[tuple[str, list[object], int]]:
    """Each ``anyOf``/``oneOf`` list of ``schema`` in which every member but one is typed null, with that
    member's index: the shape of a nullable field written as a wrapper."""
    for keyword in ("anyOf", "oneOf"):
        members = schema.get(keyword)
        if not isinstance(members, list):
            continue
        named = [i for i, m in enumerate(members) if not (isinstance(m, Mapping) and m.get("type") == "null")]
        if len(named) == 1 and isinstance(members[named[0]], Mapping):
            yield keyword, members, named[0]


def _string_member(pointer: str, schema: Mapping[str, object]) -> tuple[str, Mapping[str, object]] | None:
    """The one inline string member of a nullable ``anyOf``/``oneOf`` wrapper, with its pointer."""
    for keyword, members, index in _nullable_wrappers(schema):
        member = members[index]
        if isinstance(member, Mapping) and member.get("type") == "string":
            return join_pointer(pointer, keyword, str(index)), member
    return None


def _nullable_scalar(schema: Mapping[str, object]) -> str | None:
    """``anyOf: [{type: integer}, {type: 'null'}]``: the one scalar type a default on the wrapper can take."""
    for _keyword, members, index in _nullable_wrappers(schema):
        member = members[index]
        small = all(isinstance(m, Mapping) and len(m) <= 3 for m in members)
        kind = member.get("type") if isinstance(member, Mapping) else None
        if len(members) == 2 and small and kind in ("integer", "number", "string", "boolean"):
            return str(kind)
    return None


def field_type(schema: Mapping[str, object]) -> str | None:
    """The field's type; 3.1's ``[integer, "null"]`` is a nullable integer."""
    kind = schema.get("type")
    if isinstance(kind, list):
        named = [k for k in kind if k != "null"]
        kind = named[0] if len(named) == 1 else None
    return kind if isinstance(kind, str) else None


def _known_enum(schema: Mapping[str, object], proposals: list[_Proposal]) -> list[object] | None:
    explicit = schema.get("enum")
    if isinstance(explicit, list):
        return explicit
    values = {_key(p.value) for p in proposals}
    if len(values) == 1 and isinstance(proposals[0].value, tuple):
        return list(proposals[0].value)
    return None


def _explicit(value: object, keyword: str) -> object:
    if keyword == "enum" and isinstance(value, list):
        return tuple(value)
    return value


def _as_number(value: object) -> int | float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else float("nan")


def _magnitude(value: object) -> float:
    if isinstance(value, Limit):
        return float(value.value)
    return float(value) if isinstance(value, int | float) else 0.0


def same_value(a: object, b: object) -> bool:
    """Equal as JSON values (see ``_key``): what a condition's literal is compared with."""
    return _key(a) == _key(b)


def _key(value: object) -> object:
    """Equality key: 1 == 1.0, enums compare as sets, and True never equals 1."""
    if isinstance(value, Limit):
        return ("limit", _key(value.value), value.exclusive)
    if isinstance(value, tuple | list):
        return ("set", frozenset(_key(v) for v in value))
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("number", float(value))
    return ("text", str(value))
