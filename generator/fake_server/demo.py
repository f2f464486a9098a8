"""``make demo``: the generated client's CLI end to end against the fake server.

Stage: tooling beside the pipeline. Input: a generated package folder (its
augmented spec and package). Output: a ``DemoRun``: the command that ran, its
exit code, what it printed and the files it downloaded (into a temporary
folder that is removed afterwards). The generator's CLI prints it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import attrs

from .http import FakeKlingServer

PROMPT = "a seaside at dawn"
ARGUMENTS = ("generate", PROMPT, "--n", "2", "--aspect-ratio", "16:9", "--wait")


@attrs.frozen(kw_only=True)
class DemoRun:
    command: tuple[str, ...]
    environment: tuple[tuple[str, str], ...]  # what the command ran with, beside os.environ
    returncode: int
    output: str
    downloaded: tuple[tuple[str, int], ...]  # file name, size in bytes


def run_demo(generated: Path, package: str = "kling_client") -> DemoRun:
    with (
        FakeKlingServer(spec_path=generated / "openapi.augmented.yaml", api_keys=["demo-key"]) as server,
        tempfile.TemporaryDirectory(prefix="kling-demo-") as out,
    ):
        extra = (
            ("CHAINHUB_API_KEY", "demo-key"),
            ("CHAINHUB_BASE_URL", server.base_url),
            ("PYTHONPATH", str(generated.absolute())),
        )
        command = (sys.executable, "-m", package, *ARGUMENTS, "--out", out)
        result = subprocess.run(command, env={**os.environ, **dict(extra)}, check=False, capture_output=True,
                                text=True)  # fmt: skip
        files = tuple((p.name, p.stat().st_size) for p in sorted(Path(out).iterdir()))
        return DemoRun(command=command, environment=extra, returncode=result.returncode,
                       output=result.stdout + result.stderr, downloaded=files)  # fmt: skip


def pasteable(generated: Path, package: str = "kling_client", port: int = 8765) -> str:
    """The same run as one shell line, for the fake server ``make serve`` starts (any key is accepted)."""
    import shlex

    python = os.path.relpath(sys.executable) if Path(sys.executable).is_relative_to(Path.cwd()) else sys.executable
    words = ["CHAINHUB_API_KEY=demo-key", f"CHAINHUB_BASE_URL=http://127.0.0.1:{port}",
             f"PYTHONPATH={shlex.quote(str(generated))}", python, "-m", package, *map(shlex.quote, ARGUMENTS),
             "--out", "demo-images"]  # fmt: skip
    return " ".join(words)
