"""``make demo``: the generated CLI end to end against the local fake server.

Stage: tooling (not part of generation). Input: the generated package and its
augmented spec under ``generated/``. Output: the CLI's own output on the
terminal and the downloaded images in a temporary folder (removed afterwards).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .fake_server import FakeKlingServer

PROMPT = "a seaside at dawn"


def run_demo(generated: Path = Path("generated")) -> int:
    with FakeKlingServer(spec_path=generated / "openapi.augmented.yaml", api_keys=["demo-key"]) as server, \
            tempfile.TemporaryDirectory(prefix="kling-demo-") as out:
        env = {**os.environ, "CHAINHUB_API_KEY": "demo-key", "CHAINHUB_BASE_URL": server.base_url,
               "PYTHONPATH": str(generated.absolute())}
        command = [sys.executable, "-m", "kling_client", "generate", PROMPT, "--n", "2", "--aspect-ratio", "16:9",
                   "--wait", "--out", out]
        print("$ python " + " ".join(command[1:]), flush=True)
        result = subprocess.run(command, env=env, check=False)
        images = sorted(Path(out).iterdir())
        print(f"downloaded {len(images)} image(s): " + ", ".join(f"{p.name} ({p.stat().st_size} bytes)" for p in images))
        return result.returncode if images else 1


def main() -> int:
    return run_demo()


if __name__ == "__main__":
    sys.exit(main())
