"""Score the prose extractor against the hand-labelled real descriptions in ``labels/``.

``python -m tests.extraction.score [--split dev|heldout|fresh|fresh2|fresh3|fresh4|tune|fresh5|all] [--list]`` loads
each labelled document as the generator does (read, fix up, merge), runs
``extract_constraints`` on it, and compares what it derived at each labelled
pointer with the label's ``expect``.

Splits, by document: ``dev`` and ``heldout`` are the first two halves; ``fresh`` is the
second held-out set, drawn by ``sample.py`` from documents nobody had labelled. Each was
scored once as held-out (``heldout`` at the end of issue 13's first round, ``fresh`` at the
end of its second, ``fresh2``, the third, drawn the same way from documents added in round 3,
at the end of its third, ``fresh3`` at the end of its fourth, ``fresh4`` at the end of its fifth) and has
been tuning material since, so ``tune`` is all six. ``fresh5`` is the sixth held-out set, drawn and labelled
the same way from documents added in round 6, and scored only when a change is finished. Never tune against
``fresh5``.

Units of comparison, per description:

* ``enum``: one unit, the set of values (typed: ``720`` is not ``"720"``, ``True`` is not ``"true"``);
* ``default``, ``minimum``, ``maximum``, ``exclusiveMinimum``, ``exclusiveMaximum``, ``minLength``,
  ``maxLength``, ``minItems``, ``maxItems``: one unit each, keyword and value (3.0's boolean
  ``exclusiveMinimum: true`` beside ``minimum: 0`` counts as ``exclusiveMinimum: 0``);
* ``x-dependencies``: one unit per rule, spaces ignored, group members unordered; a rule belongs to the
  description whose line it cites.

Keywords listed in the label's ``explicit`` are left out on both sides: the schema states them, and the
extractor rightly defers to it. So are group rules the schema contradicts (``OnlyOne(a, b)`` where ``a``
and ``b`` are both ``required``): the extractor reports them in lint instead of applying them. A unit found with another value is a miss and a false positive.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from generator.augment.extract import extract_constraints
from generator.load import load_texts, merge_documents, read_inputs
from generator.vocab.findings import Extraction, SpecError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LABELS = HERE / "labels"

FAMILY_OF = {
    "enum": "enum",
    "default": "default",
    "minimum": "bounds",
    "maximum": "bounds",
    "exclusiveMinimum": "bounds",
    "exclusiveMaximum": "bounds",
    "minLength": "lengths",
    "maxLength": "lengths",
    "minItems": "item_counts",
    "maxItems": "item_counts",
    "x-dependencies": "dependencies",
}
FAMILIES = ("enum", "default", "bounds", "lengths", "item_counts", "dependencies")
LANGS = ("en", "zh")
_GROUP = re.compile(r"\b(Or|OnlyOne|ZeroOrOne|AllOrNone)\(([^()]*)\)")


@dataclass(frozen=True)
class Item:
    file: str
    split: str
    pointer: str
    owner: str
    description_pointer: str
    lang: str
    text: str
    expect: Mapping[str, Any]
    explicit: frozenset[str]


@dataclass(frozen=True)
class Unit:
    keyword: str
    value: Any

    @property
    def family(self) -> str:
        return FAMILY_OF[self.keyword]


@dataclass
class Outcome:
    item: Item
    expected: frozenset[Unit]
    found: frozenset[Unit]

    @property
    def misses(self) -> frozenset[Unit]:
        return self.expected - self.found

    @property
    def false_positives(self) -> frozenset[Unit]:
        return self.found - self.expected


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Score:
    outcomes: list[Outcome] = field(default_factory=list)
    unloadable: list[str] = field(default_factory=list)

    def tallies(self) -> dict[tuple[str, str], Tally]:
        table = {(f, lang): Tally() for f in FAMILIES for lang in LANGS}
        for outcome in self.outcomes:
            lang = outcome.item.lang
            for unit in outcome.expected & outcome.found:
                table[unit.family, lang].tp += 1
            for unit in outcome.false_positives:
                table[unit.family, lang].fp += 1
            for unit in outcome.misses:
                table[unit.family, lang].fn += 1
        return table


def typed(value: Any) -> Any:
    """A hashable, type-tagged form: ``1`` and ``1.0`` agree, ``True``, ``1`` and ``"1"`` do not."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", float(value))
    if isinstance(value, str):
        return ("str", value)
    if value is None:
        return ("null", None)
    if isinstance(value, (list, tuple)):
        return ("list", tuple(typed(v) for v in value))
    if isinstance(value, Mapping):
        return ("map", tuple(sorted((str(k), typed(v)) for k, v in value.items())))
    return ("other", repr(value))


def rule_key(rule: str) -> str:
    text = re.sub(r"\s+", "", rule)
    return _GROUP.sub(lambda m: f"{m.group(1)}({','.join(sorted(m.group(2).split(',')))})", text)


def units(keywords: Mapping[str, Any], explicit: frozenset[str]) -> frozenset[Unit]:
    # A side the schema states (``minimum: 1``) is stated in either form, exclusive or not.
    for side in ("Minimum", "Maximum"):
        if side.lower() in explicit or f"exclusive{side}" in explicit:
            explicit = explicit | {side.lower(), f"exclusive{side}"}
    plain = {k: v for k, v in keywords.items() if k in FAMILY_OF and k not in explicit}
    for side in ("Minimum", "Maximum"):  # 3.0's boolean exclusive bounds, in 3.1's form
        flag, bound = f"exclusive{side}", side.lower()
        if plain.get(flag) is True and bound in plain:
            plain[flag] = plain.pop(bound)
        elif isinstance(plain.get(flag), bool):
            plain.pop(flag)
    found: set[Unit] = set()
    for keyword, value in plain.items():
        if keyword == "enum":
            values = value if isinstance(value, list) else [value]
            found.add(Unit("enum", frozenset(typed(v) for v in values)))
        elif keyword == "x-dependencies":
            for rule in value if isinstance(value, list) else [value]:
                found.add(Unit(keyword, rule_key(str(rule))))
        else:
            found.add(Unit(keyword, typed(value)))
    return frozenset(found)


SPLITS = {
    "dev": {"dev"},
    "heldout": {"heldout"},
    "fresh": {"fresh"},
    "fresh2": {"fresh2"},
    "fresh3": {"fresh3"},
    "fresh4": {"fresh4"},
    "tune": {"dev", "heldout", "fresh", "fresh2", "fresh3", "fresh4"},
    "fresh5": {"fresh5"},
}


def read_labels(split: str) -> Iterator[tuple[str, list[Item]]]:
    yaml = YAML(typ="safe", pure=True)
    wanted = SPLITS.get(split)
    for path in sorted(LABELS.glob("*/*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        if wanted is not None and data["split"] not in wanted:
            continue
        items = [
            Item(
                file=str(path.relative_to(LABELS)),
                split=data["split"],
                pointer=raw["pointer"],
                owner=raw.get("object_pointer") or raw["pointer"],
                description_pointer=raw["description_pointer"],
                lang="en" if raw["lang"] == "en" else "zh",
                text=raw["text"],
                expect=raw.get("expect") or {},
                explicit=frozenset(raw.get("explicit") or ()),
            )
            for raw in data["items"]
        ]
        yield data["document"], items


def score_document(document: str, items: list[Item], score: Score) -> None:
    try:
        sources = load_texts(read_inputs([ROOT / document]))
        merged = merge_documents(sources.documents)
    except SpecError as error:
        score.unloadable.append(f"{document}: {error}")
        extractions: tuple[Extraction, ...] = ()
        statements: tuple[tuple[str, str, str], ...] = ()
        overruled: set[tuple[str, str, str]] = set()
    else:
        result = extract_constraints(merged.document, merged.source_map)
        extractions, statements = result.extractions, result.statements
        overruled = {(owner, pointer, rule_key(rule)) for owner, pointer, rule in result.overruled}
    by_pointer: dict[str, dict[str, Any]] = collections.defaultdict(dict)
    kept = {(e.pointer, str(e.value)) for e in extractions if e.keyword == "x-dependencies"}
    rules: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    for owner, description_pointer, rule in statements:
        if (owner, rule) in kept:  # stated, and not overruled by the schema's own x-dependencies
            rules[owner, description_pointer].append(rule)
    for extraction in extractions:
        if extraction.keyword != "x-dependencies":
            by_pointer[extraction.pointer][extraction.keyword] = extraction.value
    for item in items:
        got = dict(by_pointer.get(item.pointer, {}))
        stated = rules.get((item.owner, item.description_pointer))
        if stated:
            got["x-dependencies"] = stated
        expected = units(item.expect, item.explicit)
        # A rule the schema contradicts (both members of OnlyOne required) is deferred to the schema, like
        # a keyword the schema states: not applying it is right, and lint says why.
        expected = frozenset(
            u
            for u in expected
            if not (u.keyword == "x-dependencies" and (item.owner, item.description_pointer, u.value) in overruled)
        )
        score.outcomes.append(Outcome(item, expected, units(got, item.explicit)))


def score_split(split: str) -> Score:
    score = Score()
    for document, items in read_labels(split):
        score_document(document, items, score)
    return score


def table(score: Score) -> list[str]:
    tallies = score.tallies()
    lines = [
        "| family | lang | expected | found right | false positives | misses | precision | recall |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for family in FAMILIES:
        for lang in LANGS:
            t = tallies[family, lang]
            lines.append(
                f"| {family} | {lang} | {t.tp + t.fn} | {t.tp} | {t.fp} | {t.fn} | {t.precision:.3f} | {t.recall:.3f} |"
            )
    total = Tally()
    for t in tallies.values():
        total.tp, total.fp, total.fn = total.tp + t.tp, total.fp + t.fp, total.fn + t.fn
    lines.append(
        f"| all | all | {total.tp + total.fn} | {total.tp} | {total.fp} | {total.fn} "
        f"| {total.precision:.3f} | {total.recall:.3f} |"
    )
    return lines


def _show(units_: Iterable[Unit]) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
            tag, inner = value
            if tag == "list":
                return [plain(v) for v in inner]
            return inner if tag != "number" or not float(inner).is_integer() else int(inner)
        if isinstance(value, frozenset):
            return sorted((plain(v) for v in value), key=str)
        return value

    return ", ".join(f"{u.keyword}={plain(u.value)!r}" for u in sorted(units_, key=lambda u: (u.keyword, str(u.value))))


def mistakes(score: Score) -> list[str]:
    lines = []
    for outcome in score.outcomes:
        if not (outcome.misses or outcome.false_positives):
            continue
        item = outcome.item
        text = " ".join(item.text.split())
        lines.append(f"- `{item.file}` {item.pointer.rsplit('/', 1)[-1]} ({item.lang}): {text[:300]!r}")
        if outcome.misses:
            lines.append(f"  - missed: {_show(outcome.misses)}")
        if outcome.false_positives:
            lines.append(f"  - false positive: {_show(outcome.false_positives)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.extraction.score", description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="dev")
    parser.add_argument("--list", action="store_true", help="list every miss and false positive")
    args = parser.parse_args(argv)
    if args.split in ("fresh5", "all"):
        print(f"scoring the {args.split} split: look, don't tune", file=sys.stderr)
    score = score_split(args.split)
    print(f"# Extraction score, {args.split} split: {len(score.outcomes)} descriptions\n")
    print("\n".join(table(score)))
    for problem in score.unloadable:
        print(f"\nunloadable: {problem}")
    if args.list:
        print("\n## Misses and false positives\n")
        print("\n".join(mistakes(score)) or "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
