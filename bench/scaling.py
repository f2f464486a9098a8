"""Benchmark 2: ``generate`` on synthetic specs of 10, 100 and 1,000 operations.

Each spec comes from ``bench.synth`` (prose constraints on every body
property). The whole ``generate`` process is timed; its peak RSS comes from
``wait4`` (the child itself, or ruff if that was larger). The scaling exponent
is the log-log slope of wall time between 100 and 1,000 operations (1.0 is
linear, 2.0 quadratic). Stock openapi-python-client runs on the same files as
a reference column; on 1,000 operations only once, and only if it finishes
within 120 s.
"""

from __future__ import annotations

from pathlib import Path

from ._util import Config, Row, RunResult, Section, fmt, log, loglog_slope, median, run_measured, tail
from .generation import ours_cmd, stock_cmd
from .synth import count_descriptions, synth_spec, write_spec

NUMBER = 2
TITLE = "Scaling with the number of operations (synthetic prose-constrained specs)"
SIZES = (10, 100, 1000)
STOCK_TIMEOUT = 120.0
OURS_TIMEOUT = 300.0


def run(cfg: Config, tmp: Path) -> Section:
    section = Section(NUMBER, TITLE)
    specs = {n: write_spec(n, tmp / f"synth-{n}.yaml") for n in SIZES}
    counter = iter(range(10_000))
    ours_runs: dict[int, list[RunResult]] = {n: [] for n in SIZES}
    stock_runs: dict[int, list[RunResult]] = {n: [] for n in SIZES}
    failures: list[str] = []

    def ours(n: int) -> None:
        result = run_measured(ours_cmd(tmp / f"ours-{n}-{next(counter)}", specs[n]), timeout=OURS_TIMEOUT)
        if result.returncode != 0 or result.timed_out:
            failures.append(
                f"ours on {n} ops: {'timed out' if result.timed_out else result.returncode}: {tail(result.stderr, 4)}"
            )
            return
        ours_runs[n].append(result)

    def stock(n: int) -> None:
        result = run_measured(stock_cmd(specs[n], tmp / f"stock-{n}-{next(counter)}"), timeout=STOCK_TIMEOUT)
        if result.timed_out:
            failures.append(f"stock openapi-python-client on {n} ops: no result within {STOCK_TIMEOUT:.0f} s")
            return
        if result.returncode != 0:
            failures.append(
                f"stock openapi-python-client on {n} ops: exit {result.returncode}: {tail(result.stderr, 4)}"
            )
            return
        stock_runs[n].append(result)

    rounds = cfg.reps(3, 1)
    log(f"2: warm-up, then {rounds} round(s) over {SIZES} operations, ours and stock interleaved")
    ours(SIZES[0])  # warm-up: disk cache and .pyc files
    ours_runs[SIZES[0]].clear()
    for i in range(rounds):
        for n in SIZES if i % 2 == 0 else tuple(reversed(SIZES)):
            log(f"2: round {i + 1}: {n} operations")
            ours(n)
            if n < 1000:
                stock(n)
            elif i == 0 and not cfg.quick:
                log(f"2: stock openapi-python-client on 1,000 operations (once, at most {STOCK_TIMEOUT:.0f} s)")
                stock(n)
        slow = ours_runs[1000] and ours_runs[1000][-1].wall > 60
        if slow and i + 1 < rounds:
            section.notes.append("Ours took over 60 s on 1,000 operations: one round only, to keep the run short.")
            break

    def med(runs: dict[int, list[RunResult]], n: int, attr: str) -> float | None:
        values = [getattr(r, attr) for r in runs[n]]
        return median(values) if values else None

    for n in SIZES:
        descriptions = count_descriptions(synth_spec(n))
        row = Row(
            f"generate, {n:,} ops ({descriptions:,} descriptions)",
            "wall time",
            med(ours_runs, n, "wall"),
            "s",
            "stock openapi-python-client, same spec",
            med(stock_runs, n, "wall"),
            runs=len(ours_runs[n]),
        )
        if n == 1000:
            row.goal = "< 10 s"
            row.ok = row.median is not None and row.median < 10.0
            if not stock_runs[n]:
                row.note = "stock: not run" if cfg.quick else "stock: no result (see notes)"
        section.rows.append(row)
    for n in SIZES:
        section.rows.append(
            Row(
                f"generate, {n:,} ops",
                "peak RSS",
                med(ours_runs, n, "maxrss_mib"),
                "MiB",
                "stock openapi-python-client, same spec",
                med(stock_runs, n, "maxrss_mib"),
                runs=len(ours_runs[n]),
            )
        )
    t100, t1000 = med(ours_runs, 100, "wall"), med(ours_runs, 1000, "wall")
    if t100 and t1000:
        slope = loglog_slope(100, t100, 1000, t1000)
        s100, s1000 = med(stock_runs, 100, "wall"), med(stock_runs, 1000, "wall")
        stock_slope = loglog_slope(100, s100, 1000, s1000) if s100 and s1000 else None
        c100, c1000 = med(ours_runs, 100, "cpu"), med(ours_runs, 1000, "cpu")
        cpu_note = f"CPU-time exponent {loglog_slope(100, c100, 1000, c1000):.2f}" if c100 and c1000 else ""
        section.rows.append(
            Row(
                "scaling exponent 100→1,000 ops",
                "log-log slope of wall time",
                slope,
                "",
                "stock openapi-python-client",
                stock_slope,
                goal="≈ 1 (linear)",
                ok=slope < 1.3,
                runs=len(ours_runs[1000]),
                note=cpu_note,
            )
        )
        per_op = (t1000 - t100) / 900 * 1000
        section.notes.append(
            f"Marginal cost per operation (100→1,000): {per_op:.1f} ms; fixed cost (extrapolated to 0 ops): "
            f"{fmt(t100 - per_op * 100 / 1000, 's')}."
        )
    section.notes.extend(failures)
    return section
