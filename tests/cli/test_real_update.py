"""Plays a real spec update in a copy of the repository: check, generate, check, diff git:HEAD."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OLD = "Positive text prompts cannot exceed 2500 characters."
NEW = "Positive text prompts cannot exceed 2000 characters."


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True, capture_output=True
    )


def _gen(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=repo, capture_output=True, text=True, check=False
    )


def test_spec_update_round_trip(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", repo / "pyproject.toml")
    for name in ("generator", "templates", "spec", "generated"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", ".*_cache"))
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")

    assert _gen(repo, "check").returncode == 0
    pyproject = repo / "generated" / "pyproject.toml"
    before = next(ln for ln in pyproject.read_text().splitlines() if ln.startswith("version = "))
    major = int(before.split('"')[1].split(".")[0])
    page = repo / "spec" / "kling-image-generation.md"
    text = page.read_text()
    assert OLD in text
    page.write_text(text.replace(OLD, NEW))

    stale = _gen(repo, "check")
    assert stale.returncode == 1
    assert "-    maxLength: 2500" in stale.stdout or "maxLength=2500" in stale.stdout
    assert "2000" in stale.stdout

    assert _gen(repo, "generate").returncode == 0
    assert _gen(repo, "check").returncode == 0
    client_model = (repo / "generated" / "kling_client" / "models" / "image_generation_request.py").read_text()
    assert "value=2000" in client_model and NEW in client_model
    changelog = (repo / "generated" / "CHANGELOG.md").read_text()
    expected = f"{major + 1}.0.0"  # a tightened request limit is ERR: a major bump
    assert f'version = "{expected}"' in pyproject.read_text()
    entry = changelog.split(f"## {expected}", 1)[1].split("\n## ", 1)[0]
    assert "### Breaking" in entry and "request-property-max-length-decreased" in entry and "prompt" in entry

    diff = _gen(repo, "diff", "git:HEAD", "--format", "json", "--fail-on", "ERR")
    assert diff.returncode == 1, diff.stderr
    changes = json.loads(diff.stdout)
    hits = [c for c in changes if c["id"] == "request-property-max-length-decreased"]
    assert len(hits) == 1 and hits[0]["level"] == "ERR"
    assert hits[0]["operation"] == "POST /kling/v1/images/generations" and hits[0]["pointer"].endswith("/prompt")
    clean = _gen(repo, "diff", "git:HEAD", "git:HEAD", "--fail-on", "ERR")
    assert clean.returncode == 0
