"""Stage 3: extract. Orchestrate: walk the document, read each description, decide, resolve dependencies.

Input: the merged OpenAPI document and its ``SourceMap``. Output: an
``ExtractionResult`` with extractions and findings in a deterministic order.
Dependencies are read in a second pass because "When using kling-v1-5" can
only be resolved once the siblings' enums (stated or extracted) are known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from ...vocab import idl
from ...vocab.findings import Extraction, Finding
from ...vocab.sourcemap import SourceMap, join_pointer
from ._bounds import find_bounds, may_find_bounds
from ._claims import Bound, DefaultClaim, Doubt, EnumClaim
from ._conditions import Field, Fields
from ._decide import Decider, Sourced, field_type
from ._defaults import find_defaults, may_find_defaults
from ._dependencies import find_dependencies, may_find_dependencies
from ._enums import find_enums, may_find_enums
from ._text import Text, normalise
from ._walk import Site, walk


@attrs.frozen(kw_only=True)
class ExtractionResult:
    extractions: tuple[Extraction, ...]
    findings: tuple[Finding, ...]
    # Every (object pointer, description pointer, rule) statement, before rules repeated by several
    # descriptions are merged into one extraction: what scoring attributes to each description.
    statements: tuple[tuple[str, str, str], ...] = ()
    # Statements not applied because the schema contradicts them (``OnlyOne(a, b)`` with both required).
    overruled: tuple[tuple[str, str, str], ...] = ()


def extract_constraints(document: object, source_map: SourceMap) -> ExtractionResult:
    """Read constraints out of every description in ``document``; never raises on malformed input."""
    decider = Decider(source_map.locate)
    sites = list(walk(document))
    texts = {s.description_pointer: normalise(s.description) for s in sites if s.description is not None}
    gates = {pointer: _Gates.of(text) for pointer, text in texts.items()}
    claims_by_schema: dict[str, tuple[Mapping[str, object], list[Sourced]]] = {}
    for site in sites:
        text = texts.get(site.description_pointer)
        if text is None:
            continue
        found = _read_claims(text, gates[site.description_pointer])
        entry = claims_by_schema.setdefault(site.pointer, (site.schema, []))
        entry[1].extend(Sourced(claim=c, description_pointer=site.description_pointer) for c in found)
    for pointer, (schema, claims) in claims_by_schema.items():
        decider.add_claims(pointer, schema, claims)
    extractions = decider.settle()
    statements: list[tuple[str, str, str]] = []
    overruled: list[tuple[str, str, str]] = []
    gated = {pointer: text for pointer, text in texts.items() if gates[pointer].dependencies}
    extractions.extend(_dependencies(sites, gated, extractions, decider, statements, overruled))
    extractions.sort(key=lambda e: (e.pointer, e.keyword, str(e.value)))
    findings = sorted(decider.findings, key=lambda f: (f.pointer, f.code, f.message))
    return ExtractionResult(
        extractions=tuple(extractions),
        findings=tuple(findings),
        statements=tuple(statements),
        overruled=tuple(overruled),
    )


def _read_claims(text: Text, gate: _Gates) -> list[Bound | EnumClaim | DefaultClaim | Doubt]:
    """What the open finders read in one description: claims first, then doubts."""
    found: list[Bound | EnumClaim | DefaultClaim | Doubt] = []
    doubts: list[Doubt] = []
    for open_, finder in ((gate.bounds, find_bounds), (gate.enums, find_enums), (gate.defaults, find_defaults)):
        if open_:
            claims, doubted = finder(text)
            found.extend(claims)
            doubts.extend(doubted)
    return found + doubts


@attrs.frozen(kw_only=True)
class _Gates:
    """Which finders can find anything in a text, by the words each cannot do without: the one speed seam.

    Many descriptions ("The ID of the task.") lack a finder's words; skipping it there saves about a tenth
    of the extraction time on the labelled corpus (``make bench``, benchmark 6, the row with the gates open).
    """

    bounds: bool
    enums: bool
    defaults: bool
    dependencies: bool

    @classmethod
    def of(cls, text: Text) -> _Gates:
        norm = text.norm
        lowered = norm.lower()
        return cls(
            bounds=may_find_bounds(norm, lowered),
            enums=may_find_enums(norm, lowered),
            defaults=may_find_defaults(norm, lowered),
            dependencies=may_find_dependencies(norm, lowered),
        )


def _dependencies(
    sites: list[Site],
    texts: Mapping[str, Text],
    extractions: list[Extraction],
    decider: Decider,
    statements: list[tuple[str, str, str]],
    overruled: list[tuple[str, str, str]],
) -> list[Extraction]:
    extracted_enums = {e.pointer: e.value for e in extractions if e.keyword == "enum"}
    rules: dict[tuple[str, str], Extraction] = {}
    fields_of: dict[str, Fields] = {}  # per object, not per property: an object of n fields costs n, not n²
    for site in sites:
        if site.description is None:
            continue
        if site.object_pointer is not None and site.object_schema is not None:
            owner_pointer, owner, own_name = site.object_pointer, site.object_schema, site.name
        elif isinstance(site.schema.get("properties"), Mapping):
            owner_pointer, owner, own_name = site.pointer, site.schema, None
        else:
            continue
        text = texts.get(site.description_pointer)
        if text is None:
            continue
        fields = fields_of.get(owner_pointer)
        if fields is None:
            fields = fields_of[owner_pointer] = _fields(owner_pointer, owner, extracted_enums)
        claims, doubts = find_dependencies(text, own_name, fields)
        for doubt in doubts:
            _note(decider, owner_pointer, site.description_pointer, doubt)
        for claim in claims:
            if not _writable(claim.text):
                # A property named IF, AND, THEN, NOT or IN (or with a space) cannot appear in a rule: writing
                # one would make the operation's x-dependencies unreadable, and the operation be skipped.
                _note(decider, owner_pointer, site.description_pointer, Doubt(evidence=claim.evidence,
                      reason=f"{claim.text!r} names a property the rule grammar cannot name"))  # fmt: skip
                continue
            stated = owner.get("x-dependencies")
            if stated is not None:
                if not (isinstance(stated, list) and claim.text in stated):
                    decider.finding("warning", "prose-conflicts-schema", f"the schema's x-dependencies win over the "
                                    f"description, which says {claim.text!r}: {claim.evidence!r}", owner_pointer,
                                    site.description_pointer)  # fmt: skip
                continue
            both = _required_members(owner, claim.text)
            if both:
                decider.finding("warning", "prose-conflicts-schema", f"not applied: the description says "
                                f"{claim.text!r} but the schema requires {' and '.join(both)}; if the prose is right, "
                                f"drop them from `required` in an overlay: {claim.evidence!r}", owner_pointer,
                                site.description_pointer)  # fmt: skip
                overruled.append((owner_pointer, site.description_pointer, claim.text))
                continue
            statements.append((owner_pointer, site.description_pointer, claim.text))
            rules.setdefault((owner_pointer, claim.text), Extraction(
                pointer=owner_pointer, keyword="x-dependencies", value=claim.text, evidence=claim.evidence,
                rule=claim.rule, location=decider.locate(site.description_pointer),
            ))  # fmt: skip
    return list(rules.values())


def _writable(rule: str) -> bool:
    try:
        idl.parse_rule(rule)
    except ValueError:
        return False
    return True


_AT_MOST_ONE = re.compile(r"^(?:OnlyOne|ZeroOrOne)\((?P<members>[^()]*)\);$")


def _required_members(owner: Mapping[str, object], rule: str) -> list[str]:
    """The members of an exactly-one or at-most-one group that the schema requires: two make it unsatisfiable."""
    match = _AT_MOST_ONE.match(rule)
    required = owner.get("required")
    if match is None or not isinstance(required, list):
        return []
    members = [m.strip() for m in match.group("members").split(",")]
    both = [m for m in members if m in required]
    return both if len(both) >= 2 else []


def _fields(pointer: str, owner: Mapping[str, object], extracted: Mapping[str, object]) -> Fields:
    properties = owner.get("properties")
    fields: dict[str, Field] = {}
    if not isinstance(properties, Mapping):
        return fields
    for name, schema in properties.items():
        values = schema.get("enum") if isinstance(schema, Mapping) else None
        if not isinstance(values, list):
            values = extracted.get(join_pointer(pointer, "properties", str(name)))
        kind = field_type(schema) if isinstance(schema, Mapping) else None
        fields[str(name)] = Field(values=tuple(values) if isinstance(values, list) else None, type=kind)
    return fields


def _note(decider: Decider, pointer: str, description_pointer: str, doubt: Doubt) -> None:
    decider.finding("note", "ambiguous-constraint", f"not applied ({doubt.reason}): {doubt.evidence!r}", pointer,
                    description_pointer)  # fmt: skip
