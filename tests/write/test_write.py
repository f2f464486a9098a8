"""Stage 7, write: the stamp (nothing to do when nothing changed), formatting, and which files an edit rewrites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.vocab.findings import SpecError
from generator.write import Stamp, formatted_files, is_current, read_tree, safe_relative, stamp_files
from generator.write.stamp import output_digest, read_stamp
from tests.kling_testkit import ROOT

SEED = ROOT / "spec"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("write") / "out"
    result = pipeline.generate([SEED], out)
    assert not result.up_to_date and result.files
    return out


def test_a_second_generate_does_no_work(built: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file()}
    again = pipeline.generate([SEED], built)
    assert again.up_to_date and again.files == {}
    assert {p: p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file()} == before
    check = pipeline.check([SEED], built)
    assert check.up_to_date and not check.rebuilt


def test_a_hand_edit_is_not_mistaken_for_a_fresh_tree(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    target = copy / "kling_client" / "_client.py"
    target.write_text(target.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    check = pipeline.check([SEED], copy)
    assert not check.up_to_date and check.rebuilt and "+# hand edit" not in check.diff and "-# hand edit" in check.diff


def test_other_options_are_other_inputs(built: Path) -> None:
    result = pipeline.build([SEED], built, "other_client")
    assert not result.up_to_date


def test_stamp_round_trips_and_covers_every_other_byte() -> None:
    files = {"pyproject.toml": '[project]\nname = "x"\n', "a.py": "x = 1\n"}
    stamp = Stamp(inputs="i" * 32, generator="g" * 32)
    stamped = stamp_files(files, stamp)
    recorded = read_stamp(stamped["pyproject.toml"])
    assert recorded == (stamp, output_digest(files))
    assert output_digest(stamped) == output_digest(files)  # the stamp table itself is not part of the digest
    assert output_digest({**files, "a.py": "x = 2\n"}) != output_digest(files)
    assert stamp_files(stamped, stamp) == stamped  # re-stamping replaces, never appends


def test_is_current_is_false_for_missing_or_unstamped_folders(tmp_path: Path) -> None:
    stamp = Stamp(inputs="a", generator="b")
    assert not is_current(tmp_path / "missing", stamp)
    (tmp_path / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    assert not is_current(tmp_path, stamp)


@pytest.mark.parametrize("path", ["../x", "/etc/passwd", "a/../../b", "a\\b", "", "a/./b", "a\x00b"])
def test_no_path_leaves_the_output_folder(path: str) -> None:
    with pytest.raises(SpecError):
        safe_relative(path)


def test_formatting_is_ruff_and_deterministic() -> None:
    files = {"m.py": "import os\nimport sys\nx=[1,\n2]\nprint(sys.argv)\n"}
    once = formatted_files(files)
    assert once == {"m.py": "import sys\n\nx = [1, 2]\nprint(sys.argv)\n"}
    assert formatted_files(once) == once


def test_a_one_number_prose_edit_rewrites_few_files(built: Path, tmp_path: Path) -> None:
    """2500 -> 2400 characters in the seed page: only the files whose content depends on it change."""
    spec = tmp_path / "spec"
    shutil.copytree(SEED, spec)
    page = spec / "kling-image-generation.md"
    text = page.read_text(encoding="utf-8")
    assert text.count("Positive text prompts cannot exceed 2500 characters.") == 1
    page.write_text(
        text.replace("Positive text prompts cannot exceed 2500", "Positive text prompts cannot exceed 2400")
    )
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = read_tree(out)
    pipeline.generate([spec], out)
    after = read_tree(out)
    changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    assert changed == [
        "CHANGELOG.md",
        "README.md",
        "kling_client/__init__.py",
        "kling_client/models/image_generation_request.py",
        "kling_client/resources/images.py",
        "openapi.augmented.yaml",
        "openapi.overlay.yaml",
        "pyproject.toml",
    ]
    assert len(changed) <= 8
    assert "prompt" in after["CHANGELOG.md"] and "2400" in after["kling_client/models/image_generation_request.py"]


def test_the_gate_refuses_code_that_does_not_compile_or_fails_ruff() -> None:
    from generator.write import GateFailure

    files = {
        "pyproject.toml": "[tool.ruff]\nline-length = 120\n[tool.ruff.lint]\nselect = ['E', 'F']\n",
        "pkg/__init__.py": "",
        "pkg/bad_lint.py": "value = undefined_name\n",  # F821: no fix can make it pass
    }
    for broken, line in (({"pkg/bad_syntax.py": "x = 1\ndef f(:\n    pass\n"}, 2), ({}, 1)):
        with pytest.raises(GateFailure) as caught:
            formatted_files({**files, **broken})
        first = caught.value.problems[0]
        assert (first.path, first.line) == (next(iter(broken), "pkg/bad_lint.py"), line)
        assert all("kling-format-" not in p.message and not p.path.startswith("/") for p in caught.value.problems)


def test_a_gate_failure_is_an_exit_at_the_spec_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import render

    real = render.render_client

    def broken(*args: object, **kwargs: object) -> render.Rendered:
        rendered = real(*args, **kwargs)  # type: ignore[arg-type]
        module = next(path for path in rendered.origins if path.endswith("image_generation_request.py"))
        rendered.files[module] += "\ndef (:\n"
        return rendered

    monkeypatch.setattr(render, "render_client", broken)
    out = tmp_path / "out"
    out.mkdir()
    stamped = "[tool.kling-codegen]\ninputs = 'old'\n"  # an earlier output of ours, to be kept as it is
    (out / "pyproject.toml").write_text(stamped, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        pipeline.generate([SEED], out)
    assert caught.value.location is not None and caught.value.location.file.endswith(".md")
    assert "image_generation_request.py" in str(caught.value) and "nothing was written" in str(caught.value)
    assert [p.name for p in out.iterdir()] == ["pyproject.toml"]
    assert (out / "pyproject.toml").read_text(encoding="utf-8") == stamped
