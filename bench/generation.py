"""Benchmark 1: ``generate`` on the bundled spec vs stock ``openapi-python-client generate``.

Both are timed as whole processes (interpreter start, imports, parsing,
rendering, ruff), interleaved round by round so that noise hits both alike.
Ours runs three ways: *rebuild* (over its previous output after the inputs
changed, as ``make generate`` after a spec edit: the stamp is dropped before
each run so everything is rebuilt), *cold* (a new output folder, as in CI or
a fresh clone) and *no-op* (inputs and generator unchanged: the stamp matches,
nothing is rebuilt).
Stock openapi-python-client reads the same API as one JSON file: the merged
spec of ``spec/`` (before our extraction and overlays), with its default post
hooks (``ruff check --fix-only``, ``ruff format``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ._util import (
    BIN_DIR,
    PYTHON,
    ROOT,
    Config,
    Row,
    RunResult,
    Section,
    child_env,
    log,
    median,
    run_measured,
    spread,
    tail,
)

NUMBER = 1
TITLE = "Generation, bundled spec (whole process)"


def write_merged_spec(path: Path, spec_dir: Path = ROOT / "spec") -> Path:
    """The bundled spec as one JSON document, as stock openapi-python-client wants it."""
    from generator.pipeline import augment_paths

    merged = augment_paths([spec_dir]).merged
    path.write_text(json.dumps(merged, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def drop_stamp(out: Path) -> Path:
    """Remove the stamp table from ``out/pyproject.toml``, so the next ``generate`` rebuilds everything."""
    pyproject = out / "pyproject.toml"
    if pyproject.is_file():
        text = pyproject.read_text(encoding="utf-8")
        pyproject.write_text(text.split("\n[tool.kling-codegen]\n", 1)[0] + "\n", encoding="utf-8")
    return out


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

    def rebuild() -> RunResult:
        drop_stamp(tmp / "ours")
        return checked(run_measured(ours_cmd(tmp / "ours")), "python -m generator generate")

    variants: dict[str, Callable[[], RunResult]] = {
        "warm": rebuild,
        "cold": lambda: checked(run_measured(ours_cmd(tmp / f"ours-cold-{next(counter)}")), "generate"),
        "noop": lambda: checked(run_measured(ours_cmd(tmp / "ours-noop")), "python -m generator generate"),
        "stock": lambda: checked(run_measured(stock_cmd(merged, tmp / "stock")), "openapi-python-client"),
    }
    log(f"1: warm-up, then {rounds} interleaved rounds of ours (rebuild, cold, no-op) vs stock openapi-python-client")
    for variant in variants.values():
        variant()
    runs: dict[str, list[RunResult]] = {name: [] for name in variants}
    names = list(variants)
    for i in range(rounds):
        for name in names if i % 2 == 0 else reversed(names):
            runs[name].append(variants[name]())

    def figure(name: str, attr: str) -> float:
        return median([getattr(r, attr) for r in runs[name]])

    walls = {name: [r.wall for r in rs] for name, rs in runs.items()}
    stock_label = "openapi-python-client generate"
    for name, label in (
        ("warm", "generate over previous output, inputs changed"),
        ("cold", "generate into a new folder"),
        ("noop", "generate, inputs unchanged (stamp matches: no work)"),
    ):
        paired = median([o / s for o, s in zip(walls[name], walls["stock"], strict=True)])
        ratio = figure(name, "wall") / figure("stock", "wall")
        section.rows.append(
            Row(
                f"{label} (bundled spec)",
                "wall time",
                figure(name, "wall"),
                "s",
                stock_label,
                figure("stock", "wall"),
                goal="≤ 1.0×",
                ok=ratio <= 1.0,
                runs=rounds,
                note=f"spread {spread(walls[name])} s vs {spread(walls['stock'])} s; median of paired ratios {paired:.2f}×",
            )
        )
    for attr, what, unit in (("cpu", "CPU time (user+sys, incl. ruff)", "s"), ("maxrss_mib", "peak RSS", "MiB")):
        section.rows.append(
            Row(
                "generate over previous output (bundled spec)",
                what,
                figure("warm", attr),
                unit,
                stock_label,
                figure("stock", attr),
                runs=rounds,
            )
        )
    from .profile import stage_summary

    section.notes.append(
        "Where a rebuild's time goes (stage timer, one extra run; plus interpreter start and ruff's own start-up): "
        + stage_summary(["--out", str(drop_stamp(tmp / "ours"))], child_env(), tmp)
        + "."
    )
    files = sum(1 for p in (tmp / "ours").rglob("*") if p.is_file())
    stock_files = sum(1 for p in (tmp / "stock").rglob("*") if p.is_file())
    section.notes.append(
        f"Ours writes {files} files (client, models, runtime, overlay, augmented spec, README, CHANGELOG); "
        f"stock writes {stock_files} (`--meta none`: the package only). Stock reads `merged.json` "
        "(the spec before extraction and the hand-written overlay) and overwrites its previous output "
        "(`--overwrite`), as the rebuild variant of ours does."
    )
    return section
