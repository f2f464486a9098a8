"""Benchmark 3: ``python -m generator check`` on the bundled spec (the pre-commit path).

The output folder is generated once by this benchmark (so ``check`` finds it
up to date, exit 0, as in a clean pre-commit run, whatever the state of the
repository's own ``generated/``), then ``check`` is timed as a whole process,
interleaved with a bare ``python -c pass``: the floor any Python hook pays.
Two ways: the stamp matches (the usual case: nothing is rebuilt), and the
stamp does not (after a generator change: rebuild everything, then compare).
"""

from __future__ import annotations

from pathlib import Path

from ._util import PYTHON, Config, Row, RunResult, Section, log, median, run_measured, spread
from .generation import checked, drop_stamp, ours_cmd

NUMBER = 3
TITLE = "`check` on the bundled spec (pre-commit path)"


def check_cmd(out: Path) -> list[str]:
    return [PYTHON, "-m", "generator", "check", "--out", str(out)]


def run(cfg: Config, tmp: Path) -> Section:
    section = Section(NUMBER, TITLE)
    out = tmp / "generated"
    checked(run_measured(ours_cmd(out)), "python -m generator generate")
    rounds = cfg.reps(9, 3)
    log(f"3: warm-up, then {rounds} interleaved rounds of check vs bare interpreter start")
    stale = tmp / "generated-unstamped"
    checked(run_measured(ours_cmd(stale)), "python -m generator generate")
    drop_stamp(stale)
    runs: dict[str, list[RunResult]] = {"check": [], "floor": [], "rebuild": []}
    codes: set[int] = set()

    def one(name: str) -> None:
        command = {"check": check_cmd(out), "rebuild": check_cmd(stale), "floor": [PYTHON, "-c", "pass"]}[name]
        result = run_measured(command)
        if name == "check":
            codes.add(result.returncode)
        if name != "floor" and result.returncode not in (0, 1):
            checked(result, "python -m generator check")
        runs[name].append(result)

    one("check")
    runs["check"].clear()
    for i in range(rounds):
        for name in ("check", "floor", "rebuild") if i % 2 == 0 else ("rebuild", "floor", "check"):
            one(name)
    walls = [r.wall for r in runs["check"]]
    t = median(walls)
    section.rows.append(
        Row(
            "check (bundled spec, up to date)",
            "wall time",
            t,
            "s",
            "`python -c pass` (interpreter start)",
            median([r.wall for r in runs["floor"]]),
            goal="< 1 s",
            ok=t < 1.0,
            runs=rounds,
            note=f"spread {spread(walls)} s; exit code(s) {sorted(codes)}",
        )
    )
    section.rows.append(
        Row(
            "check (bundled spec, stamp stale: rebuild and compare)",
            "wall time",
            median([r.wall for r in runs["rebuild"]]),
            "s",
            "`python -c pass` (interpreter start)",
            median([r.wall for r in runs["floor"]]),
            runs=rounds,
            note="exit 1: the missing stamp line is the difference",
        )
    )
    section.rows.append(
        Row(
            "check (bundled spec, up to date)",
            "CPU time (user+sys, incl. ruff)",
            median([r.cpu for r in runs["check"]]),
            "s",
            "`python -c pass`",
            median([r.cpu for r in runs["floor"]]),
            runs=rounds,
        )
    )
    if codes != {0}:
        section.notes.append(
            "`check` reported the freshly generated folder as stale (exit 1): generation is not deterministic."
        )
    return section
