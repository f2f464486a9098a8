"""A fixed sample of the real-document corpus, in ``make test``: each one generates, imports, passes ``ruff
check`` and (all together) ``mypy --strict``; the documents no client can come from are refused with
``file:line``. The whole corpus, the large specs and the comparison with stock openapi-python-client run
in ``make corpus`` (``tests/corpus/harness.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.corpus import harness

SAMPLE = (
    "tests/corpus/classic/baseline_openapi_3.0.json",
    "tests/corpus/classic/baseline_openapi_3.1.yaml",
    "tests/corpus/classic/oai-v3.0-petstore-expanded.yaml",
    "tests/corpus/classic/oai-v3.0-uspto.yaml",
    "tests/corpus/classic/oai-v3.1-tictactoe.yaml",
    "tests/corpus/classic/oai-v3.1-webhook-example.yaml",
    "tests/corpus/apifox/yijiarj/默认模块.openapi.json",
    "tests/corpus/apifox/moonshot/openapi.json",
    "tests/corpus/apifox/siliconflow/openapi.yml",
    "tests/corpus/apifox/kie/003-Seedream3.0 生成图像.md",
    "tests/corpus/apifox/kie/022-Grok Imagine 文生图.md",
    "tests/corpus/apifox/newapi/content--openai-image-edits.md",
    "tests/corpus/apifox/chainhub/Chat-compatible-format--create-chat-completion-non-streaming.md",
    "tests/corpus/apifox/chainhub/create-task-stability-aisdxl.md",
    "tests/corpus/apifox/chainhub/create-chat-authoring-graph-non-stream.md",
    "tests/corpus/apifox/chainhub/upscale.md",
    "tests/corpus/opc_functional/test_unions__1.yaml",
    "tests/corpus/opc_functional/test_enums_and_consts__1.yaml",
    "tests/corpus/opc_functional/test_properties__1.yaml",
    "tests/corpus/opc_functional/test_path_parameters__1.yaml",
)
# What no client can come from: (document, words its one-line error must contain).
REFUSED = (
    ("tests/corpus/opc_functional/failure_cases/test_invalid_spec_format__8.yaml", "Swagger 2.0"),
    ("tests/corpus/opc_functional/failure_cases/test_invalid_spec_format__1.yaml", "not a mapping"),
)
FILE_LINE = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+): ")


def _doc(relative: str) -> harness.Document:
    matches = [d for d in harness.documents() if d.relative == relative]
    assert matches, f"{relative} is not in SOURCES.yaml"
    return matches[0]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[harness.Outcome]]:
    scratch = tmp_path_factory.mktemp("corpus")
    docs = [_doc(r) for r in SAMPLE] + [_doc(r) for r, _ in REFUSED]
    return scratch, harness.run_all(docs, scratch, with_opc=False, jobs=2)


def test_every_sampled_document_generates_a_package_that_imports(
    outcomes: tuple[Path, list[harness.Outcome]],
) -> None:
    _, results = outcomes
    for outcome in results[: len(SAMPLE)]:
        name = outcome.document.relative
        assert outcome.generated, f"{name} was refused: {outcome.first_error}"
        assert outcome.imports is None, f"{name}: the package does not import: {outcome.imports}"
        assert outcome.ours_operations is not None and outcome.ours_operations >= 0
    # The baselines are openapi-python-client's own: every operation they describe becomes a method.
    baselines = [o for o in results if "baseline_openapi" in o.document.relative]
    assert all(o.ours_operations and o.ours_operations >= 45 and o.ours_skipped == 0 for o in baselines), [
        (o.document.relative, o.ours_operations, o.ours_skipped) for o in baselines
    ]


def test_sampled_packages_pass_ruff_and_mypy_strict(outcomes: tuple[Path, list[harness.Outcome]]) -> None:
    scratch, results = outcomes
    built = [(scratch / f"d{i:03d}" / "out", harness.package_name(i)) for i, o in enumerate(results) if o.generated]
    assert len(built) == len(SAMPLE)
    for out, _ in built:
        assert harness.ruff_problems(out) == "", out
    assert harness.mypy_problems(built) == ""


def test_what_no_client_can_come_from_is_refused_with_file_and_line(
    outcomes: tuple[Path, list[harness.Outcome]],
) -> None:
    _, results = outcomes
    for outcome, (relative, words) in zip(results[len(SAMPLE) :], REFUSED, strict=True):
        assert outcome.ours.returncode == 2, relative
        assert "Traceback" not in outcome.ours.stderr
        first = outcome.ours.stderr.splitlines()[0]
        match = FILE_LINE.match(first)
        assert match and match["file"] == relative and int(match["line"]) >= 1, first
        assert words in first


def test_the_corpus_is_what_the_issues_ask_for() -> None:
    docs = harness.documents()
    apifox = [d for d in docs if d.kind.startswith("apifox")]
    large = [d for d in docs if d.large]
    assert len(apifox) >= 60
    assert len(large) >= 8 and sum(1 for d in large if d.openapi.startswith("3.1")) >= 3
    assert all(d.size >= 1_000_000 or d.operations >= 150 for d in large)
    names = {d.relative for d in docs}
    assert {"tests/corpus/classic/baseline_openapi_3.0.json", "tests/corpus/classic/baseline_openapi_3.1.yaml"} <= names
