"""What a type checker tells users of the generated clients: the README examples pass ``mypy --strict``;
a bad enum value, a misspelt option and a misspelt argument are caught before anything runs.

One ``mypy --strict`` run per check, over scripts written to a temporary folder, with both committed
clients on the path (``MYPYPATH``), as a user's CI would run it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.kling_testkit import GENERATED, ROOT

FAMILY = ROOT / "examples" / "kling-family" / "generated"
READMES = (GENERATED / "README.md", FAMILY / "README.md")
ALL_READMES = (*READMES, ROOT / "README.md")


def _mypy(scripts: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    for name, code in scripts.items():
        (tmp_path / name).write_text(code, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": os.pathsep.join((str(GENERATED), str(FAMILY)))}
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
         "--config-file", os.devnull, *sorted(scripts)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def _python_blocks(readme: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_every_readme_python_block_passes_mypy_strict(tmp_path: Path) -> None:
    scripts = {
        f"readme{number}_{index}.py": block
        for number, readme in enumerate(ALL_READMES)
        for index, block in enumerate(_python_blocks(readme))
    }
    assert len(scripts) >= 4, "each README should show configuration and a typed example"
    assert any("task_result" in code and "for item in" in code for code in scripts.values())
    result = _mypy(scripts, tmp_path)
    assert result.returncode == 0, result.stdout


BAD_USER_SCRIPT = """
from kling_client import Client

with Client(max_retry=3) as client:
    client.images.generate(model_name="kling-v9", prompt="a fox", n=1)
    client.images.generate(model_name="kling-v1", prompt="a fox", n=1, aspect_ratio="5:4")
    client.images.generate(model_name="kling-v1", promt="a fox", n=1)
"""


def test_mypy_rejects_a_bad_enum_value_and_misspelt_names(tmp_path: Path) -> None:
    result = _mypy({"user.py": BAD_USER_SCRIPT}, tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    by_line = {int(line.split(":")[1]): line for line in errors}
    assert 'Unexpected keyword argument "max_retry"' in by_line[4], errors
    assert "'kling-v9'" in by_line[5] and '"model_name"' in by_line[5], errors
    assert "'5:4'" in by_line[6] and '"aspect_ratio"' in by_line[6], errors
    assert 'Unexpected keyword argument "promt"' in by_line[7], errors


@pytest.mark.parametrize("readme", READMES, ids=["kling_client", "kling_family"])
def test_readmes_say_how_to_install_vendor_and_test_locally(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    assert "pip install" in text and "vendor" in text.lower()
    assert "CHAINHUB_BASE_URL" in text and "python -m generator serve" in text
