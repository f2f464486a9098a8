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


@attrs.frozen(kw_only=True)
class DemoRun:
    command: tuple[str, ...]
    returncode: int
    output: str
    downloaded: tuple[tuple[str, int], ...]  # file name, size in bytes


def run_demo(generated: Path, package: str = "kling_client") -> DemoRun:
    with (
        FakeKlingServer(spec_path=generated / "openapi.augmented.yaml", api_keys=["demo-key"]) as server,
        tempfile.TemporaryDirectory(prefix="kling-demo-") as out,
    ):
        env = {
            **os.environ,
            "CHAINHUB_API_KEY": "demo-key",
            "CHAINHUB_BASE_URL": server.base_url,
            "PYTHONPATH": str(generated.absolute()),
        }
        command = (sys.executable, "-m", package, "generate", PROMPT, "--n", "2", "--aspect-ratio", "16:9",
                   "--wait", "--out", out)  # fmt: skip
        result = subprocess.run(command, env=env, check=False, capture_output=True, text=True)
        files = tuple((p.name, p.stat().st_size) for p in sorted(Path(out).iterdir()))
        return DemoRun(
            command=command, returncode=result.returncode, output=result.stdout + result.stderr, downloaded=files
        )
