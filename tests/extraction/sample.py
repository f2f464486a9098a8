"""Draw label skeletons for a fresh held-out split from corpus documents nobody has labelled yet.

``python -m tests.extraction.sample --split fresh --out DIR [--per-document N] [--hints N] [--corpus DIR] [--vendor V ...]``
walks each document under ``--corpus`` (default: the Apifox pages in ``tests/corpus/apifox``) that no
label file names, as the generator reads it, and writes one skeleton per document with ``expect``
left empty for a labeller to fill in. It never runs the
extractor, so nothing it writes hints at what the extractor finds.

Picks per document: every k-th described site in walk order (about three quarters from request
bodies and parameters), then a few more, evenly spaced, among the rest whose wording hints at a rule.
A (description text, schema type) pair already labelled anywhere, or picked earlier, is skipped.
``explicit`` is filled from the schema, since it is a fact about the schema and not a judgement.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from generator.augment.extract._walk import walk
from generator.load import load_texts, merge_documents, read_inputs
from generator.vocab.findings import SpecError

from .score import FAMILY_OF, LABELS, ROOT

CORPUS = ROOT / "tests" / "corpus" / "apifox"
_SUFFIXES = (".md", ".yaml", ".yml", ".json")
_HINT = re.compile(
    r"(?i)\b(default|max|min|at most|at least|up to|between|range|only|must|required|either|one of|"
    r"cannot|exceed|limit|values?|characters?|items?)\b|默认|最多|最少|至少|不超过|不能|范围|取值|可选|"
    r"必填|必须|仅|只|之间|字符|枚举|二选一|当"
)
# Wording of the rarer families (lengths, item counts, dependencies): half the hint picks come from these.
_RARE = re.compile(
    r"(?i)\bcharacters?\b|\bchars\b|\bitems?\b|\bat most\b|\bup to\b|\bat least one\b|\brequired (?:if|when)\b|"
    r"\bmutually\b|\bonly one of\b|\bcannot be used\b|\bexceed\b|\bexactly one\b|字符|最多|至少|不超过|二选一|互斥|必填"
)
_REQUEST = re.compile(r"/(requestBody|parameters)/")


def _key(text: str, schema: dict[str, Any]) -> tuple[str, str]:
    return " ".join(text.split()), str(schema.get("type"))


def _labelled() -> tuple[set[str], set[tuple[str, str]]]:
    yaml = YAML(typ="safe", pure=True)
    documents: set[str] = set()
    texts: set[tuple[str, str]] = set()
    for path in LABELS.glob("*/*.yaml"):
        data = yaml.load(path.read_text(encoding="utf-8"))
        documents.add(data["document"])
        for item in data["items"]:
            texts.add(_key(item["text"], item))
    return documents, texts


def _sources() -> dict[str, str]:
    """Where each corpus document came from, as ``repository@commit:path`` (read once, not per document)."""
    yaml = YAML(typ="safe", pure=True)
    entries = yaml.load((ROOT / "tests" / "corpus" / "SOURCES.yaml").read_text(encoding="utf-8"))
    return {entry["file"]: f"{entry['repository']}@{entry['commit']}:{entry['path']}" for entry in entries}


def _spaced(items: list[Any], count: int) -> list[Any]:
    if count <= 0 or not items:
        return []
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def sample(
    split: str,
    out: Path,
    per_document: int,
    hints: int | None = None,
    corpus: Path = CORPUS,
    vendors: frozenset[str] = frozenset(),
) -> tuple[int, int]:
    documents, taken = _labelled()
    origins = _sources()
    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    written = described = 0
    for path in sorted(p for p in corpus.glob("*/*") if p.suffix in _SUFFIXES):
        document = str(path.relative_to(ROOT))
        if document in documents or (vendors and path.parent.name not in vendors):
            continue
        try:
            sources = load_texts(read_inputs([path]))
            merged = merge_documents(sources.documents)
        except SpecError:
            continue
        sites = []
        for site in walk(merged.document):
            if not (site.description and site.description.strip()):
                continue
            schema = dict(site.schema)
            key = _key(site.description, schema)
            if key in taken:
                continue
            taken.add(key)
            sites.append(site)
        if not sites:
            continue
        request = [s for s in sites if _REQUEST.search(s.pointer)]
        other = [s for s in sites if not _REQUEST.search(s.pointer)]
        n_request = min(len(request), max(1, (per_document * 3 + 3) // 4))
        picks = _spaced(request, n_request) + _spaced(other, per_document - n_request)
        rest = [s for s in sites if s not in picks and _HINT.search(s.description or "")]
        wanted = hints if hints is not None else max(1, per_document // 4)
        rare = [r for r in rest if _RARE.search(r.description or "")]
        extra = _spaced(rare, (wanted + 1) // 2)
        extra += _spaced([r for r in rest if r not in extra], wanted - len(extra))
        picks = sorted(picks + extra, key=sites.index)
        items = []
        for site in picks:
            schema = dict(site.schema)
            text = site.description or ""
            items.append(
                {
                    "pointer": site.pointer,
                    "description_pointer": site.description_pointer,
                    "object_pointer": site.object_pointer,
                    "name": site.name,
                    "type": schema.get("type"),
                    "format": schema.get("format"),
                    "lang": "zh" if re.search(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]", text) else "en",
                    "text": text,
                    "expect": {},
                    "explicit": [k for k in FAMILY_OF if k in schema],
                }
            )
        vendor = path.parent.name
        target = out / vendor / (path.stem + ".yaml")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:  # never overwrite somebody's labels
            yaml.dump(
                {
                    "document": document,
                    "source": origins.get(document, "unknown"),
                    "split": split,
                    "sampling": f"{len(items)} of {len(sites)} described sites after de-duplication; "
                    f"{n_request} request/parameter, {len(picks) - n_request - len(extra)} other, "
                    f"{len(extra)} more evenly spaced among sites whose wording hinted at a rule",
                    "items": items,
                },
                handle,
            )
        written += 1
        described += len(items)
    return written, described


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.extraction.sample", description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="fresh")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--per-document", type=int, default=4)
    parser.add_argument("--hints", type=int, default=None, help="extra picks per document among hinting sites")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="a folder of <vendor>/<document> files")
    parser.add_argument("--vendor", action="append", default=[], help="only this vendor folder (repeatable)")
    args = parser.parse_args(argv)
    documents, items = sample(
        args.split, args.out, args.per_document, args.hints, args.corpus.resolve(), frozenset(args.vendor)
    )
    print(f"{documents} documents, {items} descriptions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
