"""The generator's command line: drift check, determinism, exit codes, atomic output."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_committed_generated_tree_is_fresh() -> None:
    result = run("check")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def test_generating_twice_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert run("generate", "--out", str(first)).returncode == 0
    assert run("generate", "--out", str(second)).returncode == 0
    assert digest(first) == digest(second)
    # And regenerating in place changes nothing (the changelog and version are stable too).
    before = digest(first)
    assert run("generate", "--out", str(first)).returncode == 0
    assert digest(first) == before
    assert not any(str(tmp_path) in p.read_text(errors="replace") for p in first.rglob("*") if p.is_file())


def test_check_reports_stale_tree_with_diff(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    assert run("generate", "--out", str(out)).returncode == 0
    target = out / "kling_client" / "_client.py"
    target.write_text(target.read_text().replace("class Client", "class Klient", 1))
    result = run("check", "--out", str(out))
    assert result.returncode == 1
    assert "class Klient" in result.stdout and "class Client" in result.stdout and result.stdout.startswith("---")


def test_every_generated_file_has_header_with_hash(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    assert run("generate", "--out", str(out)).returncode == 0
    for path in out.rglob("*"):
        if path.is_file() and path.name != "py.typed":
            assert "DO NOT EDIT" in path.read_text().splitlines()[0], path


def test_extract_json_contract() -> None:
    result = run("extract", "spec", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(set(r) == {"pointer", "keyword", "value", "evidence", "rule"} for r in rows)
    assert all(r["pointer"].startswith("/paths/") for r in rows)


def test_lint_formats(tmp_path: Path) -> None:
    text = run("lint", "spec")
    assert text.returncode in (0, 1) and "example-mismatch" in text.stdout and "image_fidelity" in text.stdout
    data = json.loads(run("lint", "spec", "--format", "json").stdout)
    assert any(f["code"] == "missing-operation-id" and f["line"] for f in data)
    gh = run("lint", "spec", "--format", "github").stdout
    assert gh.startswith("::") and "file=spec/kling-image-generation.md,line=" in gh


@pytest.mark.parametrize("command", ["generate", "check", "extract", "lint"])
def test_bad_input_exit_2_with_file_line_and_nothing_written(tmp_path: Path, command: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.0.1\ninfo:\n  title: [unclosed\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("precious")
    (out / "pyproject.toml").write_text("[tool.kling-codegen]\n")  # as an earlier run left it
    args = [command, str(bad)] + (["--out", str(out)] if command in ("generate", "check") else [])
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{bad.relative_to(bad.anchor) if False else ''}") and ":" in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.split(":")[0].endswith("bad.yaml") and first.split(":")[1].isdigit()
    assert (out / "keep.txt").read_text() == "precious"
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "pyproject.toml"]


def test_repaired_page_warns_in_lint(tmp_path: Path) -> None:
    page = (
        (ROOT / "spec" / "kling-image-generation.md")
        .read_text()
        .replace(
            "description: Positive text prompts cannot exceed 2500 characters.",
            "description: Model name Enumeration value: kling-v1-6",
        )
    )
    broken = tmp_path / "broken.md"
    broken.write_text(page)
    line = next(i for i, ln in enumerate(page.splitlines(), 1) if "kling-v1-6" in ln)
    result = run("lint", str(broken))
    assert f"broken.md:{line}: warning:" in result.stdout and "yaml-repaired" in result.stdout


def test_package_name_option(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    assert run("generate", "--out", str(out), "--package-name", "acme_kling").returncode == 0
    assert (out / "acme_kling" / "__init__.py").exists() and not (out / "kling_client").exists()
    shutil.rmtree(out)
    assert run("generate", "--out", str(out), "--package-name", "bad-name").returncode == 2


def test_make_demo_runs_the_generated_cli_end_to_end() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "demo"], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "succeed" in result.stdout and "downloaded 2 file(s)" in result.stdout
    assert result.stdout.count(".png\n") >= 2


def test_the_demo_prints_a_line_that_works_when_pasted(tmp_path: Path) -> None:
    """``make demo`` ends with a shell line for ``make serve``'s fake server; pasted into a shell, it works."""
    import shlex

    from generator.fake_server import FakeKlingServer

    result = subprocess.run(
        [sys.executable, "-m", "generator", "demo"], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    line = result.stdout.rstrip("\n").splitlines()[-1].strip()
    assert "make serve" in result.stdout.splitlines()[-2]
    words = shlex.split(line)
    assert "a seaside at dawn" in words and words[0].startswith("CHAINHUB_API_KEY=")
    with FakeKlingServer(spec_path=ROOT / "generated" / "openapi.augmented.yaml") as server:
        pasted = line.replace("http://127.0.0.1:8765", server.base_url).replace("demo-images", str(tmp_path / "out"))
        shell = subprocess.run(["/bin/sh", "-c", pasted + " --poll-interval 0.05"], cwd=ROOT, capture_output=True,
                               text=True, check=False, timeout=120)  # fmt: skip
    assert shell.returncode == 0, shell.stderr
    assert len(list((tmp_path / "out").glob("*.png"))) == 2


@pytest.mark.parametrize("out", ["/", "~", "."])
def test_out_the_root_home_or_current_folder_is_refused_before_anything_reads_it(
    out: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import pipeline
    from generator.vocab.findings import OptionError

    def no_reading(*_args: object) -> object:
        raise AssertionError("the output folder was read before --out was checked")

    monkeypatch.setattr(pipeline, "is_current", no_reading)
    with pytest.raises(OptionError, match="root, home or current folder"):
        pipeline.generate(out=Path(out).expanduser())
    with pytest.raises(OptionError, match="root, home or current folder"):
        pipeline.check(out=Path(out).expanduser())
