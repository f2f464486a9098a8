"""Benchmark 1: ``generate`` on the bundled spec vs stock ``openapi-python-client generate``.

Both are timed as whole processes (interpreter start, imports, parsing,
rendering, ruff), interleaved round by round so that noise hits both alike.
Stock openapi-python-client reads the same API as one JSON file: the merged
spec of ``spec/`` (before our extraction and overlays), with its default post
hooks (``ruff check --fix-only``, ``ruff format``).
"""

from __future__ import annotations

import json
from pathlib import Path

from ._util import BIN_DIR, PYTHON, ROOT, Config, Row, RunResult, Section, log, median, run_measured, spread, tail

NUMBER = 1
TITLE = "Generation, bundled spec (whole process)"


def write_merged_spec(path: Path, spec_dir: Path = ROOT / "spec") -> Path:
    """The bundled spec as one JSON document, as stock openapi-python-client wants it."""
    from generator.pipeline import augment_paths

    merged = augment_paths([spec_dir]).merged
    path.write_text(json.dumps(merged, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def ours_cmd(out: Path, *specs: Path) -> list[str]:
    return [PYTHON, "-m", "generator", "generate", *map(str, specs), "--out", str(out)]


def stock_cmd(spec: Path, out: Path) -> list[str]:
    return [
        str(BIN_DIR / "openapi-python-client"),
        "generate",
        "--path",
        str(spec),
        "--meta",
        "none",
        "--output-path",
        str(out),
        "--overwrite",
    ]


def checked(result: RunResult, what: str) -> RunResult:
    if result.returncode != 0 or result.timed_out:
        why = "timed out" if result.timed_out else f"exit {result.returncode}"
        raise RuntimeError(f"{what} failed ({why}):\n{tail(result.stderr or result.stdout)}")
    return result


def run(cfg: Config, tmp: Path) -> Section:
    section = Section(NUMBER, TITLE)
    rounds = cfg.reps(7, 3)
    merged = write_merged_spec(tmp / "merged.json")
    counter = iter(range(10_000))

    def ours() -> RunResult:
        return checked(run_measured(ours_cmd(tmp / f"ours-{next(counter)}")), "python -m generator generate")

    def stock() -> RunResult:
        return checked(run_measured(stock_cmd(merged, tmp / f"stock-{next(counter)}")), "openapi-python-client")

    log(f"1: warm-up, then {rounds} interleaved rounds of ours vs stock openapi-python-client")
    ours()
    stock()
    runs: dict[str, list[RunResult]] = {"ours": [], "stock": []}
    for i in range(rounds):
        order = ("ours", "stock") if i % 2 == 0 else ("stock", "ours")
        for name in order:
            runs[name].append(ours() if name == "ours" else stock())

    def figure(name: str, attr: str) -> float:
        return median([getattr(r, attr) for r in runs[name]])

    walls = {name: [r.wall for r in rs] for name, rs in runs.items()}
    paired = median([o / s for o, s in zip(walls["ours"], walls["stock"], strict=True)])
    wall_ratio = figure("ours", "wall") / figure("stock", "wall")
    section.rows.append(
        Row(
            "generate (bundled spec)",
            "wall time",
            figure("ours", "wall"),
            "s",
            "openapi-python-client generate",
            figure("stock", "wall"),
            goal="≤ 1.0×",
            ok=wall_ratio <= 1.0,
            runs=rounds,
            note=f"spread ours {spread(walls['ours'])} s, stock {spread(walls['stock'])} s; median of paired ratios {paired:.2f}×",
        )
    )
    section.rows.append(
        Row(
            "generate (bundled spec)",
            "CPU time (user+sys, incl. ruff)",
            figure("ours", "cpu"),
            "s",
            "openapi-python-client generate",
            figure("stock", "cpu"),
            runs=rounds,
        )
    )
    section.rows.append(
        Row(
            "generate (bundled spec)",
            "peak RSS",
            figure("ours", "maxrss_mib"),
            "MiB",
            "openapi-python-client generate",
            figure("stock", "maxrss_mib"),
            runs=rounds,
        )
    )
    files = sum(1 for p in (tmp / "ours-0").rglob("*") if p.is_file())
    stock_files = sum(1 for p in (tmp / "stock-1").rglob("*") if p.is_file())
    section.notes.append(
        f"Ours writes {files} files (client, models, runtime, overlay, augmented spec, README, CHANGELOG); "
        f"stock writes {stock_files} (`--meta none`: the package only). Stock reads `merged.json` "
        "(the spec before extraction and the hand-written overlay)."
    )
    return section
