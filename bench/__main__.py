"""``python -m bench [--quick] [--only N[,N...]] [--output PATH]``: run the benchmarks, print and save the table."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from . import check, client, extraction, fake_server_load, generation, imports, large, scaling
from ._util import BENCH_DIR, Config, Section, fmt, log, machine_details

BENCHMARKS: tuple[ModuleType, ...] = (
    generation,
    scaling,
    check,
    client,
    imports,
    extraction,
    fake_server_load,
    large,
)


def _only(text: str) -> set[int]:
    numbers = {int(part) for part in text.replace(" ", "").split(",") if part}
    known = {b.NUMBER for b in BENCHMARKS}
    if not numbers or not numbers <= known:
        raise argparse.ArgumentTypeError(f"--only takes benchmark numbers from {sorted(known)}")
    return numbers


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (about a minute)")
    parser.add_argument("--only", type=_only, default=None, metavar="N[,N]", help="run only these benchmarks")
    parser.add_argument("--output", type=Path, default=BENCH_DIR / "RESULTS.md", help="markdown file to write")
    parser.add_argument("--no-save", action="store_true", help="print only")
    parser.add_argument("--keep-tmp", action="store_true", help="keep the temporary folder (outputs, specs)")
    return parser


def _ratio(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}×" if value < 10 else f"{value:.1f}×"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(sections: list[Section], *, quick: bool, elapsed: float, started: str) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"`python -m bench{' --quick' if quick else ''}`, {started}, {elapsed:.0f} s in all. "
        "Every figure is the median of the runs counted in *n* (requests for per-request figures); "
        "*ratio* is figure ÷ baseline, both measured in the same run, interleaved. For throughput "
        "(/s) higher is better; for everything else lower is better.",
        "",
        "| # | benchmark | figure | median | baseline | baseline median | ratio | goal | met | n | notes |",
        "|---|---|---|---:|---|---:|---:|---|---|---:|---|",
    ]
    for section in sections:
        if section.error:
            lines.append(f"| {section.number} | {_cell(section.title)} | **failed** | | | | | | ✗ | | see below |")
        for row in section.rows:
            met = "" if row.ok is None else ("✓" if row.ok else "✗")
            lines.append(
                "| "
                + " | ".join(
                    [
                        str(section.number),
                        _cell(row.bench),
                        _cell(row.figure),
                        fmt(row.median, row.unit),
                        _cell(row.baseline),
                        fmt(row.baseline_median, row.unit) if row.baseline else "",
                        _ratio(row.ratio) if row.baseline else "",
                        _cell(row.goal),
                        met,
                        str(row.runs or ""),
                        _cell(row.note),
                    ]
                )
                + " |"
            )
    lines += ["", "## Notes", ""]
    for section in sections:
        if not section.notes and not section.error:
            continue
        lines.append(f"**{section.number}. {section.title}**")
        lines.append("")
        lines.extend(f"- {_cell(note)}" for note in section.notes)
        if section.error:
            lines += ["", "```", section.error.strip(), "```"]
        lines.append("")
    lines += ["## Machine", "", "| | |", "|---|---|"]
    lines.extend(f"| {key} | {_cell(value)} |" for key, value in machine_details())
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    cfg = Config(quick=args.quick)
    selected = [b for b in BENCHMARKS if args.only is None or b.NUMBER in args.only]
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    t0 = time.perf_counter()
    sections: list[Section] = []
    # Outputs go where a user's repository lives (this checkout's disk), not the system temp folder: on
    # this machine /tmp sits behind a much slower file system than the work tree, for ours and stock alike.
    work = Path(__file__).resolve().parent / ".work"
    work.mkdir(exist_ok=True)
    tmp_root = Path(tempfile.mkdtemp(prefix="run-", dir=work))
    # A private XDG cache: runs do not depend on, nor fill, the developer's ~/.cache (ruff, mypy).
    os.environ["XDG_CACHE_HOME"] = str(tmp_root / "xdg")
    try:
        for bench in selected:
            folder = tmp_root / f"b{bench.NUMBER}"
            folder.mkdir()
            log(f"{bench.NUMBER}. {bench.TITLE}")
            t = time.perf_counter()
            try:
                sections.append(bench.run(cfg, folder))
            except Exception:
                sections.append(Section(bench.NUMBER, bench.TITLE, error=traceback.format_exc(limit=6)))
            log(f"{bench.NUMBER}. done in {time.perf_counter() - t:.1f} s")
    finally:
        if args.keep_tmp:
            log(f"kept {tmp_root}")
        else:
            import shutil

            shutil.rmtree(tmp_root, ignore_errors=True)
    text = render(sections, quick=cfg.quick, elapsed=time.perf_counter() - t0, started=started)
    sys.stdout.write(text)
    if not args.no_save:
        args.output.write_text(text, encoding="utf-8")
        log(f"saved {args.output}")
    return 1 if any(s.error for s in sections) else 0


if __name__ == "__main__":
    sys.exit(main())
