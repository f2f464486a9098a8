"""Benchmark 6, A/B: the prose extractor at a git ref against the working tree, in one process.

``python -m bench.extraction_ab [REF] [--rounds N]`` (REF defaults to ``HEAD~1``) copies ``generator/``
as it is at REF into a temporary folder under another package name, so both extractors run in the same
interpreter on the same documents (benchmark 6's phrase corpus and labelled descriptions), alternating
which goes first each round. It prints the median time per description of each and their ratio: on a
shared, noisy machine that is steadier than two separate ``make bench`` runs. Timings only; nothing is
asserted.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

from ._util import ROOT, median
from .extraction import corpus_document, load_labelled, load_phrases


def _import_ref(ref: str, folder: Path) -> Any:
    """``generator/`` at ``ref`` as the package ``generator_ab``; it imports itself only relatively."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "generator"], capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    (folder / "generator").rename(folder / "generator_ab")
    sys.path.insert(0, str(folder))
    return importlib.import_module("generator_ab.augment.extract")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction_ab", description=__doc__.split("\n")[0])
    parser.add_argument("ref", nargs="?", default="HEAD~1")
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args(argv)
    from generator.augment.extract import extract_constraints as current
    from generator.vocab.sourcemap import SourceMap

    with tempfile.TemporaryDirectory() as tmp:
        reference = _import_ref(args.ref, Path(tmp)).extract_constraints
        documents = {
            "labelled real descriptions": corpus_document(load_labelled(), 2),
            "phrase corpus": corpus_document(load_phrases()[0], 8),
        }
        for label, document in documents.items():
            count = str(document).count("'description'")
            runs: dict[str, list[float]] = {"ref": [], "tree": []}
            pair = [("ref", reference), ("tree", current)]
            for fn in (reference, current):
                fn(document, SourceMap())  # warm-up
            for index in range(args.rounds):
                for name, fn in pair if index % 2 else pair[::-1]:
                    gc.collect()
                    start = time.perf_counter()
                    fn(document, SourceMap())
                    runs[name].append(time.perf_counter() - start)
            ref_us, tree_us = (median(runs[k]) / count * 1e6 for k in ("ref", "tree"))
            print(f"{label} ({count} descriptions): {args.ref} {ref_us:.1f} µs, working tree {tree_us:.1f} µs "
                  f"per description; tree/ref {tree_us / ref_us:.3f} (below 1: the tree is faster)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
