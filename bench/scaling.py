"""Benchmark 2: ``generate`` on synthetic specs of 10, 100 and 1,000 operations.

Each spec comes from ``bench.synth`` (prose constraints on every body
property). The whole ``generate`` process is timed; its peak RSS comes from
``wait4`` (the child itself, or ruff if that was larger). The scaling exponent
is the log-log slope of wall time between 100 and 1,000 operations (1.0 is
linear, 2.0 quadratic). Stock openapi-python-client runs on the same files as
a reference column; on 1,000 operations only once, and only if it finishes
within 120 s. Every run of ours is cold (a new output folder). The 1,000-operation spec runs once when that
takes over 15 s; with ``--quick`` it is stopped after 20 s (the figure is then
a lower bound) and stock is not run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ._util import Config, Row, RunResult, Section, child_env, fmt, log, loglog_slope, median, run_measured, tail
from .generation import ours_cmd, stock_cmd
from .synth import count_descriptions, synth_spec, write_spec

NUMBER = 2
TITLE = "Scaling with the number of operations (synthetic prose-constrained specs)"
SIZES = (10, 100, 1000)
STOCK_TIMEOUT = 120.0
OURS_TIMEOUT = 300.0
QUICK_OURS_TIMEOUT = 20.0  # --quick: enough to tell whether the 10 s goal is met, not how badly it is missed
SLOW_BIG = 15.0  # above this, the biggest spec runs once


def run(cfg: Config, tmp: Path) -> Section:
    section = Section(NUMBER, TITLE)
    specs = {n: write_spec(n, tmp / f"synth-{n}.yaml") for n in SIZES}
    counter = iter(range(10_000))
    ours_runs: dict[int, list[RunResult]] = {n: [] for n in SIZES}
    stock_runs: dict[int, list[RunResult]] = {n: [] for n in SIZES}
    stopped: dict[int, float] = {}  # size -> the time after which ours was stopped
    failures: list[str] = []
    cold = child_env()
    ours_timeout = QUICK_OURS_TIMEOUT if cfg.quick else OURS_TIMEOUT

    def ours(n: int) -> None:
        out = tmp / f"ours-{n}-{next(counter)}"
        result = run_measured(ours_cmd(out, specs[n]), env=cold, timeout=ours_timeout)
        shutil.rmtree(out, ignore_errors=True)
        if result.timed_out:
            stopped[n] = ours_timeout
            failures.append(f"Ours on {n:,} operations was stopped after {ours_timeout:.0f} s.")
        elif result.returncode != 0:
            failures.append(f"Ours on {n:,} operations: exit {result.returncode}: {tail(result.stderr, 4)}")
        else:
            ours_runs[n].append(result)

    def stock(n: int) -> None:
        out = tmp / f"stock-{n}-{next(counter)}"
        result = run_measured(stock_cmd(specs[n], out), timeout=STOCK_TIMEOUT)
        shutil.rmtree(out, ignore_errors=True)
        if result.timed_out:
            failures.append(f"Stock openapi-python-client on {n:,} operations: no result within {STOCK_TIMEOUT:.0f} s.")
        elif result.returncode != 0:
            failures.append(
                f"Stock openapi-python-client on {n:,} ops: exit {result.returncode}: {tail(result.stderr, 4)}"
            )
        else:
            stock_runs[n].append(result)

    rounds = cfg.reps(3, 1)
    log(f"2: warm-up, then {rounds} round(s) over {SIZES} operations" + ("" if cfg.quick else ", ours and stock"))
    ours(SIZES[0])  # warm-up: disk cache and .pyc files
    ours_runs[SIZES[0]].clear()
    for i in range(rounds):
        for n in SIZES if i % 2 == 0 else tuple(reversed(SIZES)):
            if n == SIZES[-1] and i > 0 and (n in stopped or not ours_runs[n] or ours_runs[n][0].wall > SLOW_BIG):
                continue  # one run of the biggest spec is all the time budget allows
            log(
                f"2: round {i + 1}: {n:,} operations"
                + (f" (stopped after {ours_timeout:.0f} s at most)" if n == SIZES[-1] else "")
            )
            ours(n)
            if cfg.quick:
                continue
            if n < SIZES[-1]:
                stock(n)
            elif i == 0:
                log(f"2: stock openapi-python-client on {n:,} operations (once, at most {STOCK_TIMEOUT:.0f} s)")
                stock(n)
    big = SIZES[-1]
    if ours_runs[big] and len(ours_runs[big]) == 1 and rounds > 1:
        section.notes.append(
            f"Ours took over {SLOW_BIG:.0f} s on {big:,} operations: one run only, to bound the run time."
        )

    def med(runs: dict[int, list[RunResult]], n: int, attr: str) -> float | None:
        values = [getattr(r, attr) for r in runs[n]]
        return median(values) if values else None

    def wall(n: int) -> float | None:
        return med(ours_runs, n, "wall") or stopped.get(n)

    stock_label = "stock openapi-python-client, same spec" if not cfg.quick else "stock: not run with --quick"
    for n in SIZES:
        descriptions = count_descriptions(synth_spec(n))
        row = Row(
            f"generate, {n:,} ops ({descriptions:,} descriptions), cold",
            "wall time",
            wall(n),
            "s",
            stock_label,
            med(stock_runs, n, "wall"),
            runs=len(ours_runs[n]) or (1 if n in stopped else 0),
        )
        if n in stopped and not ours_runs[n]:
            row.note = f"lower bound: stopped after {stopped[n]:.0f} s"
        if n == big:
            row.goal = "< 10 s"
            row.ok = bool(row.median is not None and row.median < 10.0)
        section.rows.append(row)
    for n in SIZES:
        if ours_runs[n]:
            section.rows.append(
                Row(
                    f"generate, {n:,} ops",
                    "peak RSS",
                    med(ours_runs, n, "maxrss_mib"),
                    "MiB",
                    stock_label,
                    med(stock_runs, n, "maxrss_mib"),
                    runs=len(ours_runs[n]),
                )
            )
    t10, t100, tbig = wall(10), wall(100), wall(big)
    if t100 and tbig:
        slope = loglog_slope(100, t100, big, tbig)
        s100, sbig = med(stock_runs, 100, "wall"), med(stock_runs, big, "wall")
        stock_slope = loglog_slope(100, s100, big, sbig) if s100 and sbig else None
        c100, cbig = med(ours_runs, 100, "cpu"), med(ours_runs, big, "cpu")
        notes = []
        bound = big in stopped and not ours_runs[big]
        if bound:
            notes.append("lower bound (the big run was stopped)")
        if c100 and cbig:
            notes.append(f"CPU-time exponent {loglog_slope(100, c100, big, cbig):.2f}")
        if t10:
            notes.append(f"10→100: {loglog_slope(10, t10, 100, t100):.2f}")
        section.rows.append(
            Row(
                f"scaling exponent 100→{big:,} ops",
                "log-log slope of wall time",
                slope,
                "",
                "stock openapi-python-client" if not cfg.quick else "",
                stock_slope,
                goal="≈ 1 (linear)",
                ok=None if bound else slope < 1.3,
                runs=len(ours_runs[big]),
                note="; ".join(notes),
            )
        )
        per_op = (tbig - t100) / (big - 100)
        at_least = "at least " if bound else ""
        section.notes.append(
            f"Marginal cost per operation ({100}→{big:,}): {at_least}{per_op * 1000:.1f} ms"
            + (f"; the 10-operation run (mostly fixed cost) takes {fmt(t10, 's')}" if t10 else "")
            + ". Cold: a new output folder each run."
        )
    from .profile import stage_summary

    n = 100 if cfg.quick else big
    log(f"2: stage timer on {n:,} operations (one extra run)")
    section.notes.append(
        f"Where the time goes on {n:,} operations, cold (stage timer, one extra run): "
        + stage_summary(["--spec", str(specs[n])], cold, tmp)
        + "."
    )
    section.notes.extend(failures)
    return section
