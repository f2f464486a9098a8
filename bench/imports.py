"""Benchmark 5: import time of the generated package vs ``import httpx``.

Two measurements, both in fresh subprocesses, the package being a
byte-compiled copy of ``generated/kling_client`` (as an installed wheel would
be):

* wall time of ``python -c "import X"`` minus ``python -c pass``, interleaved,
  medians of the per-round differences;
* ``python -X importtime``: the cumulative time of the top-level import, and
  (for kling_client) the part not spent importing httpx, plus the modules with
  the largest self time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from ._util import PYTHON, Config, Row, Section, child_env, log, median, run_measured, spread
from .client import copy_generated_package

NUMBER = 5
TITLE = "Import time of the generated package"
_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)\s*$")


def parse_importtime(stderr: str) -> list[tuple[int, int, int, str]]:
    """(self µs, cumulative µs, depth, module) per line of ``-X importtime``."""
    rows = []
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if match:
            rows.append((int(match[1]), int(match[2]), len(match[3]) // 2, match[4]))
    return rows


def _cumulative(rows: list[tuple[int, int, int, str]], module: str) -> int:
    return max((cum for _, cum, _, name in rows if name == module), default=0)


def run(cfg: Config, tmp: Path) -> Section:
    section = Section(NUMBER, TITLE)
    site = copy_generated_package(tmp)
    env = child_env(pythonpath=[site])
    commands = {
        "floor": [PYTHON, "-c", "pass"],
        "httpx": [PYTHON, "-c", "import httpx"],
        "kling_client": [PYTHON, "-c", "import kling_client"],
    }
    rounds = cfg.reps(15, 5)
    log(f"5: {rounds} interleaved rounds of bare start / import httpx / import kling_client")
    walls: dict[str, list[float]] = defaultdict(list)
    for cmd in commands.values():  # warm-up
        run_measured(cmd, env=env)
    names = list(commands)
    for i in range(rounds):
        for name in names if i % 2 == 0 else reversed(names):
            result = run_measured(commands[name], env=env)
            if result.returncode != 0:
                raise RuntimeError(f"{commands[name]} failed: {result.stderr[-2000:]}")
            walls[name].append(result.wall * 1000)
    extra = {
        name: [w - f for w, f in zip(walls[name], walls["floor"], strict=True)] for name in ("httpx", "kling_client")
    }
    section.rows.append(
        Row(
            "import kling_client",
            "wall time minus bare start",
            median(extra["kling_client"]),
            "ms",
            "import httpx, same way",
            median(extra["httpx"]),
            runs=rounds,
            note=f"bare start {median(walls['floor']):.1f} ms; spread kling_client {spread(extra['kling_client'])} ms, "
            f"httpx {spread(extra['httpx'])} ms",
        )
    )

    importtime: dict[str, list[list[tuple[int, int, int, str]]]] = defaultdict(list)
    for i in range(rounds):
        for name in ("httpx", "kling_client") if i % 2 == 0 else ("kling_client", "httpx"):
            result = run_measured([PYTHON, "-X", "importtime", *commands[name][1:]], env=env)
            importtime[name].append(parse_importtime(result.stderr))
    ours_cum = [_cumulative(rows, "kling_client") / 1000 for rows in importtime["kling_client"]]
    httpx_cum = [_cumulative(rows, "httpx") / 1000 for rows in importtime["httpx"]]
    own = [
        (_cumulative(rows, "kling_client") - _cumulative(rows, "httpx")) / 1000 for rows in importtime["kling_client"]
    ]
    section.rows.append(
        Row(
            "import kling_client",
            "-X importtime cumulative",
            median(ours_cum),
            "ms",
            "import httpx, -X importtime cumulative",
            median(httpx_cum),
            runs=rounds,
            note=f"of which not httpx: {median(own):.1f} ms",
        )
    )
    # Which modules cost the most when importing kling_client (median self time over the runs).
    selfs: dict[str, list[int]] = defaultdict(list)
    for rows in importtime["kling_client"]:
        for self_us, _, _, name in rows:
            selfs[name].append(self_us)
    top = sorted(((median(v), k) for k, v in selfs.items()), reverse=True)[:8]
    section.notes.append(
        "Largest self times importing kling_client (-X importtime, median): "
        + ", ".join(f"`{name}` {us / 1000:.1f} ms" for us, name in top)
        + "."
    )
    generated = sorted(((median(v), k) for k, v in selfs.items() if k.startswith("kling_client")), reverse=True)
    section.notes.append(
        f"kling_client's own modules: {len(generated)}, self time "
        f"{sum(us for us, _ in generated) / 1000:.1f} ms in all; largest "
        + ", ".join(f"`{name}` {us / 1000:.1f} ms" for us, name in generated[:4])
        + "."
    )
    return section
