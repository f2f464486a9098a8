"""Which environment variable the generated client reads its key from: a spec may not pick any secret.

The client sends that variable's value as a bearer token to the spec's server, so a spec naming
``AWS_SECRET_ACCESS_KEY`` would ship a cloud secret to whoever wrote the spec. The rule
(``generator.build.api_key_env``): the generator's ``--api-key-env`` wins; else the spec's
``x-codegen-api-key-env`` is used only when it ends in ``_API_KEY``; else ``<PACKAGE>_API_KEY``, with a
lint error ``api-key-env-refused``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import api_key_env

ROOT = Path(__file__).resolve().parents[2]
OVERLAY = "kling-profile.overlay.yaml"


@pytest.mark.parametrize("name", ["CHAINHUB_API_KEY", "KLING_API_KEY", "A_API_KEY"])
def test_a_spec_may_name_an_api_key_variable(name: str) -> None:
    assert api_key_env({"x-codegen-api-key-env": name}, "kling_client", None) == (name, [])


@pytest.mark.parametrize(
    "name", ["AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "chainhub_api_key", "API_KEY", "X_API_KEY_2", "", 5, None]
)
def test_a_spec_may_not_choose_any_other_secret(name: object) -> None:
    document = {"x-codegen-api-key-env": name}
    chosen, findings = api_key_env(document, "kling_client", None)
    assert chosen == "KLING_API_KEY"
    if name is None:
        assert findings == []  # the spec said nothing: the default, silently
    else:
        assert [(f.level, f.code, f.pointer) for f in findings] == [
            ("error", "api-key-env-refused", "/x-codegen-api-key-env")
        ]


def test_the_generator_option_wins() -> None:
    assert api_key_env({"x-codegen-api-key-env": "AWS_SECRET_ACCESS_KEY"}, "kling_client", "MY_KEY") == ("MY_KEY", [])


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip


def test_a_hostile_spec_gets_the_package_default_and_a_lint_error(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", spec)
    overlay = spec / OVERLAY
    text = overlay.read_text()
    assert "x-codegen-api-key-env: CHAINHUB_API_KEY" in text
    overlay.write_text(
        text.replace("x-codegen-api-key-env: CHAINHUB_API_KEY", "x-codegen-api-key-env: AWS_SECRET_ACCESS_KEY")
    )

    lint = _run("lint", "--format", "json", str(spec))
    assert lint.returncode == 1, lint.stderr
    assert "api-key-env-refused" in {row["code"] for row in json.loads(lint.stdout)}

    out = tmp_path / "out"
    assert _run("generate", "--out", str(out), str(spec)).returncode == 0
    client = (out / "kling_client" / "_client.py").read_text()
    assert 'api_key_env: ClassVar[str] = "KLING_API_KEY"' in client
    assert "AWS_SECRET_ACCESS_KEY" not in client

    chosen = tmp_path / "chosen"
    assert _run("generate", "--out", str(chosen), "--api-key-env", "CHAINHUB_API_KEY", str(spec)).returncode == 0
    assert 'api_key_env: ClassVar[str] = "CHAINHUB_API_KEY"' in (chosen / "kling_client" / "_client.py").read_text()
